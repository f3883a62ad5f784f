#!/usr/bin/python3
"""Write a compile_commands.json for a driver source directory (e.g. an example).

Usage: tools/gen_compile_commands.py DIR [-o OUTDIR] [--style clang|cl]
                                     [-I DIR]... [-D NAME[=VALUE]]...

compile_commands.json needs absolute paths, which cannot be committed, so the
examples carry a portable compile_flags.txt (one flag per line, paths relative
to that directory, the format clangd also reads) and this script turns it into
a compilation database for `ndis-check -p OUTDIR`.

Styles:
  clang  "arguments" lists for clang-19 (the default):
           clang-19 --target=... -I/abs/include -DX=1 -c /abs/file.c
  cl     "command" strings the way MSBuild exports them, for testing that
         ndis-check understands clang-cl command lines:
           cl.exe /nologo /c /W4 /kernel /I/abs/include /DX=1 /Tc/abs/file.c
         (/Tc names the C source explicitly: a bare absolute Unix path such as
         /work/... would otherwise parse as cl's /wo option.)

The output goes to OUTDIR/compile_commands.json (default:
<repo>/build/examples/<name of DIR>/); "directory" is DIR itself.
"""

import argparse
import glob
import json
import os
import shlex
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MSVC_FLAGS = ["--target=x86_64-pc-windows-msvc", "-fms-extensions",
              "-fms-compatibility"]


def read_compile_flags(src_dir):
    """Returns the flags of src_dir/compile_flags.txt with absolute -I paths,
    or defaults (MSVC target, runtime/include) when there is none."""
    path = os.path.join(src_dir, "compile_flags.txt")
    if not os.path.isfile(path):
        return MSVC_FLAGS + ["-I" + os.path.join(ROOT, "runtime", "include")]
    flags = []
    with open(path, encoding="utf-8") as f:
        lines = [line.strip() for line in f]
    it = iter(line for line in lines if line and not line.startswith("#"))
    for flag in it:
        if flag in ("-I", "-isystem"):
            flag += next(it, "")
        for prefix in ("-I", "-isystem"):
            if flag.startswith(prefix) and len(flag) > len(prefix):
                inc = flag[len(prefix):]
                flag = prefix + os.path.normpath(os.path.join(src_dir, inc))
                break
        flags.append(flag)
    return flags


def clang_entry(src_dir, src, flags):
    return {
        "directory": src_dir,
        "file": src,
        "arguments": ["clang-19"] + flags + ["-c", src, "-o",
                                             os.path.splitext(src)[0] + ".obj"],
    }


def to_cl_flag(flag):
    """Translates one clang flag to its cl spelling; None drops it (the
    target and MS modes are implied by cl's driver mode)."""
    if flag in MSVC_FLAGS or flag.startswith("--target="):
        return None
    for gnu, cl in (("-isystem", "/external:I"), ("-I", "/I"), ("-D", "/D"),
                    ("-U", "/U")):
        if flag.startswith(gnu):
            return cl + flag[len(gnu):]
    return flag  # clang-cl also accepts most GNU-style flags as they are


def cl_entry(src_dir, src, flags):
    cl_flags = [f for f in map(to_cl_flag, flags) if f]
    args = (["cl.exe", "/nologo", "/c", "/W4", "/kernel", "/Gz", "/GS-",
             "/Zc:wchar_t"] + cl_flags +
            ["/Fo" + os.path.splitext(src)[0] + ".obj", "/Tc" + src])
    return {"directory": src_dir, "file": src, "command": shlex.join(args)}


def generate(src_dir, style="clang", extra=()):
    """Returns the compilation database (a list) for every *.c in src_dir."""
    src_dir = os.path.abspath(src_dir)
    flags = read_compile_flags(src_dir) + list(extra)
    sources = sorted(glob.glob(os.path.join(src_dir, "*.c")))
    make = cl_entry if style == "cl" else clang_entry
    return [make(src_dir, src, flags) for src in sources]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="directory with the driver's .c files")
    ap.add_argument("-o", "--out-dir", help="where compile_commands.json goes")
    ap.add_argument("--style", choices=("clang", "cl"), default="clang")
    ap.add_argument("-I", dest="includes", action="append", default=[],
                    help="extra include directory")
    ap.add_argument("-D", dest="defines", action="append", default=[],
                    help="extra macro definition")
    args = ap.parse_args(argv)

    if not os.path.isdir(args.dir):
        print(f"gen_compile_commands: no such directory: {args.dir}", file=sys.stderr)
        return 2
    extra = (["-I" + os.path.abspath(i) for i in args.includes] +
             ["-D" + d for d in args.defines])
    db = generate(args.dir, args.style, extra)
    if not db:
        print(f"gen_compile_commands: no .c files in {args.dir}", file=sys.stderr)
        return 2
    name = os.path.basename(os.path.normpath(os.path.abspath(args.dir)))
    out_dir = args.out_dir or os.path.join(ROOT, "build", "examples", name)
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, "compile_commands.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(db, f, indent=2)
        f.write("\n")
    print(f"wrote {out} ({len(db)} files, {args.style} style)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

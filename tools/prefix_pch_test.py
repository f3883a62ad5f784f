#!/usr/bin/python3
"""The precompiled header prefix changes nothing: byte-identical results.

Usage: tools/prefix_pch_test.py --checker NDIS_CHECK [DIR ...]

DIR: a driver directory (default: every testcase under testcases/ and every
example under examples/); its flags.txt, if any, and -I runtime/include give
the flags, as tools/run_corpus.py does. For every .c file, the summary that
--summarize writes with --prefix-pch=always (the file's #include lines
precompiled, even alone) must be byte-identical to the one with
--prefix-pch=off; and for every directory the whole run's report, stderr and
exit code, with --prefix-pch=always and off. A file that starts with an
#include must have been parsed with the prefix (else this test would prove
nothing about it): --prefix-pch-log says so. Last, the multi-file example
through an MSBuild-style cl.exe database: its files share one prefix, with
the same report. Exit 0 when all hold.
"""

import argparse
import glob
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from run_corpus import read_flags  # noqa: E402

RUNTIME_INCLUDE = os.path.join(REPO, "runtime", "include")
USED = "parsed with the prefix"
NO_INCLUDE = "no prefix: it does not start with #include"


def driver_dirs():
    dirs = []
    for pattern in ("testcases/*/*", "examples/*"):
        for d in sorted(glob.glob(os.path.join(REPO, pattern))):
            name = os.path.basename(d)
            if (os.path.isdir(d) and not name.startswith(("_", "."))
                    and "/_" not in os.path.relpath(d, REPO)
                    and glob.glob(os.path.join(d, "*.c"))):
                dirs.append(d)
    return dirs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--checker", required=True)
    ap.add_argument("dirs", nargs="*")
    args = ap.parse_args()
    args.checker = os.path.abspath(args.checker)
    dirs = args.dirs or driver_dirs()
    failures, used, files = [], 0, 0
    with tempfile.TemporaryDirectory(prefix="ndischeck-prefix-") as work:
        for d in dirs:
            flags = read_flags(os.path.join(d, "flags.txt")) + ["-I",
                                                              RUNTIME_INCLUDE]
            sources = sorted(glob.glob(os.path.join(d, "*.c")))
            name = os.path.relpath(d, REPO)
            for src in sources:
                files += 1
                out = {}
                for mode in ("off", "always"):
                    out[mode] = os.path.join(work, f"{mode}.ndis")
                    p = subprocess.run(
                        [args.checker, "--no-cache", "--summarize", src, "-o",
                         out[mode], f"--prefix-pch={mode}", "--prefix-pch-log",
                         "--"] + flags, cwd=d, capture_output=True, text=True)
                    if p.returncode != 0:
                        failures.append(f"{src}: --summarize exited "
                                        f"{p.returncode}: {p.stderr.strip()}")
                        break
                    log = p.stderr
                else:
                    with open(out["off"], "rb") as a, open(out["always"], "rb") as b:
                        if a.read() != b.read():
                            failures.append(f"{src}: another summary with the "
                                            "prefix precompiled")
                    if USED in log:
                        used += 1
                    elif NO_INCLUDE not in log:
                        failures.append(f"{src}: prefix not used: {log.strip()}")
            runs = {}
            for mode in ("off", "always"):
                p = subprocess.run([args.checker, "--no-cache",
                                    f"--prefix-pch={mode}"] + sources + ["--"]
                                   + flags, cwd=d, capture_output=True, text=True)
                runs[mode] = (p.returncode, p.stdout, p.stderr)
            if runs["off"] != runs["always"]:
                failures.append(f"{name}: another report with the prefix "
                                "precompiled")
            print(f"{'ok  ' if not failures else '... '} {name}", flush=True)
        # MSBuild's cl.exe command lines name each file's own object
        # (/Fo) and source (/Tc<file>): the files still form one group.
        example = os.path.join(REPO, "examples", "ndis6-multifile")
        cdb = os.path.join(work, "cdb-cl")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_compile_commands.py"),
                        example, "--style", "cl", "-o", cdb], check=True,
                       capture_output=True)
        runs = {}
        for mode in ("off", "always"):
            p = subprocess.run([args.checker, "--no-cache", "-p", cdb,
                                f"--prefix-pch={mode}", "--prefix-pch-log"],
                               capture_output=True, text=True)
            log = [l for l in p.stderr.splitlines() if l.startswith("prefix-pch:")]
            rest = [l for l in p.stderr.splitlines() if l not in log]
            runs[mode] = (p.returncode, p.stdout, rest, log)
        if runs["off"][:3] != runs["always"][:3]:
            failures.append("cl.exe database: another report with the prefix")
        shared = [l for l in runs["always"][3] if "shared by 3 files" in l]
        if len(shared) != 3:
            failures.append("cl.exe database: the three files did not share "
                            f"one prefix: {runs['always'][3]}")
        print(f"{'ok  ' if not failures else '... '} cl.exe-style database")
    for f in failures:
        print("FAIL", f)
    print(f"{files} files, {used} parsed with a precompiled prefix; "
          f"{len(failures)} failures")
    if used == 0:
        print("FAIL: no file was parsed with a precompiled prefix")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

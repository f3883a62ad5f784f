#!/usr/bin/python3
"""The precompiled header prefix is used only where it changes nothing.

Usage: prefix_pch_safety_test.py NDIS_CHECK RUNTIME_INCLUDE

Small drivers of four files that start with the same #include, each with a header
of another kind: include-guarded, #pragma once, a precomp.h without a guard
that only includes guarded headers (used), and headers whose second reading
would declare something, define a macro or run a pragma (not used, and
--prefix-pch-log says why). In every case the report is the same with the
prefix precompiled (--prefix-pch=auto) and without (off). Last, the
prefix is used however the files are named: absolute or relative to the
working directory, with -p or with flags after --. Exit 0 when all hold.
"""

import json
import os
import subprocess
import sys
import tempfile

MAIN = """#include "{header}"
#define NDIS51_MINIPORT 1
static NDIS_PHYSICAL_ADDRESS Max = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);
VOID {name}(VOID)
{{
    PVOID P;
    if (NdisAllocateMemoryWithTag(&P, 16, 0) == NDIS_STATUS_SUCCESS) // tag 0
        NdisFreeMemory(P, 16, 0);
}}
"""

GUARDED = "#ifndef COMMON_H\n#define COMMON_H\n#include <ndis.h>\n#endif\n"
HEADERS = {
    # name: (content, expected log text)
    "guarded.h": (GUARDED, "parsed with the prefix"),
    "once.h": ("#pragma once\n#include <ndis.h>\nint Shared;\n",
               "parsed with the prefix"),
    "precomp.h": ("#pragma warning(disable:4201)\n#include \"common.h\"\n"
                  "#include <ndis.h>\n", "parsed with the prefix"),
    "declares.h": ("#include <ndis.h>\nextern int Counter;\n",
                   "reading the prefix again declares something"),
    "defines.h": ("#include <ndis.h>\n#define DRIVER_TAG 'vrdD'\n",
                  "reading the prefix again defines a macro"),
    "packs.h": ("#include <ndis.h>\n#pragma pack(push, 1)\n",
                "reading the prefix again runs a pragma"),
}


def main():
    checker, include = sys.argv[1:3]
    failures = []
    with tempfile.TemporaryDirectory(prefix="ndischeck-prefix-safety-") as d:
        with open(os.path.join(d, "common.h"), "w") as f:
            f.write(GUARDED)
        for header, (content, expected) in HEADERS.items():
            case = os.path.join(d, header.replace(".h", ""))
            os.makedirs(case)
            with open(os.path.join(case, header), "w") as f:
                f.write(content)
            with open(os.path.join(case, "common.h"), "w") as f:
                f.write(GUARDED)
            sources = []
            # Four files: --prefix-pch=auto precompiles for four or more.
            for name in ("One", "Two", "Three", "Four"):
                src = os.path.join(case, name.lower() + ".c")
                with open(src, "w") as f:
                    f.write(MAIN.format(header=header, name=name))
                sources.append(src)
            runs = {}
            for mode in ("off", "auto"):
                p = subprocess.run([checker, "--no-cache", "-j1",
                                    f"--prefix-pch={mode}", "--prefix-pch-log"]
                                   + sources + ["--", "-I" + include],
                                   capture_output=True, text=True)
                log = [l for l in p.stderr.splitlines()
                       if l.startswith("prefix-pch: ")]
                rest = [l for l in p.stderr.splitlines() if l not in log]
                runs[mode] = (p.returncode, p.stdout, rest, log)
            ok = runs["off"][:3] == runs["auto"][:3]
            said = all(expected in l for l in runs["auto"][3]) and runs["auto"][3]
            print(f"{'ok  ' if ok and said else 'FAIL'} {header}: "
                  f"{runs['auto'][3][0] if runs['auto'][3] else 'no log'}")
            if not ok:
                failures.append(f"{header}: another report with the prefix")
            if not said:
                failures.append(f"{header}: expected '{expected}' for every "
                                f"file, got {runs['auto'][3]}")
            if "[ndis-tag]" not in runs["auto"][1]:
                failures.append(f"{header}: the tag finding is missing")
        failures += relative_names(checker, include, d)
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


def relative_names(checker, include, d):
    """The files of one case named as a user in its directory names them."""
    case = os.path.join(d, "names")
    os.makedirs(case)
    with open(os.path.join(case, "guarded.h"), "w") as f:
        f.write(GUARDED)
    names = []
    for name in ("One", "Two", "Three", "Four"):
        names.append(name.lower() + ".c")
        with open(os.path.join(case, names[-1]), "w") as f:
            f.write(MAIN.format(header="guarded.h", name=name))
    flags = ["-I" + include]
    with open(os.path.join(case, "compile_commands.json"), "w") as f:
        json.dump([{"directory": case, "file": n,
                    "arguments": ["clang", "-c"] + flags + [n]}
                   for n in names], f)
    ways = {
        "relative names, -p": ["-p", "."] + names,
        "relative names, flags after --": names + ["--"] + flags,
        "absolute names, -p": ["-p", case] + [os.path.join(case, n)
                                              for n in names],
        "-p alone": ["-p", "."],
    }
    failures = []
    for way, args in ways.items():
        p = subprocess.run([checker, "--no-cache", "-j1", "--prefix-pch-log"]
                           + args, cwd=case, capture_output=True, text=True)
        log = [l for l in p.stderr.splitlines() if l.startswith("prefix-pch: ")]
        used = len(log) == 4 and all("parsed with the prefix" in l
                                     for l in log)
        print(f"{'ok  ' if used else 'FAIL'} {way}: "
              f"{log[0] if log else 'no log'}")
        if not used:
            failures.append(f"{way}: the prefix is not used: {log}")
        off = subprocess.run([checker, "--no-cache", "-j1", "--prefix-pch=off"]
                             + args, cwd=case, capture_output=True, text=True)
        if (off.returncode, off.stdout) != (p.returncode, p.stdout):
            failures.append(f"{way}: another report with the prefix")
        if "[ndis-tag]" not in p.stdout:
            failures.append(f"{way}: the tag finding is missing")
    return failures


if __name__ == "__main__":
    sys.exit(main())

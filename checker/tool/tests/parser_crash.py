#!/usr/bin/env python3
"""A translation unit that crashes Clang's parser fails alone.

usage: parser_crash.py NDIS_CHECK INCLUDE_DIR OTHER_SOURCE [DEPTH]

deep.c nests DEPTH ifs (with -fbracket-depth raised to allow it), which
overflows the parser's stack: stock clang crashes on it. With -j1 and -j2 the
run must report deep.c as failed, exit 3, and still report OTHER_SOURCE's
findings.
"""
import os
import subprocess
import sys
import tempfile


def main():
    checker, inc, other = (os.path.abspath(a) for a in sys.argv[1:4])
    depth = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
    problems = 0
    with tempfile.TemporaryDirectory() as t:
        deep = os.path.join(t, "deep.c")
        with open(deep, "w") as f:
            f.write("#include <ndis.h>\nvoid Work(ULONG x) {\n")
            f.write("".join("if (x > %d) {\n" % i for i in range(depth)))
            f.write("  x++;\n" + "}\n" * depth + "}\n")
        for jobs in ("-j1", "-j2"):
            r = subprocess.run(
                [checker, "--no-cache", "--no-progress", jobs, deep, other,
                 "--", "-I" + inc, "-fbracket-depth=%d" % (2 * depth)],
                capture_output=True, text=True, timeout=600,
                # Recovery abandons the crashed file's memory (by design);
                # LeakSanitizer must not count it against the run.
                env=dict(os.environ, ASAN_OPTIONS=os.environ.get(
                    "ASAN_OPTIONS", "") + ":detect_leaks=0"))
            ok = (r.returncode == 3 and "[ndis-leak]" in r.stdout
                  and "deep.c: error: does not parse: clang crashed"
                  in r.stdout)
            print(("ok:   " if ok else "FAIL: ") + jobs +
                  ": exit 3, deep.c reported as crashed, the other file's "
                  "finding reported")
            if not ok:
                problems += 1
                print("  exit %d\n  stdout: %s\n  stderr: %s" % (
                    r.returncode, r.stdout[-2000:], r.stderr[-2000:]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

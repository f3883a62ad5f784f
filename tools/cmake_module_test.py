#!/usr/bin/python3
"""ndischeck_add_driver (cmake/NdisCheck.cmake) on examples/cmake, with Ninja.

Usage: tools/cmake_module_test.py --checker NDIS_CHECK --clang CLANG
                                  [--cmake CMAKE] [--ninja NINJA]

Configures the example project on a copy of its driver sources, builds the
check target and demands:
  - one summary action per source, and the link's report (SARIF, written by
    the check target) byte-identical to `ndis-check -p BUILD`'s;
  - `ndis-check --link` on the summaries exits as the -p run does and prints
    the same text report;
  - incremental builds: nothing re-runs when nothing changed (also after a
    re-configure), one summary after one source changed, all of them after
    the header they share, the flags or ndis-check changed.
Exit 0 when all hold, 1 otherwise (each failure is printed).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECK_TARGET = "ndis6_miniport_ndischeck"
failures = []


def expect(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, **kw)


def build(args, build_dir):
    """Builds the check target; returns (exit code, summarised file names)."""
    p = run([args.ninja, "-C", build_dir, "-j2", CHECK_TARGET])
    summarised = sorted(re.findall(r"ndis-check: summarising \S*/(\w+\.c)",
                                   p.stdout))
    return p.returncode, summarised, p.stdout


def touch_later(path):
    """A new mtime, later than every output so far even on a file system
    that keeps whole seconds (not in the future: Ninja would see the outputs
    built from it as older than their input for ever)."""
    time.sleep(1.1)
    os.utime(path, None)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--checker", required=True)
    ap.add_argument("--clang", required=True)
    ap.add_argument("--cmake", default="cmake")
    ap.add_argument("--ninja", default="ninja")
    args = ap.parse_args()
    if not shutil.which(args.ninja):
        print(f"no {args.ninja}: skipped")
        return 77

    work = tempfile.mkdtemp(prefix="ndischeck-cmake-")
    try:
        src = os.path.join(work, "src")
        shutil.copytree(os.path.join(ROOT, "examples", "ndis6-multifile"), src)
        build_dir = os.path.join(work, "build")
        linked = os.path.join(work, "linked.sarif")

        # A copy of the checker: touching it shows a new ndis-check re-runs
        # every summary.
        checker = os.path.join(work, "ndis-check")
        shutil.copy2(args.checker, checker)

        def configure(fmt, defines=""):
            p = run([args.cmake, "-S", os.path.join(ROOT, "examples", "cmake"),
                     "-B", build_dir, "-G", "Ninja",
                     f"-DCMAKE_MAKE_PROGRAM={shutil.which(args.ninja)}",
                     f"-DCMAKE_C_COMPILER={args.clang}",
                     f"-DNDISCHECK_EXECUTABLE={checker}",
                     f"-DEXAMPLE_SOURCES={src}", f"-DEXAMPLE_FORMAT={fmt}",
                     f"-DEXAMPLE_DEFINES={defines}",
                     f"-DEXAMPLE_REPORT={linked}"])
            if p.returncode != 0:
                print(p.stdout)
            return p.returncode == 0

        if not configure("sarif"):
            expect(False, "the example project configures")
            return 1
        rc, summarised, out = build(args, build_dir)
        expect(summarised == ["driver.c", "helpers.c", "init.c"],
               f"one summary action per source (ran: {summarised})")
        expect(rc != 0, "the check target fails on findings")

        whole = os.path.join(work, "whole.sarif")
        p = run([args.checker, "-p", build_dir, "--no-cache", "--format",
                 "sarif", "-o", whole, "--src-root",
                 os.path.join(ROOT, "examples", "cmake")])
        expect(p.returncode == 1, f"-p run exits 1 on findings (got {p.returncode})")
        with open(whole, "rb") as a, open(linked, "rb") as b:
            expect(a.read() == b.read(),
                   "the check target's SARIF report equals the -p run's")

        summaries = []
        for d, _, files in os.walk(os.path.join(build_dir, "ndischeck")):
            summaries += [os.path.join(d, f) for f in files if f.endswith(".ndis")]
        text_link = run([args.checker, "--link"] + sorted(summaries))
        text_whole = run([args.checker, "-p", build_dir, "--no-cache"])
        expect(text_link.returncode == text_whole.returncode,
               f"--link exits as -p does ({text_link.returncode} vs "
               f"{text_whole.returncode})")
        expect(text_link.stdout == text_whole.stdout,
               "--link prints the -p run's text report")

        rc, summarised, _ = build(args, build_dir)
        expect(summarised == [], f"nothing changed, nothing re-run ({summarised})")
        touch_later(os.path.join(src, "helpers.c"))
        rc, summarised, _ = build(args, build_dir)
        expect(summarised == ["helpers.c"],
               f"a changed source re-runs its summary only ({summarised})")
        touch_later(os.path.join(src, "miniport.h"))
        rc, summarised, _ = build(args, build_dir)
        expect(summarised == ["driver.c", "helpers.c", "init.c"],
               f"a changed header re-runs the summaries including it ({summarised})")
        configure("json")
        rc, summarised, _ = build(args, build_dir)
        expect(summarised == [],
               f"a re-configure with the same flags re-runs no summary ({summarised})")
        configure("json", "EXTRA_FLAG=1")
        rc, summarised, _ = build(args, build_dir)
        expect(summarised == ["driver.c", "helpers.c", "init.c"],
               f"other flags re-run every summary ({summarised})")
        touch_later(checker)
        rc, summarised, _ = build(args, build_dir)
        expect(summarised == ["driver.c", "helpers.c", "init.c"],
               f"a new ndis-check re-runs every summary ({summarised})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(failures)} failed" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""The summary cache costs a large translation unit no extra memory.

Usage: cache_memory_test.py NDIS_CHECK RUNTIME_INCLUDE [LINES]

One generated TU (tools/gen_driver.py, LINES lines in one file, default
200000: about 6 MB of C) is analysed three times: with --no-cache, with an
empty cache (the run writes the entry) and with that cache (the run reads
it). Writing the entry may cost at most CACHE_WRITE_MAX times the peak
memory of --no-cache, reading it at most CACHE_READ_MAX times: the entry is
encoded and decoded as a stream, never as a document in memory next to the
summary. All three runs must report the same.
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools"))
import gen_driver  # noqa: E402

CACHE_WRITE_MAX = 1.25
CACHE_READ_MAX = 1.0
FLAGS = ["--target=x86_64-pc-windows-msvc", "-fms-extensions",
         "-fms-compatibility"]


def run(cmd):
    """Runs cmd; returns (exit code, stdout, peak RSS in KiB)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), out, usage.ru_maxrss


def main():
    checker, include = sys.argv[1:3]
    lines = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
    work = tempfile.mkdtemp(prefix="ndischeck-cachemem-")
    try:
        gen = os.path.join(work, "gen")
        files = gen_driver.generate(gen, lines, 1, 1)
        # Files modified while a run goes on are not cached: make them old.
        for f in os.listdir(gen):
            os.utime(os.path.join(gen, f), (1e9, 1e9))
        big = [f for f in files if f.endswith("mod_00.c")]
        cache = os.path.join(work, "cache")
        base = [checker, "-j1", "--no-progress"]
        tail = big + ["--", "-I" + include] + FLAGS
        runs = {}
        for name, opts in (("no-cache", ["--no-cache"]),
                           ("cache write", ["--cache-dir", cache]),
                           ("cache read", ["--cache-dir", cache])):
            runs[name] = run(base + opts + tail)
            rc, _, rss = runs[name]
            print(f"{name:<12} exit {rc}  peak {rss // 1024} MiB")
        ok = True
        ref_rc, ref_out, ref_rss = runs["no-cache"]
        if ref_rc not in (0, 1):
            print(f"FAIL: --no-cache exited {ref_rc}")
            return 1
        for name, limit in (("cache write", CACHE_WRITE_MAX),
                            ("cache read", CACHE_READ_MAX)):
            rc, out, rss = runs[name]
            ratio = rss / ref_rss
            if (rc, out) != (ref_rc, ref_out):
                print(f"FAIL: the {name} run reports otherwise than --no-cache")
                ok = False
            if ratio > limit:
                print(f"FAIL: the {name} run peaks at {ratio:.2f}x the memory "
                      f"of --no-cache (at most {limit}x)")
                ok = False
            else:
                print(f"ok: {name} at {ratio:.2f}x the memory of --no-cache "
                      f"(at most {limit}x)")
        if not glob.glob(os.path.join(cache, "*", "*.ndis")):
            print("FAIL: nothing was cached")
            ok = False
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Benchmark ndis-check against plain clang parsing, in one run.

Usage: tools/bench.py [--checker PATH] [--clang PATH] [--runs N]
                      [--size small|medium|large|LINES] [--seed N] [--jobs N]
                      [--json OUT.json] [--keep DIR]

For two inputs, every .c under testcases/ and a synthetic driver that
tools/gen_driver.py writes to a temp dir (never committed), it measures:

  clang          clang-19 -fsyntax-only FLAGS FILES   (the floor: parsing only)
  no-cache       ndis-check --no-cache FILES -- FLAGS (parse + analyse + link)
  cached         ndis-check --cache-dir D FILES -- FLAGS, unchanged sources,
                 after one warm-up run that fills the summary cache

Each is run --runs times (default 3); the table shows the best wall time and
the largest peak RSS (ru_maxrss of the child and its descendants, from
wait4), with both as ratios to clang. ndis-check exit codes 0 (no findings)
and 1 (findings) count as success; anything else fails the benchmark.
FLAGS = --target=x86_64-pc-windows-msvc -fms-extensions -fms-compatibility
-I runtime/include. Exit: 0 ok, 1 a command failed, 2 usage.
"""

import argparse
import glob
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen_driver  # noqa: E402  (tools/gen_driver.py)

FLAGS = ["--target=x86_64-pc-windows-msvc", "-fms-extensions",
         "-fms-compatibility", "-I" + os.path.join(ROOT, "runtime", "include")]


class CommandFailed(Exception):
    pass


def measure(cmd, ok_codes=(0,)):
    """Runs cmd once; returns (wall seconds, peak RSS in KiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait4 gives this child's own rusage: ru_maxrss is the peak of the child
    # and of the descendants it waited for (clang's cc1, say).
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode not in ok_codes:
        tail = stderr.decode(errors="replace")[-3000:]
        raise CommandFailed(f"exit {proc.returncode}: {' '.join(cmd)}\n{tail}")
    return wall, usage.ru_maxrss


def best_of(cmd, runs, ok_codes=(0,)):
    samples = [measure(cmd, ok_codes) for _ in range(runs)]
    return {
        "command": cmd,
        "times_s": [round(t, 4) for t, _ in samples],
        "time_s": round(min(t for t, _ in samples), 4),
        "max_rss_kib": max(r for _, r in samples),
    }


def count_lines(files):
    total = 0
    for path in files:
        with open(path, "rb") as f:
            total += sum(1 for _ in f)
    return total


def bench_input(name, files, args, work):
    """Measures the three commands on one input; returns its JSON record."""
    checker_opts = ["-j", str(args.jobs)] if args.jobs else []
    cache = os.path.join(work, f"cache-{name}")
    found = (0, 1)  # ndis-check: no findings / findings
    cmds = {
        "clang": [args.clang, "-fsyntax-only"] + FLAGS + files,
        "no-cache": [args.checker, "--no-cache"] + checker_opts + files + ["--"] + FLAGS,
        "cached": [args.checker, "--cache-dir", cache] + checker_opts + files + ["--"] + FLAGS,
    }
    results = {"clang": best_of(cmds["clang"], args.runs)}
    results["no-cache"] = best_of(cmds["no-cache"], args.runs, found)
    measure(cmds["cached"], found)  # warm-up: fills the summary cache
    results["cached"] = best_of(cmds["cached"], args.runs, found)
    base = results["clang"]
    for r in results.values():
        r["time_ratio"] = round(r["time_s"] / base["time_s"], 3) if base["time_s"] else None
        r["rss_ratio"] = (round(r["max_rss_kib"] / base["max_rss_kib"], 3)
                          if base["max_rss_kib"] else None)
    return {"input": name, "files": len(files), "lines": count_lines(files),
            "results": results}


def print_table(records, runs):
    labels = {"clang": "clang -fsyntax-only", "no-cache": "ndis-check --no-cache",
              "cached": "ndis-check, warm cache"}
    head = (f"{'input':<12} {'files':>5} {'lines':>7}  {'command':<24}"
            f" {'best s':>8} {'x clang':>8} {'peak MiB':>9} {'x clang':>8}")
    print(f"\nbest wall time of {runs} run(s); peak RSS over the runs")
    print(head)
    print("-" * len(head))
    for rec in records:
        first = True
        for key, r in rec["results"].items():
            lead = (f"{rec['input']:<12} {rec['files']:>5} {rec['lines']:>7}" if first
                    else " " * 26)
            first = False
            print(f"{lead}  {labels[key]:<24} {r['time_s']:>8.3f} {r['time_ratio']:>7.2f}x"
                  f" {r['max_rss_kib'] / 1024:>9.1f} {r['rss_ratio']:>7.2f}x")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--checker", default=os.path.join(ROOT, "build", "checker", "tool",
                                                      "ndis-check"))
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--size", type=gen_driver.parse_size, default=gen_driver.SIZES["medium"],
                    help="generated driver: small, medium (default), large or a line count")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, help="pass -j N to ndis-check")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--keep", help="generate into this dir and keep it (and the caches)")
    args = ap.parse_args(argv)

    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if not (os.path.isfile(args.checker) and os.access(args.checker, os.X_OK)):
        print(f"bench: no ndis-check at {args.checker} (build it, or pass --checker)")
        return 2
    if not shutil.which(args.clang):
        print(f"bench: {args.clang} not found (pass --clang)")
        return 2

    work = args.keep or tempfile.mkdtemp(prefix="ndis-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        inputs = []
        # Cases with their own flags (another header set) cannot share one
        # command line with the others; they are left out of the timing.
        testcases = sorted(
            f for f in glob.glob(os.path.join(ROOT, "testcases", "**", "*.c"),
                                 recursive=True)
            if not os.path.exists(os.path.join(os.path.dirname(f), "flags.txt")))
        if testcases:
            inputs.append(("testcases", testcases))
        else:
            print("bench: no testcases/**/*.c yet; benchmarking the generated driver only")
        gen_dir = os.path.join(work, "generated")
        shutil.rmtree(gen_dir, ignore_errors=True)
        inputs.append(("generated", gen_driver.generate(gen_dir, args.size, args.seed)))

        records = []
        for name, files in inputs:
            print(f"bench: {name}: {len(files)} files ...", flush=True)
            records.append(bench_input(name, files, args, work))
    except CommandFailed as e:
        print(f"bench: command failed, {e}")
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print_table(records, args.runs)
    if args.json:
        out = {"runs": args.runs, "size_lines": args.size, "seed": args.seed,
               "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
               "checker": os.path.abspath(args.checker), "clang": args.clang,
               "inputs": records}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)
            f.write("\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Validate ndis-check's SARIF for every testcase with the SARIF Multitool.

Runs `ndis-check --format sarif` once per testcase directory of the corpus
(testcases/<topic>/<case>/, all its .c files as one driver, its flags.txt
honoured) from the repository root, so URIs are relative to %SRCROOT%, then
validates all the logs with Microsoft's Sarif.Multitool in two batched
invocations: its default SARIF rules, and GitHub code scanning's ingestion
rules added (--rule-kind "Sarif;Gh"). Batching matters: the Multitool is a
.NET program with ~2 s of start-up, and the corpus has dozens of testcases.

The Multitool exits 0 even when it reports problems, so its output is read:
any "error" or "warning" line fails the test (as in tools/sarif_multitool.sh).
Exit: 0 valid, 1 invalid or checker failure, 77 Multitool not installed
(tools/setup.sh installs it).
"""
import argparse
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_MT = os.path.join(ROOT, "tools/.sarif/multitool/node_modules/@microsoft/"
                          "sarif-multitool-linux/Sarif.Multitool")
PROBLEM = re.compile(r": (error|warning) [A-Z]+[0-9]+:")


def flags_of(case):
    path = os.path.join(case, "flags.txt")
    flags = []
    if os.path.exists(path):
        for line in open(path):
            line = line.split("#", 1)[0].replace("$REPO", ROOT).replace("$TESTCASE", case)
            flags += shlex.split(line)
    return flags


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checker", required=True)
    p.add_argument("--outdir", required=True)
    args = p.parse_args()
    mt = os.environ.get("MULTITOOL", DEFAULT_MT)
    if not os.access(mt, os.X_OK):
        print("SKIP: SARIF Multitool not installed at %s (run tools/setup.sh)" % mt)
        return 77
    os.makedirs(args.outdir, exist_ok=True)

    jobs = []
    tdir = os.path.join(ROOT, "testcases")
    for topic in sorted(os.listdir(tdir)):
        if topic.startswith(("_", ".")) or not os.path.isdir(os.path.join(tdir, topic)):
            continue
        for name in sorted(os.listdir(os.path.join(tdir, topic))):
            case = os.path.join(tdir, topic, name)
            if name.startswith(("_", ".")) or not os.path.isdir(case):
                continue
            sources = sorted(os.path.relpath(os.path.join(case, f), ROOT)
                             for f in os.listdir(case) if f.endswith(".c"))
            if sources:
                jobs.append((topic, name, case, sources))

    def analyse(job):
        topic, name, case, sources = job
        log = os.path.join(os.path.abspath(args.outdir), "%s.%s.sarif" % (topic, name))
        cmd = [args.checker, "--no-cache", "--no-progress", "--format", "sarif", "-o", log,
               *sources, "--", *flags_of(case), "-I", os.path.join(ROOT, "runtime/include")]
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
        if r.returncode > 1 or not os.path.exists(log) or os.path.getsize(log) == 0:
            return None, "FAIL %s/%s: ndis-check exited %d\n%s" % (topic, name, r.returncode,
                                                                  r.stderr)
        return log, None

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        done = list(pool.map(analyse, jobs))
    for _, err in done:
        if err:
            print(err)
            return 1
    logs = [log for log, _ in done]
    print("%d SARIF logs in %s" % (len(logs), args.outdir))

    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1",
               DOTNET_CLI_TELEMETRY_OPTOUT="1")
    status = 0
    for kinds in (None, "Sarif;Gh"):
        cmd = [mt, "validate", *logs] + (["--rule-kind", kinds] if kinds else [])
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        out = r.stdout + r.stderr
        label = kinds or "default"
        if r.returncode != 0:
            print("[%s] Multitool failed to run (exit %d):\n%s" % (label, r.returncode, out[-2000:]))
            status = 1
            continue
        problems = [l for l in out.splitlines() if PROBLEM.search(l)]
        m = re.search(r"Done\. (\d+) files? scanned", out)
        scanned = int(m.group(1)) if m else -1
        if scanned != len(logs):
            problems.append("Multitool scanned %d of %d logs" % (scanned, len(logs)))
        for l in problems:
            print(l)
        print("[%s] %d logs: %s" % (label, len(logs),
                                    "INVALID (%d problems)" % len(problems) if problems else "valid"))
        status |= bool(problems)
    return status


if __name__ == "__main__":
    sys.exit(main())

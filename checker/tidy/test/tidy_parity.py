#!/usr/bin/python3
"""The clang-tidy plugin reports exactly what ndis-check reports.

For every testcase under --testcases made of a single .c file (the plugin sees
one translation unit; a driver split over files needs ndis-check's link
step), runs ndis-check and clang-tidy with the ndis-* checks on it and
compares the findings and their notes as (line, column, rule, message).
Prints one line per testcase and a summary; exits 1 on any difference.
"""
import argparse
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys

DIAG = re.compile(r"^(.*?):(\d+):(\d+): (error|warning|note): (.*?)(?: \[([a-z0-9-]+)\])?$")
MSVC = ["--target=x86_64-pc-windows-msvc", "-fms-extensions", "-fms-compatibility"]


def read_flags(case, repo):
    path = os.path.join(case, "flags.txt")
    flags = []
    if os.path.exists(path):
        for line in open(path):
            line = line.split("#", 1)[0].replace("$REPO", repo).replace("$TESTCASE", case)
            flags += shlex.split(line)
    return flags


def parse(out):
    """(line, col, kind, message, rule) of every diagnostic; notes keep the
    rule of the finding they belong to. Severity is the CLI's business:
    clang-tidy reports every check as a warning."""
    found, rule = [], None
    for text in out.splitlines():
        m = DIAG.match(text)
        if not m:
            continue
        _, line, col, kind, msg, r = m.groups()
        if kind != "note":
            rule = r
            kind = "finding"
        found.append((int(line), int(col), kind, msg, rule))
    return sorted(found)


def run_case(args, case, source):
    flags = read_flags(case, args.repo) + ["-I" + args.include]
    if not any(f.startswith("--target") or f == "-target" for f in flags):
        flags = MSVC + flags
    cli = subprocess.run([args.checker, "--no-cache", "--no-progress", source, "--"] + flags,
                         capture_output=True, text=True, timeout=300)
    tidy = subprocess.run([args.clang_tidy, "--load=" + args.plugin, "-checks=-*,ndis-*",
                           "--quiet", source, "--"] + flags,
                          capture_output=True, text=True, timeout=300)
    want, got = parse(cli.stdout), parse(tidy.stdout)
    problems = []
    if cli.returncode not in (0, 1):
        problems.append("ndis-check exited %d: %s" % (cli.returncode, cli.stderr.strip()[:300]))
    if tidy.returncode != 0:
        problems.append("clang-tidy exited %d: %s" % (tidy.returncode, tidy.stderr.strip()[:300]))
    for d in want:
        if d not in got:
            problems.append("only ndis-check: %d:%d %s %s [%s]" % d)
    for d in got:
        if d not in want:
            problems.append("only clang-tidy: %d:%d %s %s [%s]" % d)
    return case, len(want), problems


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--clang-tidy", required=True)
    p.add_argument("--plugin", required=True)
    p.add_argument("--checker", required=True)
    p.add_argument("--testcases", required=True)
    p.add_argument("--include", required=True)
    args = p.parse_args()
    args.testcases = os.path.abspath(args.testcases)
    args.repo = os.path.dirname(args.testcases)

    cases = []
    for topic in sorted(os.listdir(args.testcases)):
        tdir = os.path.join(args.testcases, topic)
        if topic.startswith(("_", ".")) or not os.path.isdir(tdir):
            continue
        for name in sorted(os.listdir(tdir)):
            case = os.path.join(tdir, name)
            if name.startswith(("_", ".")) or not os.path.isdir(case):
                continue
            sources = [f for f in os.listdir(case) if f.endswith(".c")]
            if len(sources) == 1:
                cases.append((case, os.path.join(case, sources[0])))
    if not cases:
        print("no single-file testcases")
        return 1

    failed = 0
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        for case, n, problems in pool.map(lambda c: run_case(args, *c), cases):
            rel = os.path.relpath(case, args.testcases)
            if problems:
                failed += 1
                print("FAIL %s" % rel)
                for pr in problems:
                    print("  " + pr)
            else:
                print("ok   %s (%d diagnostics)" % (rel, n))
    print("%d testcases, %d differ" % (len(cases), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

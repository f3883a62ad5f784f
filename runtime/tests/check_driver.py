#!/usr/bin/env python3
"""Run a test driver under the runtime and compare its violations with the
`// expect-rt: RULE[, RULE...]` markers of its source.

  check_driver.py DRIVER_EXE DRIVER_SOURCE

The driver runs twice: plainly (violations of the normal run only, which are
the markers without `walk-only`) and with --walk-failures (all markers). A
marker `// expect-rt: ndis-wrong-free walk-only` is a violation that only a
failing allocation exposes. Also checked: the report format, the summary
line, the exit status, that no run crashed, and that the walk reported its
injected failures.
"""
import re
import subprocess
import sys

MARKER = re.compile(r"//\s*expect-rt:\s*(.*?)\s*$")
VIOLATION = re.compile(
    r"^ndisrt: violation: (?P<rule>ndis-[a-z0-9-]+) at (?P<file>.+?):"
    r"(?P<line>\d+): (?P<msg>.+)$")
SUMMARY = re.compile(r"^ndisrt: summary: (\d+) violations$")


def markers(source):
    normal, walk = set(), set()
    with open(source, encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            m = MARKER.search(text)
            if not m:
                continue
            for item in m.group(1).split(","):
                words = item.split()
                key = (n, words[0])
                walk.add(key)
                if "walk-only" not in words[1:]:
                    normal.add(key)
    return normal, walk


def run(exe, args):
    p = subprocess.run([exe] + args, capture_output=True, text=True,
                       timeout=120)
    return p.returncode, p.stderr.splitlines()


def check(exe, source, args, expected, problems):
    rc, lines = run(exe, args)
    what = " ".join([exe] + args)
    if rc < 0 or rc > 1:
        problems.append("%s: exit status %d" % (what, rc))
    seen = set()
    summaries = []
    for line in lines:
        if line.startswith("ndisrt: violation:"):
            m = VIOLATION.match(line)
            if not m:
                problems.append("%s: malformed report line: %s" % (what, line))
                continue
            if not m.group("file").endswith(source.split("/")[-1]):
                problems.append("%s: violation outside the driver: %s" %
                                (what, line))
                continue
            seen.add((int(m.group("line")), m.group("rule")))
        m = SUMMARY.match(line)
        if m:
            summaries.append(int(m.group(1)))
        if "crashed" in line:
            problems.append("%s: %s" % (what, line))
    for line_no, rule in sorted(expected - seen):
        problems.append("%s: missing %s at line %d" % (what, rule, line_no))
    for line_no, rule in sorted(seen - expected):
        problems.append("%s: unexpected %s at line %d" % (what, rule, line_no))
    if len(summaries) != 1:
        problems.append("%s: %d summary lines" % (what, len(summaries)))
    elif summaries[0] != len(seen):
        problems.append("%s: summary says %d violations, %d reported" %
                        (what, summaries[0], len(seen)))
    if rc != (1 if seen else 0):
        problems.append("%s: exit status %d with %d violations" %
                        (what, rc, len(seen)))
    return lines


def main():
    exe, source = sys.argv[1], sys.argv[2]
    normal, walk = markers(source)
    problems = []
    check(exe, source, [], normal, problems)
    lines = check(exe, source, ["--walk-failures"], walk, problems)
    m = [l for l in lines if l.startswith("ndisrt: walk:") and "normal run" in l]
    allocations = int(m[0].split()[2]) if m else -1
    injected = [l for l in lines if l.startswith("ndisrt: injected:")]
    if allocations < 0:
        problems.append("--walk-failures: no 'ndisrt: walk:' line")
    elif len(injected) != allocations:
        problems.append("--walk-failures: %d allocations, %d injected" %
                        (allocations, len(injected)))
    for p in problems:
        print("FAIL:", p)
    if problems:
        print("\n".join(lines))
        return 1
    print("PASS: %d normal-run and %d walk violations as marked, %d "
          "allocations failed in turn" % (len(normal), len(walk), allocations))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Check that ndis-check reports exactly the findings a source tree marks.

Usage:
  tools/check_expectations.py DIR --checker BIN [--checker-arg ARG]... [-- FLAGS]
  tools/check_expectations.py DIR --sarif LOG.sarif

A source line that ends in `// expect: RULE-ID[, RULE-ID...]` says the
checker reports those rules on the statement the line belongs to (clang-format
wraps long calls, so a marker on any line of a statement covers all of it).

Passes when:
  - every marked rule is reported within its statement, and
  - no finding falls outside a marked statement (a false positive on the
    "right" code next to the wrong one).
A finding of an unmarked rule inside a marked statement is only noted.
Suppressed results (SARIF `suppressions`) are ignored.

With --checker, runs `BIN [--checker-arg ...] --format sarif -o TMP DIR/*.c
[-- FLAGS]` (or, when a --checker-arg is -p, without the file list); exit
codes 0 and 1 are success. Exit: 0 match, 1 mismatch or checker failure,
2 usage.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

MARKER = re.compile(r"//\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$")


def _code(line):
    """The line without a trailing // comment, stripped."""
    return line.split("//", 1)[0].strip()


def _ends_statement(code):
    return code.endswith((";", "{", "}")) or code.startswith("#")


def statement_span(lines, idx):
    """(first, last) 1-based lines of the statement that line idx (0-based)
    is part of: back while the previous line does not end one, forward until
    this one does."""
    first = idx
    while first > 0:
        prev = _code(lines[first - 1])
        if not prev or _ends_statement(prev) or prev.endswith(":"):
            break
        first -= 1
    last = idx
    while last < len(lines) - 1 and not _ends_statement(_code(lines[last])):
        last += 1
    return first + 1, last + 1


def read_markers(src_dir):
    """{basename: [(first, last, {rules})]} for every *.c / *.h in src_dir."""
    markers = defaultdict(list)
    for path in sorted(glob.glob(os.path.join(src_dir, "*.[ch]"))):
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        spans = {}
        for i, line in enumerate(lines):
            m = MARKER.search(line)
            if m:
                span = statement_span(lines, i)
                rules = {r.strip() for r in m.group(1).split(",")}
                spans.setdefault(span, set()).update(rules)
        markers[os.path.basename(path)] = [(a, b, r) for (a, b), r in spans.items()]
    return markers


def read_findings(sarif_path):
    """[(basename, line, rule, message)] of the unsuppressed results."""
    with open(sarif_path, encoding="utf-8") as f:
        log = json.load(f)
    out = []
    for run in log.get("runs", []):
        for res in run.get("results", []):
            if res.get("suppressions"):
                continue
            loc = (res.get("locations") or [{}])[0].get("physicalLocation", {})
            uri = loc.get("artifactLocation", {}).get("uri", "")
            line = loc.get("region", {}).get("startLine", 0)
            text = res.get("message", {}).get("text", "")
            out.append((os.path.basename(uri), line, res.get("ruleId"), text))
    return out


def compare(markers, findings):
    """Returns (problems, notes) as lists of strings."""
    problems, notes = [], []
    for name, spans in sorted(markers.items()):
        for first, last, rules in sorted(spans):
            got = {r for (n, l, r, _) in findings if n == name and first <= l <= last}
            where = f"{name}:{first}" + (f"-{last}" if last != first else "")
            for rule in sorted(rules - got):
                problems.append(f"MISSING  {where}: expected {rule}, not reported")
            for rule in sorted(got - rules):
                notes.append(f"note     {where}: also reported {rule} (not marked)")
    for name, line, rule, text in sorted(findings):
        if not any(a <= line <= b for (a, b, _) in markers.get(name, [])):
            problems.append(f"UNEXPECTED {name}:{line}: {rule}: {text}")
    return problems, notes


def run_checker(args, src_dir, out):
    cmd = [args.checker] + args.checker_arg + ["--format", "sarif", "-o", out]
    if "-p" not in args.checker_arg:
        cmd += sorted(glob.glob(os.path.join(src_dir, "*.c")))
    if args.flags:
        cmd += ["--"] + args.flags
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1) or not os.path.isfile(out):
        print("checker failed (exit %d): %s" % (proc.returncode, " ".join(cmd)))
        print(proc.stderr[-4000:])
        return False
    return True


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    flags = []
    if "--" in argv:
        i = argv.index("--")
        argv, flags = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--checker", help="ndis-check binary to run")
    src.add_argument("--sarif", help="an existing SARIF log to compare")
    ap.add_argument("--checker-arg", action="append", default=[],
                    help="extra argument for the checker (repeatable)")
    args = ap.parse_args(argv)
    args.flags = flags

    markers = read_markers(args.dir)
    nexpected = sum(len(r) for spans in markers.values() for (_, _, r) in spans)
    if not nexpected:
        print(f"{args.dir}: no // expect: markers")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        log = args.sarif
        if args.checker:
            log = os.path.join(tmp, "out.sarif")
            if not run_checker(args, args.dir, log):
                return 1
        findings = read_findings(log)
    problems, notes = compare(markers, findings)
    for line in problems + notes:
        print(line)
    verdict = "FAIL" if problems else "ok"
    print(f"{args.dir}: {verdict}: {nexpected} expected, {len(findings)} reported, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Run the NdisCheck test corpus (testcases/) against the checker and, when
built, against the reference runtime, and cross-check the two verdicts.

Usage:
  tools/run_corpus.py [CASE_DIR...] [--checker BIN] [--runtime-bin DIR]
                      [--runtime-exe PATH] [--timeout SECONDS] [-v]

CASE_DIR is a testcase directory (testcases/<rule-or-topic>/<case>/); with
none, every testcase under testcases/ except those under a directory whose
name starts with "_" (testcases/_broken/ holds deliberately broken cases).
testcases/README.md describes the format.

Static check. For each testcase, runs
  BIN --no-cache --format json <its .c files> -- <flags.txt> -I <repo>/runtime/include
and compares the set of (file, line, ruleId) the checker reports with the
`// expect: RULE-ID[, RULE-ID...]` markers: a missing and an unexpected
finding each fail the testcase.

Cross-check (with --runtime-bin or --runtime-exe, unless the testcase has an
analyse-only.txt). Runs the testcase's runtime executable (DIR/<rule>.<case>,
built by testcases/CMakeLists.txt with ndisrt_add_driver) with
--walk-failures and reads its `ndisrt: violation: RULE at FILE:LINE: MESSAGE`
lines. Fails when
  - the runtime saw a violation the checker did not report on that line
    (rules the checker does not implement yet, NOT_YET_STATIC, are only
    noted as runtime-only);
  - the checker reported a finding the runtime did not see and the marker
    does not say `static-only: REASON`;
  - a marker says static-only but the runtime saw the violation after all;
  - the testcase allocates memory but no run of the walk reported an injected
    allocation failure (so its failure paths never ran);
  - the executable crashed or timed out.

Output: one line per testcase (PASS / FAIL), then the details, then
`N passed, M failed`. Exit 0 when every testcase passed, 1 otherwise, 2 on a
usage error. Standard library only.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTCASES = os.path.join(REPO, "testcases")
RUNTIME_INCLUDE = os.path.join(REPO, "runtime", "include")
DEFAULT_CHECKER = os.path.join(REPO, "build", "checker", "tool", "ndis-check")
RULES_FILE = os.path.join(REPO, "rules", "ndis-contracts.json")

# Rules the runtime enforces but the checker does not implement yet: a runtime
# violation of one of these is reported as runtime-only and does not fail.
# (Empty: every rule the runtime reports is implemented by the checker.)
NOT_YET_STATIC = set()

# Every rule of the database is cross-checked both ways: the runtime reports
# each one the checker does (runtime/README.md says how), ndis-halt-leak for
# what initialisation kept and halt did not release, ndis-unchecked-failure
# when a driver dereferences the NULL of an injected allocation failure.
# What the runtime cannot observe in one testcase (a path the harness never
# takes, a value the compiler already folded) is marked static-only there.

# `// expect: ndis-irql, ndis-contiguous-outside-init`
# `// expect: ndis-irql static-only: the harness never fires the ISR`
MARKER = re.compile(r"//\s*expect:\s*(?P<body>.*?)\s*(?:\*/)?\s*$")
ITEM_SPLIT = re.compile(r",\s*(?=ndis-[a-z0-9-]+\b)")
ITEM = re.compile(
    r"^(?P<rule>ndis-[a-z0-9-]+)"
    r"(?:\s+static-only(?:\s*:\s*(?P<reason>.*\S))?)?\s*$")

VIOLATION = re.compile(
    r"^ndisrt: violation: (?P<rule>\S+) at (?P<file>.+?):(?P<line>\d+): "
    r"(?P<msg>.*)$")
# The harness's report of an allocation it failed on purpose (fault
# injection); see runtime/README.md.
INJECTED = re.compile(r"^ndisrt: injected: ")
# A run of the walk that crashed: a failure path does not survive.
CRASH = re.compile(r"^ndisrt: note: (?P<msg>the driver crashed.*)$")

# DDIs that allocate and can fail (the runtime's fault injection fails them);
# a testcase calling one must show an injected failure.
ALLOCATING_DDIS = re.compile(
    r"\b(NdisAllocateMemory|NdisAllocateMemoryWithTag|"
    r"NdisAllocateMemoryWithTagPriority|NdisMAllocateSharedMemory|"
    r"NdisAllocateSharedMemory|NdisAllocateMdl|NdisAllocateBuffer|"
    r"NdisAllocateBufferPool|NdisAllocateIoWorkItem|NdisAllocateTimerObject|"
    r"NdisAllocateNetBufferListPool|NdisAllocateNetBufferList|"
    r"NdisAllocateNetBufferAndNetBufferList|NdisAllocatePacketPool|"
    r"NdisAllocatePacketPoolEx|NdisAllocatePacket|"
    r"NdisMRegisterScatterGatherDma|NdisMRegisterDmaChannel|"
    r"NdisMRegisterInterruptEx|NdisMRegisterInterrupt|"
    r"NdisMAllocateMapRegisters|NdisMRegisterIoPortRange|NdisMMapIoSpace|"
    r"ExAllocatePool\w*)\s*\(")


def known_rules():
    try:
        with open(RULES_FILE, encoding="utf-8") as f:
            return {r["id"] for r in json.load(f)["rules"]}
    except (OSError, ValueError, KeyError):
        return None


class Case:
    def __init__(self, path):
        self.path = os.path.realpath(path)
        rel = os.path.relpath(self.path, TESTCASES)
        if rel.startswith(".."):
            rel = os.path.basename(self.path)
        self.rel = rel.replace(os.sep, "/")
        # <rule>.<case>: the ctest name without "corpus." and the name of
        # the runtime executable.
        self.name = self.rel.replace("/", ".")
        self.sources = sorted(
            os.path.join(self.path, f) for f in os.listdir(self.path)
            if f.endswith(".c"))
        self.flags = read_flags(os.path.join(self.path, "flags.txt"))
        self.analyse_only = read_text(
            os.path.join(self.path, "analyse-only.txt"))
        self.failures = []  # lines explaining why the case fails
        self.notes = []     # lines worth showing even when it passes

    def show(self, path):
        """A path as the report prints it: relative to testcases/."""
        rel = os.path.relpath(path, TESTCASES)
        return path if rel.startswith("..") else rel.replace(os.sep, "/")


def read_text(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip() or "(no reason given)"
    except OSError:
        return None


def read_flags(path):
    """flags.txt: compiler flags, whitespace-separated, '#' starts a
    comment; $REPO and $TESTCASE expand to the repository and the testcase
    directory."""
    text = read_text(path)
    if text is None:
        return []
    flags = []
    case_dir = os.path.dirname(os.path.realpath(path))
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for tok in line.split():
            flags.append(tok.replace("$REPO", REPO).replace(
                "$TESTCASE", case_dir))
    return flags


def parse_markers(case, rules):
    """{(file, line, rule): reason-or-None}; reason is set for static-only."""
    expected = {}
    for src in case.sources:
        with open(src, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        for lineno, text in enumerate(lines, 1):
            m = MARKER.search(text)
            if not m:
                continue
            where = "%s:%d" % (case.show(src), lineno)
            body = m.group("body")
            if not body:
                case.failures.append("bad marker at %s: no rule id" % where)
                continue
            for item in ITEM_SPLIT.split(body):
                im = ITEM.match(item.strip())
                if not im:
                    case.failures.append(
                        "bad marker at %s: %r is not `RULE-ID` or "
                        "`RULE-ID static-only: REASON`" % (where, item))
                    continue
                rule = im.group("rule")
                if rules is not None and rule not in rules:
                    case.failures.append(
                        "bad marker at %s: unknown rule id %s" % (where, rule))
                    continue
                static_only = "static-only" in item
                reason = im.group("reason")
                if static_only and not reason:
                    case.failures.append(
                        "bad marker at %s: static-only needs a reason "
                        "(`static-only: REASON`)" % where)
                key = (src, lineno, rule)
                expected[key] = (reason or "?") if static_only else None
    return expected


def norm(path, base):
    if not os.path.isabs(path):
        for root in (base, os.getcwd()):
            cand = os.path.join(root, path)
            if os.path.exists(cand):
                return os.path.realpath(cand)
        return os.path.normpath(os.path.join(base, path))
    return os.path.realpath(path)


def run_checker(case, checker, timeout):
    """{(file, line, rule): message}, or None when the checker failed."""
    cmd = [checker, "--no-cache", "--format", "json"] + case.sources + \
        ["--"] + case.flags + ["-I", RUNTIME_INCLUDE]
    try:
        proc = subprocess.run(cmd, cwd=case.path, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        case.failures.append("checker timed out after %ss" % timeout)
        return None
    except OSError as e:
        case.failures.append("cannot run the checker %s: %s" % (checker, e))
        return None
    if proc.returncode not in (0, 1, 3):
        case.failures.append("checker exited %d: %s" % (
            proc.returncode, (proc.stderr or proc.stdout).strip()[-2000:]))
        return None
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        case.failures.append("checker printed no JSON report (exit %d): %s" % (
            proc.returncode, proc.stderr.strip()[-2000:]))
        return None
    errors = report.get("errors") or []
    if proc.returncode == 3 or errors:
        for e in errors or [proc.stderr.strip()[-2000:]]:
            case.failures.append("checker could not parse the testcase: %s" %
                                 (json.dumps(e) if not isinstance(e, str)
                                  else e))
    found = {}
    for f in report.get("findings", []):
        if f.get("suppressed"):
            continue
        key = (norm(f.get("file", "?"), case.path), int(f.get("line", 0)),
               f.get("ruleId", "?"))
        found.setdefault(key, f.get("message", ""))
    return found


def compare_static(case, expected, found):
    for key in sorted(set(expected) - set(found)):
        src, line, rule = key
        case.failures.append(
            "missing:    %s at %s:%d (the marker expects it; the checker did "
            "not report it)" % (rule, case.show(src), line))
    for key in sorted(set(found) - set(expected)):
        src, line, rule = key
        case.failures.append("unexpected: %s at %s:%d: %s" % (
            rule, case.show(src), line, found[key]))


def find_exe(case, runtime_bin, runtime_exe):
    if runtime_exe:
        return runtime_exe
    for name in (case.name, os.path.basename(case.path)):
        cand = os.path.join(runtime_bin, name)
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


def run_runtime(case, exe, timeout):
    """(violations {(file, line, rule): message}, output lines) or None."""
    try:
        proc = subprocess.run([exe, "--walk-failures"], cwd=case.path,
                              capture_output=True, text=True,
                              timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        case.failures.append("runtime executable timed out after %ss: %s" %
                             (timeout, exe))
        return None
    except OSError as e:
        case.failures.append("cannot run the runtime executable %s: %s" %
                             (exe, e))
        return None
    lines = (proc.stderr + "\n" + proc.stdout).splitlines()
    if proc.returncode < 0:
        sig = -proc.returncode
        try:
            signame = signal.Signals(sig).name
        except ValueError:
            signame = str(sig)
        tail = "\n".join("      " + l for l in lines[-15:])
        case.failures.append("runtime executable died of %s:\n%s" %
                             (signame, tail))
    seen = {}
    for line in lines:
        m = VIOLATION.match(line.strip())
        if m:
            key = (norm(m.group("file"), case.path), int(m.group("line")),
                   m.group("rule"))
            seen.setdefault(key, m.group("msg"))
    return seen, lines


def cross_check(case, expected, found, seen, lines):
    for key in sorted(seen):
        src, line, rule = key
        if key in found:
            if expected.get(key):
                case.failures.append(
                    "%s at %s:%d is marked static-only (%s), but the runtime "
                    "saw it: drop `static-only`" % (
                        rule, case.show(src), line, expected[key]))
            continue
        if rule in NOT_YET_STATIC:
            case.notes.append(
                "runtime-only (checker rule not implemented yet): %s at "
                "%s:%d: %s" % (rule, case.show(src), line, seen[key]))
            continue
        case.failures.append(
            "runtime saw %s at %s:%d, the checker did not report it: %s" % (
                rule, case.show(src), line, seen[key]))
    for key in sorted(set(found) - set(seen)):
        src, line, rule = key
        if expected.get(key):  # marked static-only
            continue
        case.failures.append(
            "checker reported %s at %s:%d, the runtime did not see it (mark "
            "it static-only: REASON if the path cannot run)" % (
                rule, case.show(src), line))
    # Fault injection: the failure paths of an allocating driver must run.
    allocates = False
    for src in case.sources:
        with open(src, encoding="utf-8", errors="replace") as f:
            if ALLOCATING_DDIS.search(f.read()):
                allocates = True
                break
    for line in lines:
        m = CRASH.match(line.strip())
        if m:
            case.failures.append("runtime: " + m.group("msg"))
    if allocates:
        injected = [l for l in lines if INJECTED.match(l.strip())]
        if not injected:
            case.failures.append(
                "the testcase allocates, but no run of --walk-failures "
                "reported an injected allocation failure")


def run_case(case, args, rules):
    if not case.sources:
        case.failures.append("no .c files in %s" % case.rel)
        return
    expected = parse_markers(case, rules)
    found = run_checker(case, args.checker, args.timeout)
    if found is None:
        return
    compare_static(case, expected, found)
    if not (args.runtime_bin or args.runtime_exe):
        return
    if case.analyse_only:
        case.notes.append("analyse-only, not run under the runtime: %s" %
                          case.analyse_only.splitlines()[0])
        return
    exe = find_exe(case, args.runtime_bin, args.runtime_exe)
    if exe is None:
        case.failures.append("no runtime executable %s in %s" % (
            case.name, args.runtime_bin))
        return
    result = run_runtime(case, exe, args.timeout)
    if result is None:
        return
    seen, lines = result
    cross_check(case, expected, found, seen, lines)


def discover(paths):
    if paths:
        cases = []
        for p in paths:
            if not os.path.isdir(p):
                sys.exit("run_corpus.py: not a directory: %s" % p)
            cases.append(p)
        return cases
    cases = []
    for top in sorted(os.listdir(TESTCASES)):
        topdir = os.path.join(TESTCASES, top)
        if top.startswith(("_", ".")) or not os.path.isdir(topdir):
            continue
        for sub in sorted(os.listdir(topdir)):
            d = os.path.join(topdir, sub)
            if os.path.isdir(d) and not sub.startswith((".", "_")):
                cases.append(d)
    return cases


def main():
    ap = argparse.ArgumentParser(
        description="Run the NdisCheck test corpus (see the module doc).")
    ap.add_argument("cases", nargs="*", help="testcase directories")
    ap.add_argument("--checker", default=DEFAULT_CHECKER,
                    help="ndis-check binary (default: %(default)s)")
    ap.add_argument("--runtime-bin", metavar="DIR",
                    help="directory of the runtime executables, one per "
                    "testcase, named <rule>.<case>")
    ap.add_argument("--runtime-exe", metavar="PATH",
                    help="the runtime executable of the one testcase given")
    ap.add_argument("--timeout", type=float, default=120.0,
                    help="seconds per checker / runtime run")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also print the notes of passing testcases")
    args = ap.parse_args()
    if args.runtime_exe and len(args.cases) != 1:
        ap.error("--runtime-exe needs exactly one testcase directory")
    if not os.path.isfile(args.checker):
        ap.error("no checker binary at %s (build it, or pass --checker)" %
                 args.checker)

    rules = known_rules()
    cases = [Case(p) for p in discover(args.cases)]
    if not cases:
        ap.error("no testcases found")
    for case in cases:
        run_case(case, args, rules)

    width = max(len(c.rel) for c in cases)
    for case in cases:
        if case.failures:
            print("FAIL  %-*s  (%d problem%s)" % (
                width, case.rel, len(case.failures),
                "" if len(case.failures) == 1 else "s"))
        else:
            print("PASS  %s" % case.rel)
    for case in cases:
        shown_notes = case.notes if (case.failures or args.verbose) else [
            n for n in case.notes if n.startswith("runtime-only")]
        if not case.failures and not shown_notes:
            continue
        print("\n%s %s:" % ("FAIL" if case.failures else "PASS", case.rel))
        for f in case.failures:
            print("  " + f)
        for n in shown_notes:
            print("  note: " + n)
    failed = sum(1 for c in cases if c.failures)
    print("\n%d passed, %d failed" % (len(cases) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

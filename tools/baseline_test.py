#!/usr/bin/python3
"""Suppressions, baselines and fingerprint stability of ndis-check.

Runs ndis-check in a scratch copy of a one-file driver (--source, one that
has NOLINT comments and findings) and of a multi-file driver (--multi) and
checks:

  suppressions  a finding under // NOLINT(rule), // NOLINTNEXTLINE(rule), a
                bare // NOLINT or a NOLINTBEGIN/NOLINTEND region (globs too)
                is hidden from text, ignored by the exit code and in SARIF as
                a result with an inSource suppression;
  fingerprints  partialFingerprints are identical across two runs, across
                -j1 and -j8, and after an unrelated edit above the findings
                (which moves every startLine);
  baseline      with --baseline old.sarif the moved findings are "unchanged"
                (text and JSON list only the new ones)
                and an added one "new"; text output and the exit code see
                only the new one; with nothing new the exit code is 0.

Standard library only. Prints one line per check; exits 1 on any failure.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FAILURES = []
FPKEY = "ndisCheck/v1"
FLAGS = []


def check(ok, what, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", what, ("\n     " + detail) if detail and not ok else ""))
    if not ok:
        FAILURES.append(what)


def run(checker, cwd, files, *extra):
    p = subprocess.run([checker, "--no-cache", "--no-progress", *extra, *files, "--", *FLAGS],
                       cwd=cwd, capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def sarif(checker, cwd, files, *extra):
    rc, out, err = run(checker, cwd, files, "--format", "sarif", *extra)
    if rc not in (0, 1):
        sys.exit("ndis-check failed (%d): %s" % (rc, err))
    return rc, json.loads(out)["runs"][0]["results"]


def fps(results):
    return sorted(r["partialFingerprints"][FPKEY] for r in results)


def lines_of(results):
    return sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results)


def text_findings(out):
    return re.findall(r"^\S+:(\d+):\d+: (?:error|warning|note): .*\[([a-z0-9-]+)\]$", out, re.M)


def insert_above(path, after_line, text):
    lines = open(path).read().split("\n")
    lines[after_line:after_line] = text
    open(path, "w").write("\n".join(lines))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checker", required=True)
    p.add_argument("--source", required=True, help="one-file driver with NOLINT comments")
    p.add_argument("--multi", required=True, help="directory of a multi-file driver")
    p.add_argument("--include", required=True)
    args = p.parse_args()
    checker = os.path.abspath(args.checker)
    FLAGS[:] = ["-I" + os.path.abspath(args.include)]

    work = tempfile.mkdtemp(prefix="ndis-baseline-")
    try:
        src = os.path.join(work, "driver.c")
        shutil.copy(args.source, src)
        text = open(src).read().split("\n")
        nolint_lines = [i + 1 for i, l in enumerate(text) if "NOLINT(" in l and "NEXTLINE" not in l]
        nextline_lines = [i + 2 for i, l in enumerate(text) if "NOLINTNEXTLINE(" in l]

        # --- suppressions ---------------------------------------------------
        rc, results = sarif(checker, work, ["driver.c"])
        suppressed = [r for r in results if r.get("suppressions")]
        supp_lines = lines_of(suppressed)
        check(supp_lines == sorted(nolint_lines + nextline_lines),
              "NOLINT(rule) and NOLINTNEXTLINE(rule) findings are SARIF suppressions",
              "suppressed lines %s, NOLINT lines %s" % (supp_lines, nolint_lines + nextline_lines))
        check(all(s == [{"kind": "inSource"}] for s in (r["suppressions"] for r in suppressed)),
              "suppressions are of kind inSource")
        rc_text, out, _ = run(checker, work, ["driver.c"])
        shown = [int(l) for l, _ in text_findings(out)]
        check(not set(shown) & set(supp_lines) and len(text_findings(out)) ==
              len(results) - len(suppressed) and rc_text == 1,
              "text output hides suppressed findings, exit code 1 for the others",
              "rc %d, text:\n%s" % (rc_text, out))
        # A bare NOLINT on every remaining finding line: nothing left.
        quiet = os.path.join(work, "quiet.c")
        lines = open(src).read().split("\n")
        for r in results:
            if not r.get("suppressions"):
                n = r["locations"][0]["physicalLocation"]["region"]["startLine"]
                lines[n - 1] += " // NOLINT"
        open(quiet, "w").write("\n".join(lines))
        rc_q, out_q, _ = run(checker, work, ["quiet.c"])
        _, res_q = sarif(checker, work, ["quiet.c"])
        check(rc_q == 0 and not text_findings(out_q) and res_q and
              all(r.get("suppressions") for r in res_q),
              "bare NOLINT suppresses every rule: exit 0, empty text, all SARIF results suppressed",
              "rc %d, text:\n%s" % (rc_q, out_q))

        # NOLINTBEGIN/NOLINTEND regions, with a glob and with another rule.
        def region(rules):
            path = os.path.join(work, "region.c")
            body = open(src).read().split("\n")
            open(path, "w").write("\n".join(["// NOLINTBEGIN(%s)" % rules] + body +
                                            ["// NOLINTEND(%s)" % rules]))
            return sarif(checker, work, ["region.c"])
        rc_r, res_r = region("ndis-*")
        check(rc_r == 0 and res_r and all(r.get("suppressions") for r in res_r),
              "NOLINTBEGIN(ndis-*)/NOLINTEND(ndis-*) suppresses every finding inside")
        rc_r, res_r = region("ndis-tag")
        open_ = sorted({r["ruleId"] for r in res_r if not r.get("suppressions")})
        check(rc_r == 1 and "ndis-tag" not in open_ and open_,
              "NOLINTBEGIN(ndis-tag) suppresses ndis-tag only", "unsuppressed rules %s" % open_)

        # --- fingerprint stability -----------------------------------------
        _, again = sarif(checker, work, ["driver.c"])
        check(fps(again) == fps(results) and len(set(fps(results))) == len(results),
              "fingerprints: identical across runs and unique per result")
        multi = os.path.join(work, "multi")
        shutil.copytree(args.multi, multi)
        files = sorted(os.path.relpath(f, work) for f in glob.glob(os.path.join(multi, "*.c")))
        _, m1 = sarif(checker, work, files, "-j1")
        _, m8 = sarif(checker, work, files, "-j8")
        check(m1 and fps(m1) == fps(m8),
              "fingerprints: identical with -j1 and -j8 (%d results over %d files)"
              % (len(m1), len(files)))
        moved = os.path.join(work, "moved")
        os.mkdir(moved)
        shutil.copy(src, os.path.join(moved, "driver.c"))
        # Same path relative to --src-root, three more lines above everything.
        insert_above(os.path.join(moved, "driver.c"), 0,
                     ["/* An unrelated edit: a comment", " * of three lines", " */"])
        _, after = sarif(checker, moved, ["driver.c"])
        check(fps(after) == fps(results) and
              lines_of(after) == [l + 3 for l in lines_of(results)],
              "fingerprints: unchanged by an edit above the findings (lines moved by 3)",
              "before %s %s\n     after %s %s" % (lines_of(results), fps(results),
                                                 lines_of(after), fps(after)))

        # --- baseline -------------------------------------------------------
        base = os.path.join(work, "base.sarif")
        run(checker, work, ["driver.c"], "--format", "sarif", "-o", base)
        rc_b, out_b, _ = run(checker, moved, ["driver.c"], "--baseline", base)
        _, res_b = sarif(checker, moved, ["driver.c"], "--baseline", base)
        check(rc_b == 0 and not text_findings(out_b) and res_b and
              all(r.get("baselineState") == "unchanged" for r in res_b),
              "baseline: moved findings are unchanged, text empty, exit 0",
              "rc %d, text:\n%s\nstates %s" % (rc_b, out_b, [r.get("baselineState") for r in res_b]))
        # A new wrong call after the old ones of the function (identical
        # findings of one function are told apart by their rank, so one
        # added before them would renumber them).
        grown = os.path.join(moved, "driver.c")
        lines = open(grown).read().split("\n")
        n = lines.index("  return Status;")
        lines.insert(n, "  Status = NdisAllocateMemoryWithTag(&MpAdapter.Extra, 32, 0);")
        open(grown, "w").write("\n".join(lines))
        rc_n, out_n, _ = run(checker, moved, ["driver.c"], "--baseline", base)
        _, res_n = sarif(checker, moved, ["driver.c"], "--baseline", base)
        new = [r for r in res_n if r.get("baselineState") == "new"]
        unchanged = [r for r in res_n if r.get("baselineState") == "unchanged"]
        shown = text_findings(out_n)
        check(len(new) == 1 and len(unchanged) == len(res_b) and
              lines_of(new) == [n + 1] and rc_n == 1 and shown == [(str(n + 1), "ndis-tag")],
              "baseline: the added finding alone is new, shown in text, exit 1",
              "rc %d, new %s, unchanged %d/%d, text:\n%s"
              % (rc_n, lines_of(new), len(unchanged), len(res_b), out_n))
        # JSON, like text, lists the new findings only.
        rc_j, out_j, _ = run(checker, moved, ["driver.c"], "--baseline", base,
                             "--format", "json")
        listed = [(f["line"], f["ruleId"]) for f in json.loads(out_j)["findings"]
                  if not f["suppressed"]]
        check(rc_j == 1 and listed == [(n + 1, "ndis-tag")],
              "baseline: JSON lists the added finding alone",
              "rc %d, findings %s" % (rc_j, listed))
        rc_bad, _, err_bad = run(checker, work, ["driver.c"], "--baseline",
                                 os.path.join(work, "missing.sarif"))
        check(rc_bad == 2 and "baseline" in err_bad,
              "baseline: an unreadable baseline is an input error (exit 2)", err_bad)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())

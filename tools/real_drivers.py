#!/usr/bin/python3
"""Run ndis-check over every driver of the real-driver corpus and compare
its findings with the triage kept in docs/real-drivers.md.

Usage: tools/real_drivers.py [--corpus DIR] [--checker PATH] [--jobs N]
                             [--triage FILE] [--project PREFIX ...]
                             [--findings OUT.tsv] [--json OUT.json]

The corpus is the one ../shared/corpus/ builds (its README: setup.sh, then
mkprojcompdb.py): one compile_commands.json per driver project under
$CORPUS/compdb/<project>/. Nothing of it is in this repository.

For each project it runs `ndis-check -p <compdb> --no-cache --format json`
and prints one table: project, TUs, parse failures, findings per rule, wall
time. Each finding is then looked up in the triage file by (project, file
relative to the corpus, line, rule):

  TRUE / FALSE / DEBATABLE   the verdict recorded for it;
  NEW                        not triaged yet: triage it (see the file);
  GONE                       triaged but no longer reported (a TRUE one gone
                             is a lost bug, a FALSE one gone a fixed alarm).

A function an analysis gave up on (the report's notes: over its budget of
steps) is printed as GAVE-UP: its findings of that analysis are missing.

Precision is TRUE / (TRUE + FALSE + DEBATABLE + NEW) over the findings
reported now; NEW findings count against it until triaged. Exit status: 0,
or 1 when a finding is NEW, a TRUE finding is GONE or an analysis gave a
function up, 2 on a usage error.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VERDICTS = ("TRUE", "FALSE", "DEBATABLE")


def load_triage(path):
    """{(project, file, line, rule): (verdict, reason)} from the markdown
    table rows `| project | file:line | rule | VERDICT | reason |`."""
    triage = {}
    if not os.path.exists(path):
        return triage
    row = re.compile(r"^\|\s*([\w.-]+)\s*\|\s*`?([^|`]+?):(\d+)`?\s*\|"
                     r"\s*`?(ndis-[\w-]+)`?\s*\|\s*(\w+)\s*\|(.*)\|\s*$")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = row.match(line)
            if not m:
                continue
            project, file, lineno, rule, verdict, reason = m.groups()
            if verdict not in VERDICTS:
                sys.exit("%s:%d: verdict must be one of %s, not %r"
                         % (path, n, ", ".join(VERDICTS), verdict))
            triage[(project, file, int(lineno), rule)] = (verdict,
                                                         reason.strip())
    return triage


def projects(corpus, prefixes):
    base = os.path.join(corpus, "compdb")
    if not os.path.isdir(base):
        sys.exit("no %s: build the corpus first (../shared/corpus/README.md)"
                 % base)
    names = sorted(d for d in os.listdir(base)
                   if os.path.isfile(os.path.join(base, d,
                                                  "compile_commands.json")))
    if prefixes:
        names = [n for n in names if any(n.startswith(p) for p in prefixes)]
    return [(n, os.path.join(base, n)) for n in names]


def run_project(checker, compdb, jobs):
    with open(os.path.join(compdb, "compile_commands.json")) as f:
        tus = len({e["file"] for e in json.load(f)})
    start = time.perf_counter()
    proc = subprocess.run([checker, "-p", compdb, "--no-cache", "--no-progress",
                           "-j", str(jobs), "--format", "json"],
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1, 3):
        sys.exit("ndis-check failed on %s (exit %d):\n%s"
                 % (compdb, proc.returncode, proc.stderr[-3000:]))
    report = json.loads(proc.stdout)
    failed = sum(1 for l in proc.stderr.splitlines()
                 if "does not parse" in l or "cannot be analysed" in l)
    return tus, failed, wall, report.get("findings", []), report.get("notes", [])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.environ.get("CORPUS"),
                    help="the corpus directory ($CORPUS)")
    ap.add_argument("--checker",
                    default=os.path.join(ROOT, "build/checker/tool/ndis-check"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--triage",
                    default=os.path.join(ROOT, "docs/real-drivers.md"))
    ap.add_argument("--project", nargs="*", default=[],
                    help="only projects whose name starts with these")
    ap.add_argument("--findings", help="write every finding as TSV here")
    ap.add_argument("--json", help="write the table and findings as JSON")
    args = ap.parse_args()
    if not args.corpus:
        ap.error("give --corpus or set CORPUS")
    corpus = os.path.realpath(args.corpus)
    triage = load_triage(args.triage)

    rows, all_findings, gave_up = [], [], []
    rules = collections.Counter()
    for name, compdb in projects(corpus, args.project):
        tus, failed, wall, findings, notes = run_project(args.checker, compdb,
                                                         args.jobs)
        for n in notes:
            rel = os.path.relpath(os.path.realpath(n["file"]), corpus)
            gave_up.append("%s %s:%d %s" % (name, rel, n["line"], n["message"]))
        per_rule = collections.Counter(f["ruleId"] for f in findings)
        rules.update(per_rule)
        rows.append((name, tus, failed, per_rule, wall))
        for f in findings:
            rel = os.path.relpath(os.path.realpath(f["file"]), corpus)
            key = (name, rel, f["line"], f["ruleId"])
            verdict = triage.get(key, ("NEW", ""))[0]
            all_findings.append(dict(project=name, file=rel, line=f["line"],
                                     rule=f["ruleId"], verdict=verdict,
                                     function=f.get("function", ""),
                                     message=f["message"]))

    cols = sorted(rules)
    short = {r: r[len("ndis-"):] for r in cols}
    header = ["project", "TUs", "failed"] + [short[r] for r in cols] + \
        ["findings", "seconds"]
    table = [header]
    for name, tus, failed, per_rule, wall in rows:
        table.append([name, str(tus), str(failed)] +
                     [str(per_rule.get(r, 0) or "") for r in cols] +
                     [str(sum(per_rule.values())), "%.1f" % wall])
    table.append(["total", str(sum(r[1] for r in rows)),
                  str(sum(r[2] for r in rows))] +
                 [str(rules[r]) for r in cols] +
                 [str(sum(rules.values())),
                  "%.1f" % sum(r[4] for r in rows)])
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for i, r in enumerate(table):
        print("  ".join(c.ljust(w) if j == 0 else c.rjust(w)
                        for j, (c, w) in enumerate(zip(r, widths))))
        if i == 0 or i == len(table) - 2:
            print("  ".join("-" * w for w in widths))

    seen = {(f["project"], f["file"], f["line"], f["rule"])
            for f in all_findings}
    ran = {r[0] for r in rows}
    gone = [(k, v) for k, v in sorted(triage.items())
            if k[0] in ran and k not in seen]
    counts = collections.Counter(f["verdict"] for f in all_findings)
    total = len(all_findings)
    print()
    print("verdicts: " + ", ".join("%s %d" % (v, counts.get(v, 0))
                                    for v in VERDICTS + ("NEW",)))
    if total:
        print("precision: %.1f%% (%d TRUE of %d findings)"
              % (100.0 * counts.get("TRUE", 0) / total, counts.get("TRUE", 0),
                 total))
    for f in all_findings:
        if f["verdict"] == "NEW":
            print("NEW   %s %s:%d %s: %s" % (f["project"], f["file"], f["line"],
                                            f["rule"], f["message"]))
    for (project, file, line, rule), (verdict, reason) in gone:
        print("GONE  %s %s:%d %s (was %s: %s)" % (project, file, line, rule,
                                                  verdict, reason))
    for g in gave_up:
        print("GAVE-UP %s" % g)
    if args.findings:
        with open(args.findings, "w") as out:
            for f in all_findings:
                out.write("\t".join([f["project"], "%s:%d" % (f["file"], f["line"]),
                                     f["rule"], f["verdict"], f["function"],
                                     f["message"]]) + "\n")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(dict(projects=[dict(project=r[0], tus=r[1], failed=r[2],
                                          rules=dict(r[3]), seconds=r[4])
                                     for r in rows],
                           findings=all_findings), out, indent=1)
    lost = any(v[0] == "TRUE" for _, v in gone)
    return 1 if counts.get("NEW") or lost or gave_up else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Runs a command and checks its exit code and output.

usage: expect_run.py --exit N [--stdout RE]... [--stderr RE]...
                     [--not-stdout RE]... [--not-stderr RE]...
                     [--json-stdout] [--json-file PATH] [--file-unchanged PATH]
                     -- command...

Each RE must match somewhere in the stream (re.MULTILINE). Prints what was
expected and what came out when a check fails.
"""
import argparse
import json
import os
import re
import subprocess
import sys


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit("expect_run.py: missing -- before the command")
    split = argv.index("--")
    p = argparse.ArgumentParser()
    p.add_argument("--exit", type=int, required=True)
    p.add_argument("--stdout", action="append", default=[])
    p.add_argument("--stderr", action="append", default=[])
    p.add_argument("--not-stdout", action="append", default=[])
    p.add_argument("--not-stderr", action="append", default=[])
    p.add_argument("--json-stdout", action="store_true")
    p.add_argument("--file-unchanged")
    p.add_argument("--json-file", help="must exist afterwards, one JSON document")
    args = p.parse_args(argv[:split])
    cmd = argv[split + 1:]

    if args.json_file and os.path.exists(args.json_file):
        os.remove(args.json_file)
    before = None
    if args.file_unchanged:
        with open(args.file_unchanged, "rb") as f:
            before = f.read()
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    problems = []
    if r.returncode != args.exit:
        problems.append(f"exit code {r.returncode}, expected {args.exit}")
    for pat in args.stdout:
        if not re.search(pat, r.stdout, re.M):
            problems.append(f"stdout lacks /{pat}/")
    for pat in args.not_stdout:
        if re.search(pat, r.stdout, re.M):
            problems.append(f"stdout has /{pat}/")
    for pat in args.not_stderr:
        if re.search(pat, r.stderr, re.M):
            problems.append(f"stderr has /{pat}/")
    for pat in args.stderr:
        if not re.search(pat, r.stderr, re.M):
            problems.append(f"stderr lacks /{pat}/")
    if args.json_stdout:
        try:
            json.loads(r.stdout)
        except ValueError as e:
            problems.append(f"stdout is not one JSON document: {e}")
    if args.json_file:
        try:
            with open(args.json_file) as f:
                json.load(f)
        except (OSError, ValueError) as e:
            problems.append(f"{args.json_file} is not a whole JSON report: {e}")
    if before is not None:
        with open(args.file_unchanged, "rb") as f:
            if f.read() != before:
                problems.append(f"{args.file_unchanged} was modified")
    if problems:
        print("command:", " ".join(cmd))
        print("--- stdout\n" + r.stdout + "--- stderr\n" + r.stderr + "---")
        for pr in problems:
            print("FAIL:", pr)
        return 1
    print("ok:", " ".join(cmd[1:4]), "...")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""compile_commands.json as build systems and attackers write it.

usage: compile_db_inputs.py NDIS_CHECK INCLUDE_DIR LEAKY_SOURCE

LEAKY_SOURCE gives exactly one finding. Each case writes a database into a
temporary directory and checks what the README promises: bad entries are
reported at FILE:LINE:COL with exit 2 and the good ones are still analysed;
the reader never crashes, whatever the nesting; a BOM, response files and
duplicate entries are handled as clang-tidy handles them.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def main():
    checker, inc, source = (os.path.abspath(a) for a in sys.argv[1:4])
    problems = []
    t = tempfile.mkdtemp()
    try:
        src = os.path.join(t, "driver.c")
        shutil.copy(source, src)
        os.utime(src, (0, 0))  # not "modified during the run": cacheable

        def entry(**over):
            e = {"directory": t, "file": src,
                 "arguments": ["clang", "-I" + inc, "-c", src]}
            e.update(over)
            return e

        def run(name, text, *extra):
            d = os.path.join(t, name)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "compile_commands.json"), "wb") as f:
                f.write(text if isinstance(text, bytes) else text.encode())
            return subprocess.run([checker, "--no-progress", "-p", d, *extra],
                                  capture_output=True, text=True, timeout=300)

        def expect(what, ok, r):
            print(("ok:   " if ok else "FAIL: ") + what)
            if not ok:
                problems.append(what)
                print("  exit %d\n  stdout: %s\n  stderr: %s" % (
                    r.returncode, r.stdout.strip(), r.stderr.strip()))

        nocache = ("--no-cache",)
        good = json.dumps([entry()], indent=1)
        r = run("bom", b"\xef\xbb\xbf" + good.encode(), *nocache)
        expect("a UTF-8 BOM is read: exit 1, the finding",
               r.returncode == 1 and "[ndis-leak]" in r.stdout, r)

        # An entry without "file" between two good ones: the position, and
        # the rest of the run goes on.
        text = json.dumps([entry(), {"directory": t, "arguments": ["cc"]}],
                          indent=1)
        r = run("missing_file", text, *nocache)
        expect("an entry without \"file\": exit 2 at FILE:LINE:COL, the "
               "good entry still analysed",
               r.returncode == 2 and re.search(
                   r"missing_file/compile_commands\.json:12:2: error: entry 2: "
                   r"missing \"file\"", r.stderr)
               and "[ndis-leak]" in r.stdout, r)

        text = json.dumps([entry(file=123)], indent=1)
        r = run("file_number", text, *nocache)
        expect("\"file\": 123 is an error at its position, not a path",
               r.returncode == 2 and re.search(
                   r"compile_commands\.json:4:11: error: entry 1: \"file\" "
                   r"must be a string, not a number", r.stderr)
               and "/123" not in r.stdout + r.stderr, r)

        r = run("empty", "[]\n", *nocache)
        expect("an empty database: exit 2, says so, not 'give files, or -p'",
               r.returncode == 2 and "has no entries" in r.stderr
               and "-p <build-dir>" not in r.stderr, r)

        r = run("deep", "[" * 50000 + "]" * 50000 + "\n", *nocache)
        expect("50,000 nested arrays: exit 2 with the position, no crash",
               r.returncode == 2 and re.search(
                   r"compile_commands\.json:1:513: error: malformed "
                   r"compilation database: nested deeper than 512", r.stderr),
               r)

        # A missing directory: named, the file reported as not analysed, the
        # other entry analysed; never LLVM's "Cannot chdir" abort.
        other = os.path.join(t, "other.c")
        shutil.copy(source, other)
        text = json.dumps([entry(directory=os.path.join(t, "no-such-dir"),
                                 file=other), entry()], indent=1)
        r = run("missing_dir", text, *nocache)
        expect("a missing directory: exit 2 naming it, the other file "
               "analysed, other.c reported as not analysed",
               r.returncode == 2 and "no-such-dir' of the entry for" in r.stderr
               and "other.c: error: not analysed" in r.stdout
               and "driver.c:" in r.stdout and "LLVM ERROR" not in r.stderr, r)

        # @file response files, relative to the entry's directory.
        with open(os.path.join(t, "flags.rsp"), "w") as f:
            f.write("-I%s -DFROM_RSP=1\n" % inc)
        text = json.dumps([entry(arguments=["clang", "@flags.rsp", "-c",
                                            src])])
        r = run("rsp", text, *nocache)
        expect("@flags.rsp is expanded: exit 1, the finding",
               r.returncode == 1 and "[ndis-leak]" in r.stdout, r)

        # 200 identical entries: analysed once, and cached.
        text = json.dumps([entry()] * 200)
        cache = os.path.join(t, "cache")
        r = run("dup", text, "--cache-dir", cache)
        # (links/ holds the link cache's findings, not summaries.)
        entries = [f for d, _, fs in os.walk(cache)
                   if os.path.basename(d) != "links" for f in fs]
        expect("200 identical entries: one file analysed, one cache entry",
               r.returncode == 1 and r.stdout.count("[ndis-leak]") == 1
               and "in 1 file" in r.stdout and len(entries) == 1, r)
    finally:
        shutil.rmtree(t)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

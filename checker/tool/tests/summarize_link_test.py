#!/usr/bin/python3
"""--summarize per file then --link reports exactly what one run reports.

Usage: summarize_link_test.py NDIS_CHECK RUNTIME_INCLUDE INPUTS_DIR EXAMPLE_DIR
                              RULES_JSON

For the multi-file example in every format, and for files that do not parse
next to one that does: the same stdout, stderr and exit code. Then the
errors: a file that is not a summary file, one made with another contract
database, and --summarize misuse. Exit 0 when all hold, 1 otherwise.
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def expect(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)


def main():
    checker, include, inputs, example, builtin_rules = sys.argv[1:6]
    flags = ["--", "-I" + include]
    work = tempfile.mkdtemp(prefix="ndischeck-link-")
    try:
        def summarize(sources, extra=()):
            out = []
            for i, src in enumerate(sources):
                ndis = os.path.join(work, f"{i}-{os.path.basename(src)}.ndis")
                p = run([checker, "--no-cache", "--summarize", src, "-o", ndis]
                        + list(extra) + flags)
                expect(p.returncode == 0,
                       f"--summarize {os.path.basename(src)} exits 0 "
                       f"(got {p.returncode}: {p.stderr.strip()})")
                out.append(ndis)
            return out

        def same_as_whole(name, sources, fmt):
            whole = run([checker, "--no-cache", "--format", fmt] + sources + flags)
            # Summary files in reverse order: the link sorts as a run does.
            linked = run([checker, "--link", "--format", fmt]
                         + summarize(sources)[::-1])
            expect(linked.returncode == whole.returncode,
                   f"{name} ({fmt}): exit {linked.returncode}, "
                   f"a whole run exits {whole.returncode}")
            expect(linked.stdout == whole.stdout, f"{name} ({fmt}): same report")
            expect(linked.stderr == whole.stderr, f"{name} ({fmt}): same stderr")

        example_sources = sorted(glob.glob(os.path.join(example, "*.c")))
        for fmt in ("text", "json", "sarif"):
            same_as_whole("multi-file example", example_sources, fmt)
        broken = [os.path.join(inputs, f) for f in
                  ("bad_syntax.c", "missing_header.c", "good.c")]
        same_as_whole("files that do not parse", broken, "text")

        # Bad input: reported as FILE: error: ..., the rest still linked.
        good = summarize([os.path.join(inputs, "good.c")])
        not_summary = os.path.join(work, "not-a-summary.ndis")
        shutil.copy(os.path.join(inputs, "good.c"), not_summary)
        p = run([checker, "--link", not_summary] + good)
        expect(p.returncode == 2, f"a file that is not a summary: exit 2 "
               f"(got {p.returncode})")
        expect(f"{not_summary}: error: not a summary file" in p.stderr,
               f"... named as FILE: error: ({p.stderr.strip()})")
        expect("good.c:6:42: warning: pool tag" in p.stdout,
               "... and the other summary still reported")
        truncated = os.path.join(work, "truncated.ndis")
        with open(good[0], "rb") as f, open(truncated, "wb") as t:
            t.write(f.read()[:40])
        p = run([checker, "--link", truncated])
        expect(p.returncode == 2 and f"{truncated}: error: corrupt summary file"
               in p.stderr, f"a truncated summary file: exit 2, named "
               f"({p.returncode}: {p.stderr.strip()})")

        rules = os.path.join(work, "rules.json")
        with open(builtin_rules) as f:
            text = f.read()
        with open(rules, "w") as f:
            f.write(text + "\n")
        other_db = summarize([os.path.join(inputs, "good.c")], ["--rules", rules])
        p = run([checker, "--link"] + other_db)
        expect(p.returncode == 2 and "another contract database" in p.stderr,
               f"a summary of another contract database: exit 2, said "
               f"({p.returncode}: {p.stderr.strip()})")
        p = run([checker, "--link", "--rules", rules] + other_db)
        expect(p.returncode == 1, f"... and linked with that database: exit 1 "
               f"(got {p.returncode})")

        two = [os.path.join(inputs, "good.c"), os.path.join(example, "init.c")]
        p = run([checker, "--summarize"] + two + ["-o", os.path.join(work, "x")]
                + flags)
        expect(p.returncode == 2 and "one source file" in p.stderr,
               "--summarize with two files: exit 2")
        p = run([checker, "--summarize", two[0]] + flags)
        expect(p.returncode == 2 and "-o" in p.stderr,
               "--summarize without -o: exit 2")
        p = run([checker, "--summarize", os.path.join(inputs, "nope.c"), "-o",
                 os.path.join(work, "nope.ndis")] + flags)
        expect(p.returncode == 2 and "no such file" in p.stderr
               and not os.path.exists(os.path.join(work, "nope.ndis")),
               "--summarize of a missing file: exit 2, nothing written")

        # Through the summary cache: the same bytes as without it, also
        # after a whole run over the file stored its findings (link cache).
        cache = os.path.join(work, "cache")
        outs = []
        for n in range(4):
            if n == 3:
                run([checker, "--cache-dir", cache, two[0]] + flags)
            out = os.path.join(work, f"cached-{n}.ndis")
            opts = ["--no-cache"] if n == 0 else ["--cache-dir", cache]
            run([checker, "--summarize", two[0], "-o", out] + opts + flags)
            with open(out, "rb") as f:
                outs.append(f.read())
        expect(outs[0] == outs[1] == outs[2] == outs[3],
               "--summarize writes the same bytes with a cold or warm cache")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(failures)} failed" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

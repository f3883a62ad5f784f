#!/usr/bin/python3
"""The link cache: used when every summary is a hit, never stale.

Usage: link_cache_test.py NDIS_CHECK RUNTIME_INCLUDE EXAMPLE_DIR

On a copy of a multi-file example: a cold run stores one link entry; a warm
run takes its findings from it, decoding no summary (an entry whose summary
is cut short is then neither noticed nor rewritten) and reports the same;
without the link entry the summaries are decoded (the cut ones are misses,
parsed and rewritten) and the report is still the same; after an edit of a
header the run reports what --no-cache reports on the edited sources.
Exit 0 when all hold.
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


def main():
    checker, include, example = sys.argv[1:4]
    with tempfile.TemporaryDirectory(prefix="ndischeck-linkcache-") as work:
        src = os.path.join(work, "src")
        shutil.copytree(example, src)
        # Sources older than the run, or the cache would not keep them.
        for f in os.listdir(src):
            os.utime(os.path.join(src, f), (1e9, 1e9))
        cache = os.path.join(work, "cache")
        sources = sorted(glob.glob(os.path.join(src, "*.c")))

        def run(*opts):
            p = subprocess.run([checker, "-j1"] + list(opts) + sources
                               + ["--", "-I" + include], capture_output=True,
                               text=True)
            return p.returncode, p.stdout

        def entries():
            return sorted(f for f in glob.glob(os.path.join(cache, "*", "*.ndis"))
                          if "/links/" not in f)

        cold = run("--cache-dir", cache)
        links = glob.glob(os.path.join(cache, "links", "*.ndis"))
        expect(len(links) == 1, f"a cold run stores one link entry ({len(links)})")
        expect(len(entries()) == len(sources), "and one summary entry per file")

        for e in entries():
            with open(e, "rb+") as f:
                f.truncate(os.path.getsize(e) - 1)
        stamps = {e: os.stat(e).st_mtime_ns for e in entries()}
        expect(run("--cache-dir", cache) == cold,
               "a warm run reports what the cold run reported")
        expect({e: os.stat(e).st_mtime_ns for e in entries()} == stamps,
               "from the link entry: no summary decoded, none rewritten")

        shutil.rmtree(os.path.join(cache, "links"))
        expect(run("--cache-dir", cache) == cold,
               "without the link entry, the same report")
        expect(all(os.stat(e).st_mtime_ns != stamps[e] for e in entries()),
               "from the summaries: the cut ones missed and were rewritten")

        header = os.path.join(src, "miniport.h")
        with open(header) as f:
            text = f.read()
        with open(header, "w") as f:
            f.write(text.replace("NDIS60_MINIPORT", "NDIS51_MINIPORT"))
        # Same size, another (old) mtime: the content decides.
        os.utime(header, (1.5e9, 1.5e9))
        edited = run("--cache-dir", cache)
        expect(edited == run("--no-cache"),
               "after a header edit, what --no-cache reports")
        expect(edited != cold, "(the edit changes the report)")
    print(f"{len(failures)} failed" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

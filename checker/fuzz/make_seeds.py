#!/usr/bin/env python3
"""Regenerates the binary seeds of the summary_decoder and cache_entry fuzzers.

Run it whenever the summary format (SummaryFormatVersion, SummaryJson.cpp) or
the cache entry layout (CacheEntry.cpp) changes, with a fresh ndis-check:

  python3 checker/fuzz/make_seeds.py build/checker/tool/ndis-check

summary_decoder/seeds: the binary summaries of examples/ndis6-multifile's
three files (as the summary cache stores them) and the --summarize file of
init.c. cache_entry/seeds: each of those summaries in a cache entry of the
fuzzer's fixed key, with no dependency and one absent path, and an entry
whose dependency (/etc/hostname) is stale and whose summary is empty.
"""
import glob
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLE = os.path.join(ROOT, "examples", "ndis6-multifile")
FLAGS = ["-I" + os.path.join(ROOT, "runtime", "include")]

SUMMARY_MAGIC = b"\x89NDS\r\n\x1a\n"
ENTRY_MAGIC = b"\x89NDC\r\n\x1a\n"
ENTRY_FORMAT = 3  # CacheEntry.cpp's EntryFormatVersion
FUZZ_KEY = b"00112233445566778899aabbccddeeff"  # FuzzCacheEntry.cpp's Key


def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def blob(b):
    return varint(len(b)) + b


def entry(deps, absent, summary):
    """encodeCacheEntry: deps are (path, size, mtime, ctime, hash) with the
    times 0 (zigzag 0 is 0); absent maps a directory to file names."""
    out = ENTRY_MAGIC + varint(ENTRY_FORMAT) + blob(FUZZ_KEY)
    out += varint(len(deps))
    for path, size, hsh in deps:
        out += blob(path) + varint(size) + varint(0) + varint(0) + blob(hsh)
    out += varint(len(absent))
    for d, names in sorted(absent.items()):
        out += blob(d) + varint(len(names))
        for n in names:
            out += blob(n)
    return out + summary


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    checker = os.path.abspath(sys.argv[1])
    sources = ["helpers.c", "init.c", "driver.c"]
    sd = os.path.join(HERE, "summary_decoder", "seeds")
    ce = os.path.join(HERE, "cache_entry", "seeds")
    for d in (sd, ce):
        for f in glob.glob(os.path.join(d, "*")):
            os.remove(f)
    with tempfile.TemporaryDirectory() as t:
        for i, name in enumerate(sources):
            cache = os.path.join(t, "cache%d" % i)
            src = os.path.join(EXAMPLE, name)
            subprocess.run([checker, "--cache-dir", cache, "--prefix-pch=off",
                            "-o", os.devnull, src, "--"] + FLAGS, check=False)
            entries = [p for p in glob.glob(os.path.join(cache, "*", "*.ndis"))
                       if os.path.basename(os.path.dirname(p)) != "links"]
            if len(entries) != 1:
                sys.exit("expected one cache entry for %s, found %d"
                         % (name, len(entries)))
            data = open(entries[0], "rb").read()
            at = data.find(SUMMARY_MAGIC)
            if not data.startswith(ENTRY_MAGIC) or at < 0:
                sys.exit("%s: not a cache entry holding a summary" % entries[0])
            summary = data[at:]
            with open(os.path.join(sd, "example-%d.ndis" % i), "wb") as f:
                f.write(summary)
            with open(os.path.join(ce, "entry-%d.ndis" % i), "wb") as f:
                f.write(entry([], {b"/no/such/dir": [b"miniport.h"]}, summary))
        out = os.path.join(sd, "summary-file.ndis")
        subprocess.run([checker, "--no-cache", "--summarize",
                        os.path.join(EXAMPLE, "init.c"), "-o", out, "--"]
                       + FLAGS, check=True)
    with open(os.path.join(ce, "stale-dep.ndis"), "wb") as f:
        f.write(entry([(b"/etc/hostname", 1, b"00")], {}, b""))
    print("seeds written to", sd, "and", ce)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Benchmark ndis-check against plain clang parsing, in one run.

Usage: tools/bench.py [--checker PATH] [--clang PATH] [--runs N]
                      [--size small|medium|large|LINES] [--seed N] [--jobs N]
                      [--corpus DIR] [--drivers A,B,...] [--no-corpus]
                      [--growth FIRST:LAST] [--json OUT.json] [--keep DIR]

Inputs (each given to ndis-check as a compile_commands.json, -p):
  testcases    every .c under testcases/ that needs no flags of its own
  generated    a synthetic multi-file driver (tools/gen_driver.py, --size)
  tu-100k      one generated translation unit of 100k lines (with driver.c)
  <project>    real drivers of the corpus (compdb/<project>/, see
               ../shared/corpus/README.md) when present: --corpus DIR, else
               $NDIS_CORPUS, else ndis-corpus beside the checkout; skipped
               when absent (it is not in CI) or with --no-corpus

Commands, each run --runs times (default 3):
  clang          clang -fsyntax-only once per file, with the file's flags
                 (the floor: parsing only, as a build would)
  no-cache       ndis-check -p DIR --no-cache (precompiled header prefix on)
  no-cache, no prefix PCH   the same with --prefix-pch=off
  warm cache     the same with a summary cache filled by a first run
  one changed    warm cache, one file edited (a comment appended to a copy)

Growth (--growth FIRST:LAST, default 250:8000; 0 skips it): one function of
N checked allocations, `if (NdisAllocateMemoryWithTag(&p, ..) == SUCCESS)
{ ..; NdisFreeMemory(p, ..); }`, for N = FIRST, 2*FIRST, ... LAST, analysed
with ndis-check --no-cache; each row shows what doubling N cost in CPU time
and in memory above the checker's start-up (the same file with N = 1).

The table shows the best CPU time (user + sys of the process and its
children) and wall time, and the largest peak RSS (ru_maxrss, from wait4),
each as a ratio to clang's. The machine is printed first, and what starting a
process costs ndis-check and clang (--version). ndis-check exit
codes 0 and 1 (findings) count as success; anything else fails the run.
Exit: 0 ok, 1 a command failed, 2 usage.
"""

import argparse
import glob
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen_driver  # noqa: E402  (tools/gen_driver.py)

FLAGS = ["--target=x86_64-pc-windows-msvc", "-fms-extensions",
         "-fms-compatibility", "-I" + os.path.join(ROOT, "runtime", "include")]
# Real NDIS drivers of the corpus: an 89-file NDIS 6 WDI miniport, the NDIS 6
# sample miniport and filter, an NDIS 5 miniport (ReactOS' headers).
DRIVERS = ["wds-wdi-rtl8723bs", "wds-netvmini680", "wds-ndislwf",
           "reactos-dd-nvnet-x64"]


class CommandFailed(Exception):
    pass


def measure(cmd, ok_codes=(0,), cwd=None):
    """Runs cmd once; returns (wall s, CPU s, peak RSS in KiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=cwd)
    stderr = proc.stderr.read()
    # wait4 gives this child's own rusage, with the descendants it waited
    # for (clang's cc1, say).
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in ok_codes:
        tail = stderr.decode(errors="replace")[-3000:]
        raise CommandFailed(f"exit {code}: {shlex.join(cmd)}\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def measure_all(cmds):
    """Runs each (cmd, cwd) once, one after another; sums time, maxes RSS."""
    wall = cpu = rss = 0
    for cmd, cwd in cmds:
        w, c, r = measure(cmd, cwd=cwd)
        wall, cpu, rss = wall + w, cpu + c, max(rss, r)
    return wall, cpu, rss


def best_of(fn, runs):
    samples = [fn() for _ in range(runs)]
    return {"wall_s": round(min(s[0] for s in samples), 4),
            "cpu_s": round(min(s[1] for s in samples), 4),
            "max_rss_kib": max(s[2] for s in samples),
            "cpu_samples": [round(s[1], 4) for s in samples]}


def count_lines(files):
    total = 0
    for path in files:
        with open(path, "rb") as f:
            total += sum(1 for _ in f)
    return total


def write_cdb(path, files, flags, clang):
    """A compile_commands.json: every file with the same flags, compiled in
    its own directory."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    entries = [{"directory": os.path.dirname(f), "file": f,
                "arguments": [clang] + flags + ["-c", f]} for f in files]
    with open(path, "w", encoding="utf-8") as out:
        json.dump(entries, out, indent=1)
    return os.path.dirname(path)


def clang_commands(cdb_dir, clang):
    """clang -fsyntax-only per entry, with the entry's own arguments."""
    with open(os.path.join(cdb_dir, "compile_commands.json")) as f:
        entries = json.load(f)
    cmds = []
    for e in entries:
        args = e.get("arguments") or shlex.split(e["command"])
        out = []
        skip = False
        for a in args[1:]:
            if skip:
                skip = False
                continue
            if a in ("-c", "-o"):
                skip = a == "-o"
                continue
            out.append(a)
        cmds.append(([clang, "-fsyntax-only"] + out, e["directory"]))
    return cmds, [e["file"] for e in entries]


def with_one_changed(cdb_dir, work, name):
    """A copy of cdb_dir's database whose first file is a copy of it with a
    comment appended (its directory stays on the quoted include path)."""
    with open(os.path.join(cdb_dir, "compile_commands.json")) as f:
        entries = json.load(f)
    first = entries[0]
    src = first["file"]
    copy_dir = os.path.join(work, f"changed-{name}")
    os.makedirs(copy_dir, exist_ok=True)
    copy = os.path.join(copy_dir, os.path.basename(src))
    with open(src, "rb") as i, open(copy, "wb") as o:
        o.write(i.read() + b"\n/* edited by tools/bench.py */\n")
    args = first.get("arguments") or shlex.split(first["command"])
    args = [copy if a == src else a for a in args]
    args[1:1] = ["-iquote", os.path.dirname(src)]
    entries[0] = {"directory": first["directory"], "file": copy,
                  "arguments": args}
    out_dir = os.path.join(work, f"cdb-changed-{name}")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=1)
    return out_dir


def bench_input(name, cdb_dir, args, work):
    """Measures every command on one input; returns its JSON record."""
    clang_cmds, files = clang_commands(cdb_dir, args.clang)
    jobs = ["-j", str(args.jobs)]
    cache = os.path.join(work, f"cache-{name}")
    found = (0, 1)  # ndis-check: no findings / findings
    checker = [args.checker, "--no-progress", "-p", cdb_dir] + jobs
    changed = with_one_changed(cdb_dir, work, name)

    def run(cmd, cwd=None):
        return lambda: measure(cmd, found, cwd)

    results = {"clang": best_of(lambda: measure_all(clang_cmds), args.runs)}
    results["no-cache"] = best_of(run(checker + ["--no-cache"]), args.runs)
    results["no-cache-no-pch"] = best_of(
        run(checker + ["--no-cache", "--prefix-pch=off"]), args.runs)
    measure(checker + ["--cache-dir", cache], found)  # fills the cache
    results["warm"] = best_of(run(checker + ["--cache-dir", cache]), args.runs)

    def one_changed():
        # Each sample starts from the warm cache of the unchanged sources.
        fresh = os.path.join(work, f"cache-{name}-changed")
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(cache, fresh)
        return measure([args.checker, "--no-progress", "-p", changed] + jobs
                       + ["--cache-dir", fresh], found)
    results["one-changed"] = best_of(one_changed, args.runs)

    base = results["clang"]
    for r in results.values():
        r["cpu_ratio"] = round(r["cpu_s"] / base["cpu_s"], 3) if base["cpu_s"] else None
        r["wall_ratio"] = round(r["wall_s"] / base["wall_s"], 3) if base["wall_s"] else None
        r["rss_ratio"] = (round(r["max_rss_kib"] / base["max_rss_kib"], 3)
                          if base["max_rss_kib"] else None)
    return {"input": name, "files": len(files), "lines": count_lines(files),
            "results": results}


LABELS = {"clang": "clang -fsyntax-only/file", "no-cache": "ndis-check --no-cache",
          "no-cache-no-pch": "  ... --prefix-pch=off", "warm": "warm cache",
          "one-changed": "warm, one file changed"}


GROWTH_HEAD = """#include <ndis.h>
#define MP_TAG 'gaTM'
typedef struct _MP_ADAPTER { NDIS_HANDLE H; ULONG Count; } MP_ADAPTER, *PMP_ADAPTER;
DRIVER_INITIALIZE DriverEntry;
NDIS_HANDLE MpWrapperHandle;
static VOID Work(PMP_ADAPTER A, ULONG x) {
  PVOID p;
"""
GROWTH_BLOCK = """  if (NdisAllocateMemoryWithTag(&p, {size}, MP_TAG) == NDIS_STATUS_SUCCESS) {{
    if ((x ^ {i}) & 1) A->Count++;
    NdisFreeMemory(p, {size}, 0);
  }}
"""
GROWTH_TAIL = """}
NDIS_STATUS MpInitialize(PNDIS_STATUS E, PUINT S, PNDIS_MEDIUM M, UINT N, NDIS_HANDLE H, NDIS_HANDLE W) {
  PMP_ADAPTER A; NDIS_STATUS St;
  UNREFERENCED_PARAMETER(E); UNREFERENCED_PARAMETER(M); UNREFERENCED_PARAMETER(N); UNREFERENCED_PARAMETER(W);
  *S = 0;
  St = NdisAllocateMemoryWithTag((PVOID *)&A, sizeof(MP_ADAPTER), MP_TAG);
  if (St != NDIS_STATUS_SUCCESS) return St;
  NdisZeroMemory(A, sizeof(MP_ADAPTER));
  NdisMSetAttributesEx(H, (NDIS_HANDLE)A, 0, NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;
}
VOID MpHalt(NDIS_HANDLE C) { NdisFreeMemory(C, sizeof(MP_ADAPTER), 0); }
NDIS_STATUS MpSend(NDIS_HANDLE C, PNDIS_PACKET P, UINT F) { UNREFERENCED_PARAMETER(P); Work((PMP_ADAPTER)C, F); return NDIS_STATUS_SUCCESS; }
NTSTATUS DriverEntry(PDRIVER_OBJECT D, PUNICODE_STRING R) {
  NDIS_MINIPORT_CHARACTERISTICS C; NDIS_STATUS St;
  NdisMInitializeWrapper(&MpWrapperHandle, D, R, NULL);
  NdisZeroMemory(&C, sizeof(C));
  C.MajorNdisVersion = 5; C.MinorNdisVersion = 1;
  C.InitializeHandler = MpInitialize; C.HaltHandler = MpHalt; C.SendHandler = MpSend;
  St = NdisMRegisterMiniport(MpWrapperHandle, &C, sizeof(C));
  if (St != NDIS_STATUS_SUCCESS) NdisTerminateWrapper(MpWrapperHandle, NULL);
  return St;
}
"""


def growth_source(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write(GROWTH_HEAD)
        for i in range(n):
            f.write(GROWTH_BLOCK.format(i=i, size=16 + i % 64))
        f.write(GROWTH_TAIL)


def bench_growth(args, work):
    """CPU and peak memory of one function of N checked allocations."""
    first, last = args.growth
    rows = []
    base_rss = None
    sizes = [1]  # the start-up footprint
    n = first
    while n <= last:
        sizes.append(n)
        n *= 2
    for n in sizes:
        src = os.path.join(work, f"growth_{n}.c")
        growth_source(src, n)
        cmd = [args.checker, "--no-cache", "--no-progress", src, "--"] + FLAGS
        r = best_of(lambda: measure(cmd, ok_codes=(0, 1)), args.runs)
        if n == 1:
            base_rss = r["max_rss_kib"]
            continue
        rows.append({"n": n, "cpu_s": r["cpu_s"], "max_rss_kib": r["max_rss_kib"]})
    for prev, row in zip(rows, rows[1:]):
        row["cpu_x"] = round(row["cpu_s"] / max(prev["cpu_s"], 0.01), 2)
        above_prev = max(prev["max_rss_kib"] - base_rss, 1)
        row["mem_x"] = round((row["max_rss_kib"] - base_rss) / above_prev, 2)
    return {"base_rss_kib": base_rss, "rows": rows}


def print_growth(growth):
    print("\none function of N checked allocations (ndis-check --no-cache, one file);"
          " x prev = cost of doubling N")
    print(f"{'N':>6}  {'CPU s':>7}  {'x prev':>6}  {'peak MiB':>8}  {'above start-up x prev':>21}")
    for row in growth["rows"]:
        cpu_x = f"{row['cpu_x']:.2f}" if "cpu_x" in row else "-"
        mem_x = f"{row['mem_x']:.2f}" if "mem_x" in row else "-"
        print(f"{row['n']:>6}  {row['cpu_s']:>7.2f}  {cpu_x:>6}  "
              f"{row['max_rss_kib'] / 1024:>8.1f}  {mem_x:>21}")
    print(f"(start-up: {growth['base_rss_kib'] / 1024:.1f} MiB, the same file with N = 1)")


def parse_growth(text):
    if text in ("0", ""):
        return (0, 0)
    first, _, last = text.partition(":")
    first, last = int(first), int(last or first)
    if first < 1 or last < first:
        raise argparse.ArgumentTypeError("expected FIRST:LAST with 1 <= FIRST <= LAST")
    return (first, last)


def print_table(records, runs, jobs):
    head = (f"{'input':<22} {'files':>5} {'lines':>7}  {'command':<24}"
            f" {'CPU s':>7} {'x clang':>7} {'wall s':>7} {'x clang':>7}"
            f" {'peak MiB':>8} {'x clang':>7}")
    print(f"\nbest of {runs} run(s) (CPU = user + sys), peak RSS over the runs;"
          f" ndis-check -j {jobs}")
    print(head)
    print("-" * len(head))
    for rec in records:
        first = True
        for key, r in rec["results"].items():
            lead = (f"{rec['input']:<22} {rec['files']:>5} {rec['lines']:>7}"
                    if first else " " * 36)
            first = False
            print(f"{lead}  {LABELS[key]:<24} {r['cpu_s']:>7.2f} {r['cpu_ratio']:>6.2f}x"
                  f" {r['wall_s']:>7.2f} {r['wall_ratio']:>6.2f}x"
                  f" {r['max_rss_kib'] / 1024:>8.1f} {r['rss_ratio']:>6.2f}x")


def machine():
    """What the numbers were measured on."""
    info = {"platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            info["memory_gib"] = round(int(f.readline().split()[1]) / 2**20, 1)
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    return info


def find_corpus(arg):
    for d in [arg, os.environ.get("NDIS_CORPUS"),
              os.path.join(ROOT, "..", "ndis-corpus"),
              os.path.join(ROOT, "..", "..", "ndis-corpus")]:
        if d and os.path.isdir(os.path.join(d, "compdb")):
            return os.path.realpath(d)
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--checker", default=os.path.join(ROOT, "build", "checker", "tool",
                                                      "ndis-check"))
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--size", type=gen_driver.parse_size, default=gen_driver.SIZES["medium"],
                    help="generated driver: small, medium (default), large or a line count")
    ap.add_argument("--tu-lines", type=gen_driver.parse_size, default=100_000,
                    help="lines of the one-TU input (default 100000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1, help="ndis-check -j (default 1)")
    ap.add_argument("--corpus", help="the real-driver corpus (has compdb/)")
    ap.add_argument("--drivers", default=",".join(DRIVERS),
                    help="corpus projects to run (default: %(default)s)")
    ap.add_argument("--no-corpus", action="store_true", help="skip the real drivers")
    ap.add_argument("--growth", type=parse_growth, default=(250, 8000),
                    help="one function of FIRST..LAST checked allocations, "
                         "doubling (default 250:8000; 0 skips it)")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--keep", help="generate into this dir and keep it (and the caches)")
    args = ap.parse_args(argv)

    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if not (os.path.isfile(args.checker) and os.access(args.checker, os.X_OK)):
        print(f"bench: no ndis-check at {args.checker} (build it, or pass --checker)")
        return 2
    args.checker = os.path.abspath(args.checker)
    clang = shutil.which(args.clang)
    if not clang:
        print(f"bench: {args.clang} not found (pass --clang)")
        return 2
    args.clang = clang

    info = machine()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    # What every process pays before it does anything: loading the LLVM
    # shared libraries (clang pays it per file, ndis-check per run).
    startup = {name: best_of(lambda cmd=cmd: measure(cmd), args.runs)["cpu_s"]
               for name, cmd in (("ndis-check", [args.checker, "--version"]),
                                 ("clang", [args.clang, "--version"]))}
    info["startup_cpu_s"] = startup
    print("process start-up (--version), CPU: " +
          ", ".join(f"{k} {v:.3f} s" for k, v in startup.items()))
    work = args.keep or tempfile.mkdtemp(prefix="ndis-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        inputs = []
        # Cases with their own flags (another header set) cannot share one
        # command line with the others; they are left out of the timing.
        testcases = sorted(
            f for f in glob.glob(os.path.join(ROOT, "testcases", "**", "*.c"),
                                 recursive=True)
            if "/_" not in os.path.relpath(f, ROOT)
            and not os.path.exists(os.path.join(os.path.dirname(f), "flags.txt")))
        if testcases:
            inputs.append(("testcases", write_cdb(
                os.path.join(work, "cdb-testcases", "compile_commands.json"),
                testcases, FLAGS, args.clang)))
        gen_dir = os.path.join(work, "generated")
        shutil.rmtree(gen_dir, ignore_errors=True)
        inputs.append(("generated", write_cdb(
            os.path.join(work, "cdb-generated", "compile_commands.json"),
            gen_driver.generate(gen_dir, args.size, args.seed), FLAGS, args.clang)))
        tu_dir = os.path.join(work, "tu")
        shutil.rmtree(tu_dir, ignore_errors=True)
        tu_files = gen_driver.generate(tu_dir, args.tu_lines, args.seed, nfiles=1)
        # The big file first: "one changed file" edits it.
        tu_files.sort(key=lambda f: not f.endswith("mod_00.c"))
        inputs.append((f"tu-{args.tu_lines // 1000}k", write_cdb(
            os.path.join(work, "cdb-tu", "compile_commands.json"),
            tu_files, FLAGS, args.clang)))
        corpus = None if args.no_corpus else find_corpus(args.corpus)
        if corpus:
            for project in [d for d in args.drivers.split(",") if d]:
                cdb = os.path.join(corpus, "compdb", project)
                if os.path.isfile(os.path.join(cdb, "compile_commands.json")):
                    inputs.append((project, cdb))
                else:
                    print(f"bench: no {project} in {corpus}; skipped")
        else:
            print("bench: no real-driver corpus (--corpus, $NDIS_CORPUS); "
                  "real drivers skipped")

        records = []
        for name, cdb_dir in inputs:
            print(f"bench: {name} ...", flush=True)
            records.append(bench_input(name, cdb_dir, args, work))
        growth = None
        if args.growth[0]:
            print("bench: growth ...", flush=True)
            growth = bench_growth(args, work)
    except CommandFailed as e:
        print(f"bench: command failed, {e}")
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print_table(records, args.runs, args.jobs)
    if growth:
        print_growth(growth)
    if args.json:
        out = {"runs": args.runs, "size_lines": args.size, "tu_lines": args.tu_lines,
               "seed": args.seed, "jobs": args.jobs, "machine": info,
               "checker": args.checker, "clang": args.clang, "inputs": records,
               "growth": growth}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)
            f.write("\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""A function an analysis gives up on is named, never passed over in silence.

Usage: budget_note_test.py NDIS_CHECK RUNTIME_INCLUDE

A small driver whose leak the resource analysis finds. With the analyses'
budgets lowered to nothing (the hidden --resource-steps-per-block and
--irql-steps-per-block), the leak is no longer found, and every report says
which function each analysis gave up on and what is therefore not checked:
a "note:" line in text, "notes" in JSON, a toolExecutionNotification of
level "note" in SARIF (the run still successful). A second run over the
cache (the link cache's entry) says it again. With the default budgets there is no such note.
Exit 0 when all hold.
"""

import json
import os
import subprocess
import sys
import tempfile

DRIVER = """#include <ndis.h>
VOID Grow(ULONG N)
{
    PVOID P, Kept;
    ULONG I;
    for (I = 0; I < N; ++I) {
        if (NdisAllocateMemoryWithTag(&P, 16, 'gaTB') == NDIS_STATUS_SUCCESS)
            NdisFreeMemory(P, 16, 0);
    }
    if (NdisAllocateMemoryWithTag(&Kept, 16, 'gaTB') != NDIS_STATUS_SUCCESS)
        return;
}
"""

LOW = ["--resource-steps-per-block=0", "--irql-steps-per-block=0"]
RESOURCE = ("'Grow' is too large for the resource analysis (over its budget "
            "of steps): its leaks, double frees and unchecked failures are "
            "not checked")
IRQL = ("'Grow' is too large for the IRQL analysis (over its budget of "
        "steps): the IRQL limits of its calls are not checked")

VALIDATE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "..", "..", "..", "tools", "sarif_validate.py")

failures = []


def expect(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def main():
    checker, include = sys.argv[1:3]
    with tempfile.TemporaryDirectory(prefix="ndischeck-budget-") as work:
        src = os.path.join(work, "grow.c")
        with open(src, "w") as f:
            f.write(DRIVER)
        # Older than the run, or the cache would not keep it.
        os.utime(src, (1e9, 1e9))
        cache = os.path.join(work, "cache")

        def run(*args):
            return subprocess.run([checker, *args, src, "--", "-I" + include],
                                  capture_output=True, text=True)

        usual = run("--no-cache")
        expect(usual.returncode == 1 and "[ndis-leak]" in usual.stdout,
               "with the default budgets the leak is found")
        expect("note: 'Grow' is too large" not in usual.stdout,
               "with the default budgets nothing is given up")

        low = run("--no-cache", *LOW)
        expect("[ndis-leak]" not in low.stdout,
               "over the budget the leak is not found")
        where = src + ":2:6: note: "
        expect(where + RESOURCE in low.stdout,
               "text: the resource analysis's note, at the function")
        expect(where + IRQL in low.stdout,
               "text: the IRQL analysis's note, at the function")
        expect(low.returncode == 0, "notes alone are not findings (exit 0)")

        doc = json.loads(run("--no-cache", "--format=json", *LOW).stdout)
        # The runtime headers' inline functions are given up on too.
        notes = [n for n in doc.get("notes", []) if n["file"] == src]
        expect({(n["file"], n["line"], n["message"]) for n in notes} ==
               {(src, 2, RESOURCE), (src, 2, IRQL)},
               "json: both notes, with file and line")

        sarif_text = run("--no-cache", "--format=sarif", *LOW).stdout
        sarif = json.loads(sarif_text)
        # The notes keep the log valid (tools/sarif_validate.py; it exits
        # 77 when tools/setup.sh has not fetched the schema).
        log = os.path.join(work, "notes.sarif")
        with open(log, "w") as f:
            f.write(sarif_text)
        v = subprocess.run([sys.executable, VALIDATE, log],
                           capture_output=True, text=True)
        if v.returncode == 77:
            print("skip sarif: the schema is not fetched")
        else:
            expect(v.returncode == 0, "sarif: the log with notes is valid "
                   + v.stdout.strip())
        inv = sarif["runs"][0]["invocations"][0]
        said = [(n["level"], n["message"]["text"],
                 n["locations"][0]["physicalLocation"]["region"]["startLine"])
                for n in inv.get("toolExecutionNotifications", [])
                if n["locations"][0]["physicalLocation"]["artifactLocation"]
                ["uri"].endswith("grow.c")]
        expect(sorted(said) == sorted([("note", RESOURCE, 2),
                                       ("note", IRQL, 2)]),
               "sarif: both notes as toolExecutionNotifications")
        expect(inv["executionSuccessful"] is True,
               "sarif: the run is still successful")

        for attempt in ("cold", "warm"):
            cached = run("--cache-dir", cache, *LOW)
            expect(where + RESOURCE in cached.stdout,
                   f"{attempt} cache: the note is there")
        clean = run("--cache-dir", cache)
        expect("[ndis-leak]" in clean.stdout and "too large" not in
               clean.stdout, "the cache does not keep a note for a run "
               "with the default budgets")
        links = os.path.join(cache, "links")
        expect(os.path.isdir(links) and os.listdir(links),
               "runs with notes are kept in the link cache too")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

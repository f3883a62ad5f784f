#!/usr/bin/env python3
"""-o never replaces what is not a regular file, and a lost report is exit 4.

usage: output_targets.py NDIS_CHECK SOURCE -- FLAGS...

Runs ndis-check on SOURCE (which must give findings, exit 1) with -o onto a
FIFO, a symbolic link, a character device (a private null device made with
mknod, when allowed), "-", a directory and a missing directory, and with
stdout on /dev/full. Each case states what the README promises.
"""
import os
import stat
import subprocess
import sys
import tempfile
import threading


def main():
    checker, source = (os.path.abspath(a) for a in sys.argv[1:3])
    flags = sys.argv[sys.argv.index("--"):]
    problems = []

    def run(*args, stdout=subprocess.PIPE):
        return subprocess.run([checker, "--no-cache", "--no-progress", *args,
                               source, *flags], stdout=stdout,
                              stderr=subprocess.PIPE, text=True, timeout=300)

    def expect(what, ok, r=None):
        print(("ok:   " if ok else "FAIL: ") + what)
        if not ok:
            problems.append(what)
            if r is not None:
                print("  exit", r.returncode, "stderr:", r.stderr.strip())

    with tempfile.TemporaryDirectory() as t:
        # A FIFO is written through, with a reader on the other end.
        fifo = os.path.join(t, "fifo")
        os.mkfifo(fifo)
        got = []
        reader = threading.Thread(
            target=lambda: got.append(open(fifo).read()), daemon=True)
        reader.start()
        r = run("-o", fifo)
        reader.join(60)
        expect("-o FIFO: exit 1, the reader gets the report, the FIFO stays",
               r.returncode == 1 and got and "[ndis-" in got[0]
               and stat.S_ISFIFO(os.lstat(fifo).st_mode), r)

        # A symbolic link keeps pointing at its target, which gets the report.
        target = os.path.join(t, "target.txt")
        link = os.path.join(t, "link.txt")
        with open(target, "w") as f:
            f.write("old\n")
        os.symlink("target.txt", link)
        r = run("-o", link)
        expect("-o symlink: exit 1, the link stays, its target has the report",
               r.returncode == 1 and os.path.islink(link)
               and "[ndis-" in open(target).read(), r)

        # A character device is written through, never replaced.
        null = os.path.join(t, "null")
        try:
            os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except OSError as e:
            print("skip: -o character device (mknod: %s)" % e.strerror)
        else:
            r = run("-o", null)
            expect("-o character device: exit 1, still a character device",
                   r.returncode == 1
                   and stat.S_ISCHR(os.lstat(null).st_mode), r)

        # "-" is standard output, not a file named "-".
        r = subprocess.run([checker, "--no-cache", "--no-progress", "-o", "-",
                            source, *flags], cwd=t, capture_output=True,
                           text=True, timeout=300)
        expect("-o -: exit 1, the report on stdout, no file '-'",
               r.returncode == 1 and "[ndis-" in r.stdout
               and not os.path.exists(os.path.join(t, "-")), r)

        # Reports that cannot be written: exit 4, never 1 ("findings").
        r = run("-o", t)
        expect("-o directory: exit 4, 'is a directory', directory intact",
               r.returncode == 4 and "is a directory" in r.stderr
               and os.path.isdir(t), r)
        r = run("-o", os.path.join(t, "no-such-dir", "r.txt"))
        expect("-o into a missing directory: exit 4", r.returncode == 4, r)
        if os.path.exists("/dev/full"):
            for fmt in ("text", "sarif"):
                with open("/dev/full", "w") as full:
                    r = run("--format", fmt, stdout=full)
                expect("--format %s, stdout on /dev/full: exit 4, says why"
                       % fmt, r.returncode == 4
                       and "standard output" in r.stderr, r)
            with open("/dev/full", "w") as full:
                r = subprocess.run([checker, "--list-rules"], stdout=full,
                                   stderr=subprocess.PIPE, text=True)
            expect("--list-rules, stdout on /dev/full: exit 4",
                   r.returncode == 4, r)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""End-to-end test of ndis-clangd over the Language Server Protocol.

Copies driver sources (--source, and with --corpus every one-file testcase)
into a scratch project with a .clangd that enables the
ndis-* checks (as examples/.clangd does), starts ndis-clangd on stdio, and
speaks LSP to it like an editor: initialize (advertising
publishDiagnostics.relatedInformation) -> initialized -> per file: didOpen,
wait for its publishDiagnostics, didClose -> shutdown -> exit.

The diagnostics must be exactly what `ndis-check` reports for the same file:
for every finding, a diagnostic with the rule id as code, source
"clang-tidy", starting at the finding's line and column, and the finding's
trace (its notes) as relatedInformation with the same locations and messages.
At least one finding must carry a trace, or the test proves nothing about
notes. Standard library only; every wait is bounded.
"""
import argparse
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

DIAG = re.compile(r"^(.*?):(\d+):(\d+): (error|warning|note): (.*?)(?: \[([a-z0-9-]+)\])?$")


class Lsp:
    def __init__(self, argv, cwd, log):
        self.proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=log)
        self.inbox = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii", "replace").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            self.inbox.put(json.loads(out.read(length)))

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params, timeout):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout,
                         "reply to " + method)

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def wait(self, pred, timeout, what):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no %s within %ss" % (what, timeout))
            try:
                msg = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if msg is None:
                raise EOFError("ndis-clangd exited while waiting for " + what)
            if "method" in msg and "id" in msg:
                # A server->client request (e.g. workDoneProgress/create).
                self.send({"id": msg["id"], "result": None})
            if pred(msg):
                return msg


def cap(msg):
    """clangd capitalises the first letter of every message."""
    return msg[:1].upper() + msg[1:]


def cli_findings(checker, source, flags):
    """[(line, col, rule, message, [(file, line, col, message)])] from ndis-check."""
    out = subprocess.run([checker, "--no-cache", "--no-progress", source, "--"] + flags,
                         capture_output=True, text=True, timeout=300)
    if out.returncode not in (0, 1):
        sys.exit("ndis-check failed (%d): %s" % (out.returncode, out.stderr))
    findings = []
    for text in out.stdout.splitlines():
        m = DIAG.match(text)
        if not m:
            continue
        f, line, col, kind, msg, rule = m.groups()
        if kind == "note":
            findings[-1][4].append((os.path.realpath(f), int(line), int(col), cap(msg)))
        else:
            findings.append((int(line), int(col), rule, cap(msg), []))
    return findings


def compare(name, want, diags):
    """Problems between ndis-check's findings and one file's diagnostics."""
    ndis = [d for d in diags if str(d.get("code", "")).startswith("ndis-")]
    print("%s: ndis-clangd published %d diagnostics, %d of them ndis-*; ndis-check reports %d"
          % (name, len(diags), len(ndis), len(want)))
    problems = []
    for line, col, rule, msg, notes in want:
        match = [d for d in ndis if d["code"] == rule
                 and d["range"]["start"] == {"line": line - 1, "character": col - 1}]
        if not match:
            problems.append("%s: missing %s at %d:%d (%s)" % (name, rule, line, col, msg))
            continue
        d = match[0]
        if d.get("source") != "clang-tidy" or d["message"] != msg:
            problems.append("%s: %s at %d:%d: source %r, message %r; expected %r"
                            % (name, rule, line, col, d.get("source"), d["message"], msg))
        related = [(os.path.realpath(r["location"]["uri"][len("file://"):]),
                    r["location"]["range"]["start"]["line"] + 1,
                    r["location"]["range"]["start"]["character"] + 1, r["message"])
                   for r in d.get("relatedInformation", [])]
        if related != notes:
            problems.append("%s: %s at %d:%d: relatedInformation %r; expected the trace %r"
                            % (name, rule, line, col, related, notes))
        print("ok   %s at %d:%d with %d related locations" % (rule, line, col, len(related)))
    if len(ndis) != len(want):
        problems.append("%s: %d ndis-* diagnostics for %d findings: %s"
                        % (name, len(ndis), len(want), json.dumps(ndis, indent=1)))
    return problems


def corpus_sources(testcases):
    """The one-file testcases that need no flags.txt."""
    out = []
    for topic in sorted(os.listdir(testcases)):
        tdir = os.path.join(testcases, topic)
        if topic.startswith(("_", ".")) or not os.path.isdir(tdir):
            continue
        for name in sorted(os.listdir(tdir)):
            case = os.path.join(tdir, name)
            if name.startswith(("_", ".")) or not os.path.isdir(case) or \
                    os.path.exists(os.path.join(case, "flags.txt")):
                continue
            sources = [f for f in os.listdir(case) if f.endswith(".c")]
            if len(sources) == 1:
                out.append(os.path.join(case, sources[0]))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clangd", required=True)
    p.add_argument("--checker", required=True, help="ndis-check, for the expected findings")
    p.add_argument("--source", action="append", default=[],
                   help="a one-file driver (repeatable)")
    p.add_argument("--corpus", help="also every one-file testcase of this testcases/ "
                   "directory that has no flags.txt")
    p.add_argument("--include", required=True, help="runtime/include")
    p.add_argument("--timeout", type=float, default=120)
    args = p.parse_args()
    args.clangd = os.path.abspath(args.clangd)
    sources = list(args.source) + (corpus_sources(args.corpus) if args.corpus else [])
    if not sources:
        p.error("no --source and no --corpus")

    flags = ["-I" + os.path.abspath(args.include), "--target=x86_64-pc-windows-msvc",
             "-fms-extensions", "-fms-compatibility"]
    work = tempfile.mkdtemp(prefix="ndis-lsp-")
    try:
        with open(os.path.join(work, ".clangd"), "w") as f:
            f.write("CompileFlags:\n  Add: [%s]\n" % ", ".join(flags) +
                    "Diagnostics:\n  ClangTidy:\n    Add: [ndis-*]\n"
                    "    FastCheckFilter: Loose\n")
        # Each source in a directory of its own, under the one .clangd.
        files = []
        for i, source in enumerate(sources):
            os.mkdir(os.path.join(work, str(i)))
            src = os.path.realpath(os.path.join(work, str(i), os.path.basename(source)))
            shutil.copy(source, src)
            files.append((source, src, cli_findings(args.checker, src, flags)))
        if not any(want for _, _, want in files):
            sys.exit("FAIL: ndis-check reports nothing: pick sources with findings")
        if not any(n for _, _, want in files for *_, n in want):
            sys.exit("FAIL: no finding has a trace: pick a source with one")

        log = open(os.path.join(work, "clangd.log"), "w")
        lsp = Lsp([args.clangd, "--log=info", "--pch-storage=memory",
                   "--background-index=false"], work, log)
        published = []
        try:
            lsp.request("initialize", {
                "processId": os.getpid(), "rootUri": "file://" + work,
                "capabilities": {"textDocument": {"publishDiagnostics": {
                    "relatedInformation": True, "codeDescriptionSupport": True}}},
            }, args.timeout)
            lsp.notify("initialized", {})
            for _, src, _ in files:
                uri = "file://" + src
                lsp.notify("textDocument/didOpen", {"textDocument": {
                    "uri": uri, "languageId": "c", "version": 1,
                    "text": open(src).read()}})
                pub = lsp.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                               and m["params"]["uri"] == uri, args.timeout,
                               "publishDiagnostics for " + src)
                published.append(pub["params"]["diagnostics"])
                lsp.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            lsp.request("shutdown", None, args.timeout)
            lsp.notify("exit", None)
            lsp.proc.wait(timeout=30)
        finally:
            if lsp.proc.poll() is None:
                lsp.proc.kill()
            log.close()

        problems = []
        for (source, _, want), diags in zip(files, published):
            problems += compare(source, want, diags)
        for pr in problems:
            print("FAIL " + pr)
        if problems:
            print(open(os.path.join(work, "clangd.log")).read()[-3000:])
            return 1
        print("PASS: %d files" % len(files))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

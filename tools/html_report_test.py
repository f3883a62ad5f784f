#!/usr/bin/env python3
"""The HTML report in a real browser (ctest tools.html-report).

Headless Chromium loads reports ndis-check wrote and dumps the DOM as the
page's script left it:
  - the NDIS 6 example: one article per finding (as many as the JSON report
    has), each trace drawn step by step over the source (the entry point,
    the call into the helper, the offending call marked in its line);
  - a report against a baseline: new, unchanged and NOLINT-suppressed
    findings each in a section of their own;
  - a filtered view (report.html#rule=...): only that rule's findings shown;
and the browser's console stays empty (no script error). A screenshot of
each page is kept in the output folder as a test artifact.
Exit 77 (skipped) when Chromium is not installed.
"""
import argparse
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys


def fail(msg, detail=''):
    sys.exit('FAIL: %s\n%s' % (msg, detail))


def ok(msg):
    print('ok:', msg)


class Dom(html.parser.HTMLParser):
    """Articles per section (visible and hidden) and the trace steps."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.sections = {}
        self.steps = []
        self.in_where = 0
        self.text = ''

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'section' and a.get('class') == 'findings':
            self.section = a.get('id')
            self.sections[self.section] = {'shown': 0, 'hidden': 0}
        if tag == 'article' and self.section:
            key = 'hidden' if 'hidden' in a else 'shown'
            self.sections[self.section][key] += 1
        if tag == 'div' and a.get('class') == 'where':
            self.in_where, self.text = 1, ''

    def handle_endtag(self, tag):
        if tag == 'section':
            self.section = None
        if tag == 'div' and self.in_where:
            self.in_where = 0
            self.steps.append(' '.join(self.text.split()))

    def handle_data(self, data):
        if self.in_where:
            self.text += data


def browse(chromium, page, out, name, fragment=''):
    """Loads the page; returns its DOM and the console lines."""
    profile = os.path.join(out, 'chromium-profile-' + name)
    shutil.rmtree(profile, ignore_errors=True)
    flags = [chromium, '--headless', '--no-sandbox', '--disable-gpu',
             '--disable-background-networking', '--disable-component-update',
             '--disable-sync', '--no-first-run', '--user-data-dir=' + profile,
             '--enable-logging=stderr', '--v=0', '--window-size=1280,1600']
    url = 'file://' + os.path.abspath(page) + fragment
    p = subprocess.run(flags + ['--dump-dom', url], capture_output=True,
                       text=True, timeout=120)
    if p.returncode != 0:
        fail('chromium could not load ' + url, p.stderr)
    console = [l for l in p.stderr.splitlines() if ':CONSOLE' in l]
    shot = os.path.join(out, name + '.png')
    subprocess.run(flags + ['--screenshot=' + shot, url], capture_output=True,
                   timeout=120)
    if not os.path.getsize(shot):
        fail('no screenshot of ' + url)
    shutil.rmtree(profile, ignore_errors=True)
    dom = Dom()
    dom.feed(p.stdout)
    return dom, console


def check_console(console, what):
    if console:
        fail('the browser console is not empty for ' + what,
             '\n'.join(console))
    ok('no console message for ' + what)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--checker', required=True)
    ap.add_argument('--chromium', default='/usr/bin/chromium')
    ap.add_argument('--example', required=True)
    ap.add_argument('--source', required=True, help='a file with NOLINTs')
    ap.add_argument('--include', required=True)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    if not os.access(a.chromium, os.X_OK):
        print('chromium not installed: skipped')
        return 77
    os.makedirs(a.out, exist_ok=True)

    # 1. The NDIS 6 example: findings with traces over three files.
    sources = sorted(os.path.join(a.example, f)
                     for f in os.listdir(a.example) if f.endswith('.c'))
    flags = ['--', '-I' + a.include, '-DNDIS60_MINIPORT=1']
    page = os.path.join(a.out, 'example.html')
    p = subprocess.run([a.checker, '--no-cache', '--format', 'html', '-o',
                        page] + sources + flags)
    if p.returncode != 1:
        fail('ndis-check --format html on the example: exit %d' % p.returncode)
    js = json.loads(subprocess.run(
        [a.checker, '--no-cache', '--format', 'json'] + sources + flags,
        capture_output=True, text=True).stdout)
    text = open(page).read()
    if re.search(r'<(script|link|img)[^>]+(src|href)=', text) or \
            re.search(r'https?://', text):
        fail('the page loads something from outside')
    ok('self-contained: no external script, style, font or image')
    dom, console = browse(a.chromium, page, a.out, 'example')
    check_console(console, 'the example report')
    shown = dom.sections['active']['shown']
    if shown != len(js['findings']) or shown == 0:
        fail('%d findings rendered, the JSON report has %d' %
             (shown, len(js['findings'])))
    ok('%d findings rendered, as in the JSON report' % shown)
    # Each step reads "N KIND PATH:LINE:COL MESSAGE".
    want = [('entry point', 'driver.c:10:13',
             "'MpResetEx' is entered as MINIPORT_RESET"),
            ('call', 'driver.c:20:11',
             "'MpResetEx' calls 'MpAllocateRxRing' here"),
            ('the call', 'helpers.c:17:10', 'NdisAllocateMemory with')]
    for kind, where, message in want:
        pat = re.compile(r'^\d+ %s \S*/%s %s' % (re.escape(kind),
                                                  re.escape(where),
                                                  re.escape(message)))
        if not any(pat.match(step) for step in dom.steps):
            fail('no trace step %s' % str((kind, where, message)),
                 '\n'.join(dom.steps))
    ok('trace steps drawn: entry point, the call into the helper, the '
       'offending call')

    # 2. A filtered view: one rule.
    dom, console = browse(a.chromium, page, a.out, 'example-filtered',
                          '#rule=ndis-irql')
    check_console(console, 'the filtered view')
    irql = sum(1 for f in js['findings'] if f['ruleId'] == 'ndis-irql')
    if dom.sections['active']['shown'] != irql:
        fail('#rule=ndis-irql shows %d findings, want %d' %
             (dom.sections['active']['shown'], irql))
    ok('#rule=ndis-irql shows only its %d finding(s)' % irql)

    # 3. New, unchanged and suppressed findings apart.
    work = os.path.join(a.out, 'baseline-driver')
    os.makedirs(work, exist_ok=True)
    drv = os.path.join(work, 'driver.c')
    shutil.copy(a.source, drv)
    base = os.path.join(a.out, 'baseline.sarif')
    common = [a.checker, '--no-cache', '--src-root', work]
    subprocess.run(common + ['--format', 'sarif', '-o', base, drv, '--',
                             '-I' + a.include], check=False)
    with open(drv, 'a') as f:
        f.write('\nVOID NewScratch(VOID) {\n  PVOID B;\n'
                '  NdisAllocateMemoryWithTag(&B, 8, 0);\n}\n')
    page = os.path.join(a.out, 'baseline.html')
    subprocess.run(common + ['--baseline', base, '--format', 'html', '-o',
                             page, drv, '--', '-I' + a.include], check=False)
    js = json.loads(subprocess.run(
        common + ['--format', 'json', drv, '--', '-I' + a.include],
        capture_output=True, text=True).stdout)
    new = json.loads(subprocess.run(
        common + ['--baseline', base, '--format', 'json', drv, '--',
                  '-I' + a.include], capture_output=True, text=True).stdout)
    dom, console = browse(a.chromium, page, a.out, 'baseline')
    check_console(console, 'the baseline report')
    got = {k: v['shown'] for k, v in dom.sections.items()}
    suppressed = sum(1 for f in js['findings'] if f['suppressed'])
    active = sum(1 for f in new['findings'] if not f['suppressed'])
    want = {'active': active, 'suppressed': suppressed,
            'unchanged': len(js['findings']) - suppressed - active}
    if got != want or 0 in want.values():
        fail('sections %s, want %s' % (got, want))
    ok('new %(active)d, unchanged %(unchanged)d, suppressed %(suppressed)d, '
       'each in its own section (--baseline JSON lists the new ones only)'
       % got)
    print('screenshots in', a.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())

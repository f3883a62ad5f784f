#!/usr/bin/env python3
"""A Windows driver on Linux, end to end (ctest cli.windows-driver.*):

  wdk       ndis-check --vcxproj Driver.vcxproj --wdk <WDK-shaped tree with
            mixed letter case> finds in the example driver exactly what a
            plain run with the runtime's headers finds, plus the findings of
            the project's own WPP-traced file; the exported compile commands
            carry what the WDK's MSBuild evaluation decides (Debug/Release,
            NDIS and KMDF versions, ExcludedFromBuild) and give the same
            findings through -p; without --wdk nothing parses.
  path-map  a compile_commands.json made on Windows (C:\\ paths, cl.exe
            command strings) read through --path-map gives the findings of a
            plain run; without --path-map it is refused, naming the path.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(cond, what, detail=''):
    if not cond:
        sys.exit('FAIL: %s\n%s' % (what, detail))
    print('ok:', what)


def findings(doc, only_under=None):
    out = set()
    for f in doc['findings']:
        path = os.path.realpath(f['file'])
        if only_under and not path.startswith(only_under + os.sep):
            continue
        trace = tuple((os.path.realpath(t['file']), t['line'], t['column'],
                       t['message']) for t in f['trace'])
        out.add((f['ruleId'], path, f['line'], f['column'], f['message'],
                 trace))
    return out


def reference(a):
    """The example driver analysed the ordinary way, with the runtime's
    headers (examples/ndis6-multifile/compile_flags.txt)."""
    sources = sorted(os.path.join(a.example, f) for f in os.listdir(a.example)
                     if f.endswith('.c'))
    rc, out, err = run([a.checker, '--no-cache', '--format', 'json'] +
                       sources + ['--', '-I' + a.runtime_include,
                                  '-DNDIS60_MINIPORT=1'])
    check(rc == 1, 'reference run of the example reports findings', err)
    return findings(json.loads(out))


def test_wdk(a):
    project = os.path.join(HERE, 'inputs', 'vcxproj', 'Driver.vcxproj')
    rc, kit, err = run([sys.executable, os.path.join(HERE, 'make_wdk_tree.py'),
                        a.runtime_include, os.path.join(a.out, 'wdk')])
    check(rc == 0, 'WDK-shaped tree generated', err)
    kit = kit.strip()
    cache = os.path.join(a.out, 'cache')
    export = os.path.join(a.out, 'export')
    os.makedirs(export, exist_ok=True)
    cdb = os.path.join(export, 'compile_commands.json')
    base = [a.checker, '--no-cache', '--cache-dir', cache, '--format', 'json',
            '--vcxproj', project]

    rc, out, err = run(base + ['--wdk', kit, '--export-compile-commands', cdb],
                       cwd=a.out)
    check(rc == 1, '--vcxproj --wdk: exit 1 (findings), nothing fails to '
          'parse', out + err)
    doc = json.loads(out)
    check(doc['errors'] == [] and doc['files'] == 4,
          'four translation units, all parsed', json.dumps(doc['errors']))
    check('WPP trace header' in err and 'TraceEvents' in err and
          'DEBUGP' in err, 'a note says which .tmh files are stubs and '
          'which trace macros they define away', err)
    got = findings(doc)
    example = os.path.realpath(a.example)
    want = reference(a)
    check({f for f in got if f[1].startswith(example + os.sep)} == want,
          'the example driver: the same findings (and traces) as with the '
          'runtime headers', '\n'.join(map(str, got ^ want)))
    wpp = sorted((f[0], f[2], f[3]) for f in got if f[1].endswith('Wpp.c'))
    check(wpp == [('ndis-tag', 20, 56), ('ndis-tag', 22, 49)],
          'the project\'s own WPP-traced file is analysed', str(wpp))

    commands = json.load(open(cdb))
    files = sorted(os.path.basename(c['file']) for c in commands)
    check(files == ['Wpp.c', 'driver.c', 'helpers.c', 'init.c'],
          'exported: the ClCompile items (wildcard, Debug excludes '
          'Broken.c)', str(files))
    for c in commands:
        args = c['arguments']
        for flag in ['-DDBG=1', '-DNDIS630=1', '-DKMDF_VERSION_MAJOR=1',
                     '-DKMDF_VERSION_MINOR=15', '-D_KERNEL_MODE',
                     '-DNTDDI_VERSION=0x0A00000B', '-DDRV_FROM_PROPS=1',
                     '-DDRV_SHEET=Common', '-nostdinc', '-ivfsoverlay',
                     '--target=x86_64-pc-windows-msvc']:
            check(flag in args, 'exported %s: %s' % (c['file'], flag),
                  ' '.join(args))
    overlay = commands[0]['arguments'][
        commands[0]['arguments'].index('-ivfsoverlay') + 1]
    check("'case-sensitive': 'false'" in open(overlay).read(),
          'the overlay is case-insensitive', overlay)

    rc, out, err = run([a.checker, '--no-cache', '--format', 'json', '-p',
                        export])
    check(rc == 1 and findings(json.loads(out)) == got,
          '-p on the exported commands: the same findings', out + err)

    rc, out, err = run(base, cwd=a.out)
    check(rc == 3 and "'ndis.h' file not found" in err,
          'without --wdk the driver does not parse (exit 3)', err)

    rel = os.path.join(a.out, 'release')
    os.makedirs(rel, exist_ok=True)
    rc, out, err = run(base + ['--wdk', kit, '--configuration', 'Release',
                               '--export-compile-commands',
                               os.path.join(rel, 'compile_commands.json')])
    commands = json.load(open(os.path.join(rel, 'compile_commands.json')))
    check(rc == 3 and any(e['file'].endswith('Broken.c')
                          for e in json.loads(out)['errors']),
          'Release compiles Broken.c (excluded only in Debug); it does not '
          'parse (exit 3)', out + err)
    check(all('-DDBG=1' not in c['arguments'] and
              '-DDRV_RELEASE_ONLY=1' in c['arguments'] for c in commands),
          'Release: no DBG=1, its own defines', '')


def test_path_map(a):
    """A database as MSBuild or CMake writes it on Windows."""
    src, inc = 'C:\\src\\drv', 'C:\\src\\Runtime Include'
    entries = []
    for name in sorted(os.listdir(a.example)):
        if not name.endswith('.c'):
            continue
        # One file named in another letter case than on disk.
        win = src + '\\' + (name.capitalize() if name == 'driver.c' else name)
        entries.append({
            'directory': src,
            'file': win,
            'command': 'cl.exe /nologo /c /I"%s" /DNDIS60_MINIPORT=1 '
                       '/FoC:\\out\\%s.obj %s' % (inc, name[:-2], win)})
    d = os.path.join(a.out, 'windows-cdb')
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'compile_commands.json'), 'w') as f:
        json.dump(entries, f, indent=1)

    rc, out, err = run([a.checker, '--no-cache', '--format', 'json', '-p', d,
                        '--path-map', src + '=' + a.example,
                        '--path-map', inc + '=' + a.runtime_include])
    check(rc == 1, '--path-map: exit 1 (findings)', out + err)
    check(findings(json.loads(out)) == reference(a),
          '--path-map: the findings of a plain run', out)

    rc, out, err = run([a.checker, '--no-cache', '-p', d])
    check(rc == 2 and 'is a Windows path' in err and 'C:\\src\\drv' in err,
          'without --path-map: refused, naming the Windows path', err)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('case', choices=['wdk', 'path-map'])
    p.add_argument('--checker', required=True)
    p.add_argument('--runtime-include', required=True)
    p.add_argument('--example', required=True)
    p.add_argument('--out', required=True)
    a = p.parse_args()
    a.out = os.path.join(a.out, a.case)
    os.makedirs(a.out, exist_ok=True)
    {'wdk': test_wdk, 'path-map': test_path_map}[a.case](a)


if __name__ == '__main__':
    main()

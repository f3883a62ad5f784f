#!/usr/bin/env bash
# tools/sarif_multitool.sh - validate SARIF logs with Microsoft's SARIF Multitool.
#
# Usage: tools/sarif_multitool.sh LOG.sarif [LOG.sarif ...]
#        tools/sarif_multitool.sh --check   (is it installed? 0 or 77)
#
# Runs `Sarif.Multitool validate` twice per log: with its default SARIF rules,
# and with GitHub code scanning's ingestion rules added (--rule-kind "Sarif;Gh";
# Multitool 5.7.0 rejects a bare `--rule-kind Gh` as "bad format"). The
# Multitool exits 0 even when it reports errors, so its console output is read
# instead: any "error" or "warning" line fails the log; notes are only counted.
#
# Exit codes: 0 valid, 1 invalid, 2 usage, 77 Multitool not installed (install
# it with `tools/setup.sh --with-multitool`; ctest reports the test as skipped).
# MULTITOOL=/path/to/Sarif.Multitool overrides where it is looked for.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MULTITOOL=${MULTITOOL:-$ROOT/tools/.sarif/multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool}
# The .NET runtime inside needs ICU unless told to run without it.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

if [ $# -eq 0 ]; then
  echo "usage: $0 LOG.sarif [LOG.sarif ...]" >&2
  exit 2
fi
if [ ! -x "$MULTITOOL" ]; then
  echo "SKIP: SARIF Multitool not installed at $MULTITOOL (run tools/setup.sh --with-multitool)"
  exit 77
fi
[ "$1" != --check ] || exit 0

status=0
for log in "$@"; do
  [ -f "$log" ] || { echo "$log: no such file" >&2; exit 2; }
  for kinds in default "Sarif;Gh"; do
    args=(validate "$log")
    [ "$kinds" = default ] || args+=(--rule-kind "$kinds")
    out=$("$MULTITOOL" "${args[@]}" 2>&1) || {
      echo "$log [$kinds]: Multitool failed to run:"
      echo "$out" | grep -v '^ ' | head -20
      status=1
      continue
    }
    problems=$(echo "$out" | grep -E ': (error|warning) [A-Z]+[0-9]+:' || true)
    notes=$(echo "$out" | grep -cE ': note [A-Z]+[0-9]+:' || true)
    if [ -n "$problems" ]; then
      echo "$problems"
      echo "$log [$kinds]: INVALID ($(echo "$problems" | wc -l) errors/warnings, $notes notes)"
      status=1
    else
      echo "$log [$kinds]: valid ($notes notes)"
    fi
  done
done
exit $status

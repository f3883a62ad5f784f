#!/usr/bin/env bash
# tools/sarif_examples.sh - run ndis-check --format sarif on every bundled
# example and validate the logs.
#
# Usage: tools/sarif_examples.sh CHECKER OUTDIR schema|multitool
#   schema     tools/sarif_validate.py: JSON schema + GitHub ingestion checks,
#              and at least one result per example
#   multitool  tools/sarif_multitool.sh: Microsoft's SARIF Multitool, default
#              rules and GitHub's
# Exit: 0 valid, 1 invalid or checker failure, 2 usage, 77 validator missing
# (tools/setup.sh fetches the schema; --with-multitool the Multitool).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ $# -ne 3 ]; then
  echo "usage: $0 CHECKER OUTDIR schema|multitool" >&2
  exit 2
fi
CHECKER=$1 OUTDIR=$2 KIND=$3

case $KIND in
  schema)
    validate=(/usr/bin/python3 "$ROOT/tools/sarif_validate.py" --min-results 1)
    [ -f "$ROOT/tools/.sarif/sarif-2.1.0.json" ] || {
      echo "SKIP: no SARIF schema at tools/.sarif/sarif-2.1.0.json (run tools/setup.sh)"
      exit 77
    } ;;
  multitool)
    validate=("$ROOT/tools/sarif_multitool.sh")
    "$ROOT/tools/sarif_multitool.sh" --check || exit $? ;;
  *) echo "unknown validator '$KIND'" >&2; exit 2 ;;
esac

mkdir -p "$OUTDIR"
cd "$ROOT" # SARIF URIs are relative to the current directory (%SRCROOT%)
logs=()
for dir in examples/*/; do
  # examples/cmake is a build of another example's sources, not a driver.
  compgen -G "$dir*.c" >/dev/null || continue
  name=$(basename "$dir")
  log=$OUTDIR/$name.sarif
  status=0
  "$CHECKER" --no-cache --no-progress --format sarif -o "$log" "$dir"*.c -- -I runtime/include || status=$?
  if [ $status -gt 1 ] || [ ! -s "$log" ]; then
    echo "$name: ndis-check failed (exit $status)"
    exit 1
  fi
  logs+=("$log")
done
"${validate[@]}" "${logs[@]}"

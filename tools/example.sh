#!/usr/bin/env bash
# tools/example.sh - set up and build (tools/setup.sh), then run ndis-check on
# a bundled example driver and print its findings.
#
# Usage: tools/example.sh [EXAMPLE_DIR]   (default: examples/ndis5-miniport)
#
# The example's lines marked "// expect: RULE-ID" are what ndis-check should
# report; exit 1 from ndis-check means "findings", which is the point here, so
# this script exits 0 for it. Any other non-zero exit is passed on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
export BUILD_DIR
EXAMPLE=${1:-examples/ndis5-miniport}

"$ROOT/tools/setup.sh"

cd "$ROOT"
CHECKER=${BUILD_DIR#"$ROOT"/}/checker/tool/ndis-check
printf '\n==> [example] %s %s/*.c -- -I runtime/include\n\n' "$CHECKER" "$EXAMPLE"
status=0
"$CHECKER" "$EXAMPLE"/*.c -- -I runtime/include || status=$?
case $status in
  0) printf '\n==> [example] no findings\n' ;;
  1) printf '\n==> [example] findings reported; compare with the "// expect:" lines:\n'
     grep -n '// expect:' "$EXAMPLE"/*.c | sed 's/^/    /' ;;
  *) printf '\n==> [example] ndis-check failed (exit %d)\n' "$status"; exit "$status" ;;
esac

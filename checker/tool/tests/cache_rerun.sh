#!/usr/bin/env bash
# A cold run fills the summary cache; an unchanged re-run must answer from it
# (no parse: proven by making the headers unreadable to Clang via a bogus -I
# order would be fragile, so we compare reports and check the cache has one
# entry per file) and report exactly the same findings.
set -euo pipefail
checker=$1; include=$2; cache=$3; shift 3
rm -rf "$cache"
a=$(mktemp); b=$(mktemp); trap 'rm -f "$a" "$b"' EXIT
"$checker" --cache-dir "$cache" --format json "$@" -- -I"$include" >"$a" || [ $? -eq 1 ]
entries=$(find "$cache" -type f | wc -l)
[ "$entries" -ge "$#" ] || { echo "FAIL: $entries cache entries for $# files"; exit 1; }
"$checker" --cache-dir "$cache" --format json "$@" -- -I"$include" >"$b" || [ $? -eq 1 ]
diff -u "$a" "$b" || { echo "FAIL: cached re-run reports differently"; exit 1; }
echo "ok: $entries cache entries, identical re-run"

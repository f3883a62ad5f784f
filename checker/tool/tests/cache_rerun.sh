#!/usr/bin/env bash
# A cold run fills the summary cache; an unchanged re-run must answer every
# translation unit from it (a miss would re-parse and rewrite its entry, so
# every entry's content and mtime must be untouched) and report exactly the
# same findings.
set -euo pipefail
checker=$1; include=$2; cache=$3; shift 3
rm -rf "$cache"
a=$(mktemp); b=$(mktemp); before=$(mktemp); after=$(mktemp)
trap 'rm -f "$a" "$b" "$before" "$after"' EXIT
"$checker" --cache-dir "$cache" --format json "$@" -- -I"$include" >"$a" || [ $? -eq 1 ]
entries=$(find "$cache" -type f -not -path '*/links/*' | wc -l)
[ "$entries" -eq "$#" ] || { echo "FAIL: $entries cache entries for $# files"; exit 1; }
links=$(find "$cache/links" -type f | wc -l)
[ "$links" -eq 1 ] || { echo "FAIL: $links link cache entries for one run"; exit 1; }
find "$cache" -type f -printf '%p %T@ %s\n' | sort >"$before"
"$checker" --cache-dir "$cache" --format json "$@" -- -I"$include" >"$b" || [ $? -eq 1 ]
find "$cache" -type f -printf '%p %T@ %s\n' | sort >"$after"
diff -u "$before" "$after" || { echo "FAIL: the re-run rewrote cache entries (misses)"; exit 1; }
diff -u "$a" "$b" || { echo "FAIL: cached re-run reports differently"; exit 1; }
echo "ok: $entries cache entries, all hits, identical re-run"

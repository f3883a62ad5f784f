#!/usr/bin/env bash
# AnalyserId.cmake names the analysis by its sources' content: the same
# content gives the same id (and leaves the header alone, so nothing
# recompiles), an edit gives another (so the summary cache misses).
set -euo pipefail
script=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'int a;\n' >"$work/a.cpp"
printf 'int b;\n' >"$work/b.h"
printf '%s\n' "$work/a.cpp" "$work/b.h" >"$work/list.txt"
run() { cmake -DLIST="$work/list.txt" -DOUT="$work/id.h" -P "$script"; grep -o '"[0-9a-f]*"' "$work/id.h"; }
first=$(run)
stamp=$(stat -c %Y.%N "$work/id.h")
sleep 1
touch "$work/a.cpp"
[ "$(run)" = "$first" ] || { echo "FAIL: touching a source changed the id"; exit 1; }
[ "$(stat -c %Y.%N "$work/id.h")" = "$stamp" ] || { echo "FAIL: the header was rewritten"; exit 1; }
printf 'int a2;\n' >"$work/a.cpp"
[ "$(run)" != "$first" ] || { echo "FAIL: an edit kept the id"; exit 1; }
echo "ok: same content, same id; an edit, another id"

#!/usr/bin/env bash
# The link step's result must not depend on file order or on -j: runs the
# checker on the same files forwards with -j1 and backwards with -j2 and
# compares the JSON reports byte for byte.
set -euo pipefail
checker=$1; include=$2; shift 2
files=("$@")
reversed=()
for ((i=${#files[@]}-1; i>=0; i--)); do reversed+=("${files[i]}"); done
a=$(mktemp); b=$(mktemp); trap 'rm -f "$a" "$b"' EXIT
"$checker" --no-cache -j1 --format json "${files[@]}" -- -I"$include" >"$a" || [ $? -eq 1 ]
"$checker" --no-cache -j2 --format json "${reversed[@]}" -- -I"$include" >"$b" || [ $? -eq 1 ]
if ! diff -u "$a" "$b"; then
  echo "FAIL: findings differ between file orders / -j"; exit 1
fi
grep -q '"ruleId"' "$a" || { echo "FAIL: no findings at all: nothing was compared"; exit 1; }
echo "ok: identical reports ($(grep -c '"ruleId"' "$a") findings)"

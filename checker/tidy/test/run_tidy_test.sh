#!/usr/bin/env bash
# run_tidy_test.sh - run clang-tidy with the ndis-* plugin on one file and
# check its output with FileCheck against the file's own comments.
#
# Usage: run_tidy_test.sh CLANG_TIDY PLUGIN FILECHECK PREFIX CHECKS FILE -- FLAGS...
#   PREFIX  the FileCheck prefix whose lines in FILE must match (e.g. ALL)
#   CHECKS  the clang-tidy -checks= value (e.g. '-*,ndis-*')
# Any "warning:" or "note:" not matched by a PREFIX line fails the test.
# TIDY_ARGS, when set, adds clang-tidy options (after --load, so that the
# plugin's own options are known).
set -euo pipefail
[ $# -ge 7 ] && [ "$7" = -- ] || {
  echo "usage: $0 CLANG_TIDY PLUGIN FILECHECK PREFIX CHECKS FILE -- FLAGS..." >&2
  exit 2
}
tidy=$1 plugin=$2 filecheck=$3 prefix=$4 checks=$5 file=$6
shift 7
out=$("$tidy" --load="$plugin" ${TIDY_ARGS:-} -checks="$checks" --quiet "$file" \
  -- "$@" 2>&1) || {
  echo "$out"
  echo "FAIL: clang-tidy exited with $?"
  exit 1
}
echo "$out"
echo "$out" | "$filecheck" "$file" --check-prefix="$prefix" \
  --implicit-check-not=warning: --implicit-check-not=note: \
  --implicit-check-not=error:

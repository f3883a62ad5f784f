#!/usr/bin/env bash
# The summary cache never changes a result against --no-cache, also when
#   1. a header appears earlier on the include path and shadows the one the
#      cached summary used (-IincA -IincB, incA/tag.h added later), and
#   2. a header is edited keeping its size and mtime (as cp -p, rsync -t and
#      tar do).
# Each cached run must report exactly what a --no-cache run reports.
set -euo pipefail
checker=$1; include=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/incA" "$work/incB"
cat >"$work/src/drv.c" <<'C'
#include <ndis.h>
#include <tag.h>
VOID AllocateScratch(VOID) {
  PVOID Buffer;
  if (NdisAllocateMemoryWithTag(&Buffer, 64, SCRATCH_TAG) == NDIS_STATUS_SUCCESS)
    NdisFreeMemory(Buffer, 64, 0);
}
C
echo "#define SCRATCH_TAG 'gaTM'" >"$work/incB/tag.h"
touch -d '1 hour ago' "$work"/src/* "$work"/incB/*
run() {  # run OUT OPTIONS...
  local out=$1; shift
  (cd "$work" && "$checker" --no-progress "$@" src/drv.c -- -IincA -IincB -I"$include") >"$out" || [ $? -eq 1 ]
}
same() {  # same WHAT
  run "$work/cached" --cache-dir "$work/cache"
  run "$work/truth" --no-cache
  if ! diff -u "$work/truth" "$work/cached"; then echo "FAIL: $1: the cached run differs from --no-cache"; exit 1; fi
  echo "ok   $1: $(tail -1 "$work/truth")"
}
same "cold cache"
same "warm cache"
echo "#define SCRATCH_TAG 0" >"$work/incA/tag.h"
touch -d '1 hour ago' "$work/incA/tag.h"
grep -q ndis-tag "$work/truth" && { echo "FAIL: setup: a finding before the shadowing header"; exit 1; }
same "after incA/tag.h shadows incB/tag.h"
grep -q ndis-tag "$work/truth" || { echo "FAIL: setup: incA/tag.h changed nothing"; exit 1; }
# The same size and mtime, another tag.
before=$(stat -c '%s %Y' "$work/incA/tag.h")
echo "#define SCRATCH_TAG 1" >"$work/incA/tag.h"
touch -d "@${before#* }" "$work/incA/tag.h"
[ "$(stat -c '%s %Y' "$work/incA/tag.h")" = "$before" ] || { echo "FAIL: setup: size or mtime changed"; exit 1; }
same "after an edit that kept size and mtime"
# The include path from the environment (CPATH, cl's INCLUDE) is in the key.
n=$(find "$work/cache" -type f | wc -l)
CPATH=$work/incB run "$work/cpath" --cache-dir "$work/cache"
[ "$(find "$work/cache" -type f | wc -l)" -gt "$n" ] || { echo "FAIL: a run with another CPATH used the same cache entry"; exit 1; }
echo "ok   CPATH is part of the cache key"

#!/usr/bin/env bash
# whole_driver_test.sh - the ndis-* checks with an earlier ndis-check run's
# summaries (CheckOptions CompileCommandsDir / SummaryCacheDir).
#
# Usage: whole_driver_test.sh CLANG_TIDY PLUGIN NDIS_CHECK INCLUDE_DIR
# Copies whole-driver/ to a scratch directory with a compile_commands.json,
# then checks that clang-tidy on ring.c
#   1. alone reports nothing (the entry point is in miniport.c);
#   2. after `ndis-check -p` filled a summary cache, and with the options
#      pointing at it, reports ndis-contiguous-outside-init with the
#      registration and the call as notes at their places in miniport.c -
#      what ndis-check reports.
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 CLANG_TIDY PLUGIN NDIS_CHECK INCLUDE_DIR" >&2; exit 2; }
tidy=$1 plugin=$2 checker=$3 include=$4
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here"/whole-driver/*.c "$work"/
# The cache does not store files modified during the run: age them.
touch -d '1 hour ago' "$work"/*.c
flags="\"-I$include\", \"--target=x86_64-pc-windows-msvc\", \"-fms-extensions\", \"-fms-compatibility\""
{
  echo "["
  echo "{\"directory\": \"$work\", \"file\": \"miniport.c\", \"arguments\": [\"clang\", \"-c\", \"miniport.c\", $flags]},"
  echo "{\"directory\": \"$work\", \"file\": \"ring.c\", \"arguments\": [\"clang\", \"-c\", \"ring.c\", $flags]}"
  echo "]"
} >"$work/compile_commands.json"
cd "$work"

run_tidy() {
  "$tidy" --load="$plugin" -checks='-*,ndis-*' -p "$work" --quiet "$@" ring.c 2>&1 |
    grep -E ': (warning|note|error): ' | sed "s|^$work/||" || true
}

alone=$(run_tidy)
if [ -n "$alone" ]; then
  echo "FAIL: ring.c alone should show nothing, got:"; echo "$alone"; exit 1
fi
echo "ok   ring.c alone: no findings"

"$checker" -p "$work" --cache-dir "$work/cache" --no-progress >"$work/cli.txt" || [ $? -eq 1 ]
cat "$work/cli.txt"
with=$(run_tidy --config="{CheckOptions: {CompileCommandsDir: '$work', SummaryCacheDir: '$work/cache'}}")
echo "$with"
status=0
echo "$with" | grep -qE '^ring.c:8:[0-9]+: warning: NdisAllocateMemory with NDIS_MEMORY_CONTIGUOUS outside initialisation.* \[ndis-contiguous-outside-init\]$' ||
  { echo "FAIL: no ndis-contiguous-outside-init on ring.c:8"; status=1; }
# The notes point into miniport.c, which ring.c never includes.
echo "$with" | grep -qE "(^|/)miniport.c:32:[0-9]+: note: 'MpSend' is entered as MiniportSend \(NDIS 5\)" ||
  { echo "FAIL: no note for the registration in miniport.c"; status=1; }
echo "$with" | grep -qE "(^|/)miniport.c:21:[0-9]+: note: 'MpSend' calls 'MpGrowRing' here" ||
  { echo "FAIL: no note for the call in miniport.c"; status=1; }
[ $status -ne 0 ] || echo "ok   ring.c with the summary cache: the finding and its trace"
exit $status

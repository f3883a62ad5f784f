#!/usr/bin/env bash
# rules_file_test.sh CLANG_TIDY PLUGIN NDIS_CHECK RULES_JSON INCLUDE OUT
#
# The plugin's RulesFile check option (ctest tidy.rules-file): a custom
# contract database (the built-in one with NdisAllocateMemoryWithTag limited
# to PASSIVE_LEVEL) makes the plugin report the finding `ndis-check --rules`
# reports, which the built-in database does not; a malformed file is
# reported as clang-tidy reports configuration errors.
set -euo pipefail
tidy=$1 plugin=$2 check=$3 rules=$4 include=$5 out=$6
src=$(dirname "$0")/rules-file.c
mkdir -p "$out"
custom=$out/custom-rules.json
/usr/bin/python3 - "$rules" "$custom" <<'PY'
import json, sys
db = json.load(open(sys.argv[1]))
for ddi in db['ddis']:
    if ddi['name'] == 'NdisAllocateMemoryWithTag':
        ddi['irql'] = {'max': 'PASSIVE_LEVEL'}
db.pop('$schema', None)
json.dump(db, open(sys.argv[2], 'w'), indent=1)
PY
fail() { echo "FAIL: $*"; exit 1; }
flags=(-- -I"$include" --target=x86_64-pc-windows-msvc -fms-extensions -fms-compatibility)
want='rules-file.c:12:7: warning: NdisAllocateMemoryWithTag must be called at IRQL <= PASSIVE_LEVEL'

plain=$("$tidy" --load="$plugin" -checks='-*,ndis-irql' --quiet "$src" "${flags[@]}" 2>&1) || true
grep -q "NdisAllocateMemoryWithTag must be called" <<<"$plain" &&
  fail "the built-in database already reports it: $plain"
echo "ok: no finding with the built-in database"

custom_out=$("$tidy" --load="$plugin" -checks='-*,ndis-irql' --quiet \
  --config="{CheckOptions: {RulesFile: '$custom'}}" "$src" "${flags[@]}" 2>&1) || true
grep -q "$want.*\[ndis-irql\]" <<<"$custom_out" || fail "RulesFile: no finding: $custom_out"
echo "ok: RulesFile: the finding, as ndis-irql"

cli=$("$check" --no-cache --rules "$custom" "$src" "${flags[@]}" 2>&1) || true
grep -q "$(sed 's/warning/error/' <<<"$want")\|$want" <<<"$cli" ||
  fail "ndis-check --rules disagrees: $cli"
echo "ok: ndis-check --rules reports it too"

echo '{"version": 1, "rules": [' >"$out/bad-rules.json"
bad=$("$tidy" --load="$plugin" -checks='-*,ndis-irql' --quiet \
  --config="{CheckOptions: {RulesFile: '$out/bad-rules.json'}}" "$src" "${flags[@]}" 2>&1) || true
grep -q "RulesFile: .*bad-rules.json:[0-9]*:[0-9]*: error" <<<"$bad" ||
  fail "a malformed RulesFile is not reported with its position: $bad"
echo "ok: a malformed RulesFile is reported, with line and column"

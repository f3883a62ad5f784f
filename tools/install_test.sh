#!/usr/bin/env bash
# tools/install_test.sh BUILD_DIR OUT_DIR SOURCE_DIR  (ctest install.staged)
#
# 1. `cmake --install` into a staging folder (DESTDIR, prefix /usr); the
#    installed ndis-check, run from a folder of its own, reports on the
#    example driver exactly what the build's ndis-check reports, with the
#    installed contract database too; the installed plugin loads into
#    clang-tidy-19 and ndis-clangd starts.
# 2. CPack's .deb holds those files and depends on Debian's LLVM 19 runtime.
set -euo pipefail
BUILD=$(cd "$1" && pwd)
OUT=$2
SRC=$(cd "$3" && pwd)
rm -rf "$OUT"
mkdir -p "$OUT/stage" "$OUT/elsewhere" "$OUT/package"
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

DESTDIR="$OUT/stage" cmake --install "$BUILD" --prefix /usr >"$OUT/install.log"
P=$OUT/stage/usr
for f in bin/ndis-check bin/ndis-clangd lib/ndischeck/libNdisCheckTidy.so \
  share/ndischeck/rules/ndis-contracts.json \
  share/ndischeck/rules/ndis-contracts.schema.json; do
  [ -e "$P/$f" ] || fail "not installed: $f"
done
ok "installed: ndis-check, ndis-clangd, the plugin, the database and schema"

EX=$SRC/examples/ndis6-multifile
FLAGS=(-- -I"$SRC/runtime/include" -DNDIS60_MINIPORT=1)
cd "$OUT/elsewhere"
"$P/bin/ndis-check" --version | grep -q "ndis-check" || fail "--version"
set +e
"$P/bin/ndis-check" --no-cache --format json "$EX"/*.c "${FLAGS[@]}" >installed.json
rc_installed=$?
"$BUILD/checker/tool/ndis-check" --no-cache --format json "$EX"/*.c "${FLAGS[@]}" >built.json
rc_built=$?
"$P/bin/ndis-check" --no-cache --format json \
  --rules "$P/share/ndischeck/rules/ndis-contracts.json" "$EX"/*.c "${FLAGS[@]}" >rules.json
rc_rules=$?
set -e
[ $rc_installed -eq 1 ] && [ $rc_built -eq 1 ] && [ $rc_rules -eq 1 ] ||
  fail "exit codes $rc_installed / $rc_built / $rc_rules, want 1"
cmp -s installed.json built.json || fail "installed and built ndis-check differ"
cmp -s installed.json rules.json || fail "the installed database gives other findings"
grep -q '"ruleId": "ndis-irql"' installed.json || fail "no ndis-irql finding"
ok "installed ndis-check, run from $(pwd): the build's findings, also with the installed database"

clang-tidy-19 --load="$P/lib/ndischeck/libNdisCheckTidy.so" --list-checks \
  -checks='-*,ndis-*' | grep -q 'ndis-irql' || fail "the plugin does not load"
ok "the installed plugin loads into clang-tidy-19"
"$P/bin/ndis-clangd" --version | grep -qi clangd || fail "ndis-clangd --version"
ok "the installed ndis-clangd starts"

# 2. The Debian package.
cpack --config "$BUILD/CPackConfig.cmake" -G DEB -B "$OUT/package" >"$OUT/cpack.log" 2>&1 ||
  { cat "$OUT/cpack.log"; fail "cpack"; }
DEB=$(ls "$OUT"/package/ndischeck_*.deb)
dpkg-deb -c "$DEB" >contents.txt
for f in ./usr/bin/ndis-check ./usr/bin/ndis-clangd \
  ./usr/lib/ndischeck/libNdisCheckTidy.so \
  ./usr/share/ndischeck/rules/ndis-contracts.json; do
  grep -q " $f\$" contents.txt || fail "$DEB lacks $f"
done
DEPENDS=$(dpkg-deb -f "$DEB" Depends)
for d in libclang-cpp19 libllvm19 libclang-common-19-dev libexpat1; do
  grep -q "$d" <<<"$DEPENDS" || fail "Depends lacks $d: $DEPENDS"
done
ok "$(basename "$DEB"): the files, Depends: $DEPENDS"

#!/usr/bin/env bash
# tools/test.sh - set up and build (tools/setup.sh), then run every test with ctest.
#
# The last line printed is ctest's summary ("100% tests passed, 0 tests failed
# out of N"). Extra arguments go to ctest (e.g. -R sarif, -L examples).
# setup.sh installs the SARIF Multitool (a few seconds from npm), so SARIF
# output, the corpus's included, is also checked against GitHub code
# scanning's ingestion rules. NDISCHECK_MULTITOOL=0 skips it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
export BUILD_DIR

setup_args=()
if [ "${NDISCHECK_MULTITOOL:-1}" = 0 ]; then
  setup_args+=(--no-multitool)
fi
"$ROOT/tools/setup.sh" ${setup_args[@]+"${setup_args[@]}"}

printf '\n==> [test] ctest --test-dir %s --output-on-failure -j%s\n' \
  "${BUILD_DIR#"$ROOT"/}" "${CTEST_JOBS:-2}"
exec ctest --test-dir "$BUILD_DIR" --output-on-failure -j "${CTEST_JOBS:-2}" "$@"

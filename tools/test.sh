#!/usr/bin/env bash
# tools/test.sh - set up and build (tools/setup.sh), then run every test with ctest.
#
# The last line printed is ctest's summary ("100% tests passed, 0 tests failed
# out of N"). Extra arguments go to ctest (e.g. -R sarif, -L examples).
# Under CI (CI=true) the SARIF Multitool is installed too, so SARIF output is
# also checked against GitHub code scanning's ingestion rules.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
export BUILD_DIR

setup_args=()
if [ "${CI:-}" = true ] || [ "${NDISCHECK_MULTITOOL:-}" = 1 ]; then
  setup_args+=(--with-multitool)
fi
"$ROOT/tools/setup.sh" "${setup_args[@]}"

printf '\n==> [test] ctest --test-dir %s --output-on-failure -j%s\n' \
  "${BUILD_DIR#"$ROOT"/}" "${CTEST_JOBS:-2}"
exec ctest --test-dir "$BUILD_DIR" --output-on-failure -j "${CTEST_JOBS:-2}" "$@"

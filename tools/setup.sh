#!/usr/bin/env bash
# tools/setup.sh - set up a Debian bookworm machine for NdisCheck and build it.
#
# Idempotent: a re-run on a ready machine touches neither apt nor npm and only
# lets ninja bring ./build up to date.
#
#   1. Debian packages (apt-get only when one is missing; checked with dpkg -s)
#   2. the SARIF 2.1.0 JSON schema -> tools/.sarif/sarif-2.1.0.json (from npm)
#   3. the Microsoft SARIF Multitool -> tools/.sarif/multitool (~100 MB from
#      npm; measured at ~5 s with a cold npm cache, so always, unless
#      --no-multitool)
#   4. configure + build with CMake/Ninja (Release, ccache) into ./build
#
# Options:
#   --no-multitool     skip the SARIF Multitool (its ctests then show as skipped)
#   --with-multitool   accepted for compatibility: the Multitool is the default
#   --no-build         stop after the dependencies
#   -h, --help         this text
# Environment: BUILD_DIR (default <repo>/build), JOBS (default nproc),
#              CC/CXX (default clang-19/clang++-19 for a new build dir).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
SARIF_DIR=$ROOT/tools/.sarif
SCHEMA=$SARIF_DIR/sarif-2.1.0.json
# Pinned npm packages: the schema ships in jest-sarif, the validator in sarif-multitool.
JEST_SARIF_PKG=@microsoft/jest-sarif@1.0.0-beta.0
JEST_SARIF_SCHEMA=package/lib/schemas/sarif-2.1.0-rtm.5.json
MULTITOOL_PKG=@microsoft/sarif-multitool@5.7.0

PACKAGES=(
  clang-19 libclang-19-dev llvm-19-dev llvm-19-tools clang-tidy-19 clangd-19
  libclang-rt-19-dev clang-format-19 nlohmann-json3-dev libgtest-dev cmake ninja-build ccache
  python3 python3-jsonschema mingw-w64-x86-64-dev libgrpc++-dev
  libprotobuf-dev libabsl-dev git ca-certificates
  # libexpat1-dev: the XML parser that reads .vcxproj files (--vcxproj).
  # chromium: the HTML report's test loads the page in a real browser.
  libexpat1-dev chromium
)

with_multitool=1
do_build=1
for arg in "$@"; do
  case $arg in
    --with-multitool) with_multitool=1 ;;
    --no-multitool) with_multitool=0 ;;
    --no-build) do_build=0 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

step() { printf '\n==> [setup] %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }

is_installed() {
  dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

# --- 1. Debian packages ------------------------------------------------------
step "Debian packages"
missing=()
for p in "${PACKAGES[@]}"; do
  is_installed "$p" || missing+=("$p")
done
# Node may come from elsewhere (e.g. NodeSource, which bundles npm): only ask
# Debian for it when there is no node at all.
if ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi
if [ ${#missing[@]} -eq 0 ]; then
  note "all ${#PACKAGES[@]} packages already installed (+ node $(node --version)); skipping apt-get"
else
  note "missing: ${missing[*]}"
  SUDO=
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "setup.sh: not root and no sudo; install these first: ${missing[*]}" >&2
      exit 1
    }
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -q update
  $SUDO apt-get -q install -y --no-install-recommends "${missing[@]}"
fi

# --- 2. SARIF 2.1.0 schema ---------------------------------------------------
step "SARIF 2.1.0 schema -> ${SCHEMA#"$ROOT"/}"
mkdir -p "$SARIF_DIR"
if [ -s "$SCHEMA" ] && /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$SCHEMA" 2>/dev/null; then
  note "already present"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if (cd "$tmp" && npm pack --silent --no-fund --no-audit "$JEST_SARIF_PKG" >/dev/null) &&
    tar -xzf "$tmp"/*.tgz -C "$tmp" "$JEST_SARIF_SCHEMA"; then
    cp "$tmp/$JEST_SARIF_SCHEMA" "$SCHEMA.tmp" && mv "$SCHEMA.tmp" "$SCHEMA"
    note "fetched from $JEST_SARIF_PKG"
  else
    # Not fatal: the SARIF schema tests then report themselves as skipped.
    note "WARNING: could not fetch $JEST_SARIF_PKG from npm; SARIF schema tests will be skipped"
  fi
  rm -rf "$tmp"
  trap - EXIT
fi

# --- 3. SARIF Multitool ------------------------------------------------------
if [ $with_multitool -eq 1 ]; then
  step "SARIF Multitool ($MULTITOOL_PKG, ~100 MB) -> tools/.sarif/multitool"
  mt_bin=$SARIF_DIR/multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
  if [ -f "$mt_bin" ]; then
    note "already installed"
  elif ! npm install --silent --no-fund --no-audit --prefix "$SARIF_DIR/multitool" "$MULTITOOL_PKG"; then
    # Optional tool: its tests report themselves as skipped without it.
    note "WARNING: npm install $MULTITOOL_PKG failed; Multitool validation will be skipped"
  fi
  if [ -f "$mt_bin" ]; then
    # npm may not run the package's postinstall (chmod u+x): do it ourselves.
    chmod u+x "$mt_bin"
    note "$(DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$mt_bin" --version 2>&1 | head -c 100)"
  fi
fi

# --- 4. configure + build ----------------------------------------------------
if [ $do_build -eq 0 ]; then
  step "build skipped (--no-build)"
  exit 0
fi
step "configure (CMake, Ninja, Release, ccache) -> ${BUILD_DIR#"$ROOT"/}"
cmake_args=(-S "$ROOT" -B "$BUILD_DIR" -G Ninja
  -DCMAKE_PREFIX_PATH=/usr/lib/llvm-19
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_C_COMPILER_LAUNCHER=ccache
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  # A new build dir: use the compiler the package list guarantees. An existing
  # one keeps its compiler (changing it would wipe the cache).
  cmake_args+=(-DCMAKE_C_COMPILER="${CC:-clang-19}" -DCMAKE_CXX_COMPILER="${CXX:-clang++-19}")
fi
cmake "${cmake_args[@]}"

JOBS=${JOBS:-$(nproc)}
step "build (ninja -j$JOBS)"
cmake --build "$BUILD_DIR" -j "$JOBS"
step "done: $(ls "$BUILD_DIR"/checker/tool/ndis-check 2>/dev/null || echo "build in ${BUILD_DIR#"$ROOT"/}")"

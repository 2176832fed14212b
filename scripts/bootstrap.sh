#!/usr/bin/env bash
# Installs what is missing to build and run the console, and with --test
# what the tests need too. Everything comes through the package clients
# (rustup, cargo, npm, apt-get) at pinned versions; anything already
# present at the right version is left alone, so a second run is quick.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen pin in Cargo.toml
TRUNK_VERSION=0.21.14        # newer trunk needs a newer rustc
WASM_SPLIT_VERSION=0.2.4     # cuts the release build into chunks by route

with_tests=false
[[ "${1:-}" == "--test" ]] && with_tests=true

export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
need() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "error: '$1' is required but not installed ($2)" >&2
    exit 1
  }
}

need cargo "install Rust with rustup"
need rustup "install Rust with rustup"
need npm "install Node.js 20 and npm"

# apt-get as root, or through sudo when there is one.
apt_install() {
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  step "Installing $* from Debian's packages"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# rust-src: the release build compiles the standard library for size.
for component in rustfmt clippy rust-src; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    step "Adding the Rust component $component"
    rustup component add "$component"
  fi
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  step "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # Without --locked: its lock file names a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  step "Installing trunk $TRUNK_VERSION (about ten minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# It has no --version; cargo's list of installed packages says which.
if ! command -v wasm-split-cli >/dev/null 2>&1 ||
  ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  step "Installing wasm-split-cli $WASM_SPLIT_VERSION (a minute or two, once)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
fi

# binaryen 132 from npm; Debian's older wasm-opt produces a blank page.
if ! tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version 132"; then
  step "Installing binaryen 132 (wasm-opt)"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

if $with_tests; then
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    apt_install chromium chromium-driver
  fi
  # The API fuzzing tier runs schemathesis from a virtual environment
  # (scripts/fuzz-api.sh installs it there) and talks to the server with curl.
  if ! command -v curl >/dev/null 2>&1; then
    apt_install curl
  fi
  if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    apt_install python3 python3-venv
  fi
  # The server's tests run on PostgreSQL too, in a throwaway cluster that
  # pg_virtualenv (from postgresql-common) creates and removes.
  if ! command -v pg_virtualenv >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt_install postgresql
  fi
  if [[ ! -x end2end/node_modules/.bin/playwright ]] ||
    [[ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]]; then
    step "Installing the end-to-end test packages"
    (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

#!/usr/bin/env bash
# Runs every test tier, each to its end even when an earlier one failed, then
# prints one summary line per tier. Exits non-zero if any tier failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

results=()
failed=0

tier() {
  local name=$1
  shift
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  local start=$SECONDS
  if "$@"; then
    results+=("ok      $name ($((SECONDS - start)) s)")
  else
    results+=("FAILED  $name ($((SECONDS - start)) s)")
    failed=1
  fi
}

release_build() {
  node --test scripts/ && trunk build --release && node scripts/bundle-size.mjs --check
}

# Against the release build of the tier before.
e2e() {
  cargo build -p api-server && (cd end2end && npx playwright test)
}

# The server's integration tests again, on PostgreSQL: each test gets a
# database of its own in a throwaway cluster, removed afterwards. The tests of
# several instances on one database run only here.
postgres_tests() {
  cargo build -p api-server --tests &&
    pg_virtualenv -t bash -c 'CONSOLE_TEST_POSTGRES="postgres://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT" cargo test -p api-server --tests'
}

# The release build's `split` feature too, which only it compiles.
clippy_wasm() {
  cargo clippy -p console -p api-types --target wasm32-unknown-unknown --all-targets -- -D warnings &&
    cargo clippy -p console --target wasm32-unknown-unknown --features split -- -D warnings
}

tier "format" cargo fmt --all -- --check
tier "clippy (native)" cargo clippy --workspace --all-targets -- -D warnings
tier "clippy (wasm32)" clippy_wasm
tier "native tests (server on SQLite)" cargo test --workspace -- --skip two_instances_
tier "server tests on PostgreSQL" postgres_tests
tier "API fuzzing (schemathesis)" scripts/fuzz-api.sh
tier "browser tests (wasm-bindgen-test, headless Chromium)" cargo test -p console --target wasm32-unknown-unknown
tier "release build and bundle size" release_build
tier "end-to-end tests (Playwright)" e2e

printf '\n\033[1mSummary\033[0m\n'
printf '  %s\n' "${results[@]}"
exit $failed

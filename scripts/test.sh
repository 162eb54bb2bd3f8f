#!/usr/bin/env bash
# Runs every test level (what `make test` runs after building):
#   1. lint: rustfmt, clippy (host and wasm32), tsc   3. wasm-bindgen-test in headless Chromium
#   2. host tests: unit tests and emulator HTTP tests   4. page-level and official-SDK tests (Playwright)
#   5. the fixture matrix: the packed tarball in fresh Vite 5/8, webpack 5, plain-page, worker and Node projects
# Levels 3 and 4 talk to one emulator process started here on a free port with an in-memory DB;
# it is stopped on exit, whether the tests pass or not.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

step() { printf '\n==== %s\n' "$*"; }

step "lint"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p cloudbase-auth-wasm --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

step "TypeScript declarations: the documented examples type-check against pkg/index.d.ts"
node_modules/.bin/tsc -p tests/types/tsconfig.json && echo "tsc: ok"

step "host tests (unit + emulator over HTTP)"
cargo test --workspace

step "start emulator"
mkdir -p target/test-run
pidfile=target/test-run/emulator.pid
EMULATOR_URL=$(scripts/start-emulator.sh "$pidfile" target/test-run/emulator.log --port 0 --db :memory:)
export EMULATOR_URL
trap 'kill "$(cat "$pidfile")" 2>/dev/null || true' EXIT
echo "emulator at $EMULATOR_URL"

step "wasm-bindgen-test in headless Chromium"
browser_tests=()
for f in tests/browser*.rs; do browser_tests+=(--test "$(basename "$f" .rs)"); done
cargo test -p cloudbase-auth-wasm --target wasm32-unknown-unknown "${browser_tests[@]}"

step "page-level and official SDK tests in headless Chromium"
node --test --test-concurrency=1 tests/page/ tests/conformance/

step "fixture matrix: the npm tarball in fresh projects with default configs (tests/fixtures/)"
bash scripts/pack.sh
node --test tests/fixtures/

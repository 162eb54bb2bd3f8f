#!/usr/bin/env bash
# Runs every test level (what `make test` runs after building):
#   1. lint: rustfmt, clippy (host and wasm32), tsc   3. wasm-bindgen-test in headless Chromium and Firefox
#   2. host tests: unit tests and emulator HTTP tests   4. page-level tests (Playwright) in Chromium and
#                                                          Firefox; official-SDK tests in Chromium
#   5. the fixture matrix: the packed tarball in fresh Vite 5/8, webpack 5, plain-page, worker and Node projects
# Levels 3 and 4 talk to one emulator process started here on a free port with an in-memory DB;
# it is stopped on exit, whether the tests pass or not.
set -euo pipefail
cd "$(dirname "$0")/.."
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
GECKODRIVER=${GECKODRIVER:-$(command -v geckodriver || echo "$HOME/.cargo/bin/geckodriver")}

step() { printf '\n==== %s\n' "$*"; }

step "lint"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p cloudbase-auth-wasm --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

step "size budget (deterministic): pkg/ gzip total"
bash scripts/size.sh --check

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

# wasm-bindgen-test-runner takes the first driver it finds in the environment (GECKODRIVER before
# CHROMEDRIVER), so each run sets exactly one; browser args come from webdriver.json.
browser_tests=()
for f in tests/browser*.rs; do browser_tests+=(--test "$(basename "$f" .rs)"); done
step "wasm-bindgen-test in headless Chromium"
env -u GECKODRIVER CHROMEDRIVER="$CHROMEDRIVER" \
  cargo test -p cloudbase-auth-wasm --target wasm32-unknown-unknown "${browser_tests[@]}"
step "wasm-bindgen-test in headless Firefox ESR"
env -u CHROMEDRIVER GECKODRIVER="$GECKODRIVER" \
  cargo test -p cloudbase-auth-wasm --target wasm32-unknown-unknown "${browser_tests[@]}"

# The official-SDK suites stay in Chromium: the differential ones compare request bodies, which
# Playwright's WebDriver BiDi client (Firefox) does not report.
step "page-level and official SDK tests in headless Chromium"
BROWSER=chromium node --test --test-concurrency=1 tests/page/ tests/conformance/
step "page-level tests in headless Firefox ESR"
BROWSER=firefox node --test --test-concurrency=1 tests/page/

step "fixture matrix: the npm tarball in fresh projects with default configs (tests/fixtures/)"
bash scripts/pack.sh
node --test tests/fixtures/

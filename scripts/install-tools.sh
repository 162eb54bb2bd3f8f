#!/usr/bin/env bash
# Brings a fresh Debian 12 machine with Rust and Node up to what the build and tests need.
# Idempotent: every step is skipped when its tool is already at the right version.
# Downloads only from package registries (crates.io, npm, Debian, rustup's download server for the target and rust-src).
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1 || { echo "install-tools: '$1' is required but not found ($2)" >&2; exit 1; }; }
need cargo "install Rust with rustup first"
need rustup "the wasm32 target is added with rustup"
need node "install Node.js 20+ first"
need npm "install npm first"

# 1. The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "install-tools: adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown || {
    echo "install-tools: cannot add the wasm32-unknown-unknown target (is rustup's download server reachable?)" >&2; exit 1; }
fi
# 1b. The standard library's source: the package build (scripts/build-pkg.sh) rebuilds std for size.
if ! rustup component list --installed | grep -q '^rust-src'; then
  echo "install-tools: adding rustup component rust-src"
  rustup component add rust-src || {
    echo "install-tools: cannot add the rust-src component (is rustup's download server reachable?)" >&2; exit 1; }
fi

# 2. Chromium and ChromeDriver from Debian (never a browser download of a test tool's own).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "install-tools: installing Debian chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi

# 2b. Firefox ESR from Debian and geckodriver from crates.io (the second browser of the test run).
if ! command -v firefox-esr >/dev/null 2>&1; then
  echo "install-tools: installing Debian firefox-esr"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends firefox-esr >/dev/null
fi
GECKODRIVER_VERSION=0.37.1
if [ "$(geckodriver --version 2>/dev/null | head -1)" != "geckodriver $GECKODRIVER_VERSION" ]; then
  echo "install-tools: cargo install geckodriver $GECKODRIVER_VERSION (takes a few minutes)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --quiet
fi

# 3. wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock.
WB_VERSION=$(cargo pkgid -p wasm-bindgen 2>/dev/null | sed 's/.*[@#]//')
[ -n "$WB_VERSION" ] || { echo "install-tools: cannot read the wasm-bindgen version from Cargo.lock" >&2; exit 1; }
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ] \
   || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  echo "install-tools: cargo install wasm-bindgen-cli $WB_VERSION (takes a few minutes)"
  # --locked can fail when the tool's lockfile pins a crate version the registry lacks; then resolve afresh.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --locked --quiet \
    || cargo install wasm-bindgen-cli --version "$WB_VERSION" --force --quiet
fi

# 4. wasm-pack, which builds pkg/ (scripts/build-pkg.sh runs it with --mode no-install, so it never downloads).
WASM_PACK_VERSION=0.15.1
if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  echo "install-tools: cargo install wasm-pack $WASM_PACK_VERSION (takes about 2 minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --quiet
fi

# 5. npm tools (binaryen's wasm-opt, esbuild and terser for the build, playwright-core, the official SDK), pinned by package-lock.json.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-fund --no-audit --loglevel=error
fi
echo "install-tools: ok (wasm-bindgen $WB_VERSION, wasm-pack $WASM_PACK_VERSION, $(chromium --version 2>/dev/null | head -1)," \
  "$(firefox-esr --version 2>/dev/null | head -1), geckodriver $GECKODRIVER_VERSION)"

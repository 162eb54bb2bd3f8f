#!/usr/bin/env bash
# Builds the browser package into pkg/: size-optimised wasm, wasm-bindgen glue (--target web),
# wasm-opt -Oz from npm binaryen (Debian's binaryen 108 miscompiles this output), and the
# hand-written entry js/index.js bundled with the glue, its types and package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -p cloudbase-auth-wasm --target wasm32-unknown-unknown --profile wasm-release --quiet
rm -rf pkg && mkdir -p pkg
wasm-bindgen --target web --out-dir pkg --out-name cloudbase_auth_wasm \
  target/wasm32-unknown-unknown/wasm-release/cloudbase_auth_wasm.wasm
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-reference-types --enable-sign-ext \
  --enable-nontrapping-float-to-int --enable-mutable-globals --enable-multivalue \
  pkg/cloudbase_auth_wasm_bg.wasm -o pkg/cloudbase_auth_wasm_bg.wasm
# One minified ES module: the hand-written entry with the wasm-bindgen glue inlined (it locates the
# .wasm with new URL(..., import.meta.url), which bundlers and plain pages both resolve).
cp js/index.js pkg/entry.js
node_modules/.bin/esbuild pkg/entry.js --bundle --minify --format=esm --platform=browser --target=es2022 \
  --outfile=pkg/index.js --log-level=warning
rm pkg/entry.js pkg/cloudbase_auth_wasm.js pkg/cloudbase_auth_wasm.d.ts pkg/cloudbase_auth_wasm_bg.wasm.d.ts
# inline_js snippets (the captcha dialog) are bundled into index.js above.
rm -rf pkg/snippets
cp js/index.d.ts pkg/
cp js/package.json pkg/package.json
cp README.md pkg/README.md
rm -f pkg/.gitignore
bash scripts/size.sh

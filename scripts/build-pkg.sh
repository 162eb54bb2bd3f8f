#!/usr/bin/env bash
# Builds the npm package into pkg/ with wasm-pack, offline-safe:
#   1. wasm-pack build --target web with the size profile (`wasm-release`), `--mode no-install` so it uses the
#      pinned wasm-bindgen-cli on PATH and downloads nothing; its own wasm-opt is off in Cargo.toml
#      ([package.metadata.wasm-pack.profile.*]). Output in target/wasm-pack/.
#   2. wasm-opt -Oz from npm binaryen (Debian's binaryen 108 miscompiles this output) into pkg/. Measured
#      on this package, gzip: --merge-similar-functions first (one body for functions that differ only in
#      constants) -172 B, -Oz to a fixed point (--converge) -101 B, and no producers / target-features
#      custom sections, which no runtime reads, -195 B.
#   3. post-step: the hand-written entries in js/ are bundled with the wasm-bindgen glue and minified into
#      pkg/, the types are copied, and scripts/pkg-manifest.mjs points wasm-pack's package.json at them.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/wasm-pack
rm -rf "$out" pkg && mkdir -p pkg
wasm-pack --quiet --log-level warn build --target web --profile wasm-release --mode no-install \
  --out-dir "$out" --out-name cloudbase_auth_wasm --no-gitignore
node_modules/.bin/wasm-opt --merge-similar-functions -Oz --converge --strip-producers --strip-target-features \
  --enable-bulk-memory --enable-reference-types --enable-sign-ext \
  --enable-nontrapping-float-to-int --enable-mutable-globals --enable-multivalue \
  "$out/cloudbase_auth_wasm_bg.wasm" -o pkg/cloudbase_auth_wasm_bg.wasm
# The entries sit next to the glue (they import './cloudbase_auth_wasm.js'); each becomes one minified
# module with the glue and its inline_js snippets (the captcha dialog) inlined.
cp js/*.js js/*.cjs "$out/"
bundle() { node_modules/.bin/esbuild "$out/$1" --bundle --minify --target=es2022 --log-level=warning --outfile="pkg/$2" "${@:3}"; }
bundle index.js index.js --format=esm --platform=browser
bundle node.js node.js --format=esm --platform=node
bundle require.cjs index.cjs --format=cjs --platform=node --inject:"$out/cjs-shim.js" --define:import.meta.url=importMetaUrl
cp js/index.d.ts pkg/
cp "$out/package.json" "$out/README.md" pkg/
node scripts/pkg-manifest.mjs
bash scripts/size.sh

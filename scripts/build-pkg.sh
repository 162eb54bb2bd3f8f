#!/usr/bin/env bash
# Builds the npm package into pkg/ with wasm-pack, offline-safe:
#   1. wasm-pack build --target web with the size profile (`wasm-release`), `--mode no-install` so it uses the
#      pinned wasm-bindgen-cli on PATH and downloads nothing; its own wasm-opt is off in Cargo.toml
#      ([package.metadata.wasm-pack.profile.*]). The standard library is rebuilt with the package, its panics
#      aborting at once (below). Output in target/wasm-pack/.
#   2. the code nothing calls freed from the function table (scripts/free-table-slots.mjs), then
#      wasm-opt -Oz from npm binaryen (Debian's binaryen 108 miscompiles this output) into pkg/, with the
#      import and export names minified (scripts/minify-names.mjs renames them in the glue to match)
#      and the functions laid out for gzip (scripts/order-functions.mjs).
#   3. post-step: the hand-written entries in js/ are bundled with the wasm-bindgen glue and minified into
#      pkg/ (esbuild, then terser), the types are copied, and scripts/pkg-manifest.mjs points wasm-pack's package.json at them.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/wasm-pack
rm -rf "$out" pkg && mkdir -p pkg
# The standard library built from source (rustup's rust-src component) with the package, with
# `-Cpanic=immediate-abort`: a panic is the `unreachable` trap at its call site, so no panic hook, payload,
# location or message formatting is linked (a panic already ended in that trap: the profile aborts and a
# message goes nowhere on wasm32-unknown-unknown), and std's own code is optimised with ours under LTO.
# Both are unstable options of the stable toolchain, enabled by RUSTC_BOOTSTRAP for this build only.
# Measured with `make size` on 2026-11-30: -2,543 B gzip against the prebuilt std with its panic and
# formatting code cut afterwards (the binaryen script this replaced).
export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
# More settings of this build, each measured with `make size` on 2026-11-30:
# - `-reference-types,-multivalue`: JS values cross the boundary as indices into the glue's object heap,
#   not as `externref`s with their table and its shims, and results come back through memory, not as
#   multiple values: -894 and -41 B gzip (the `.wasm` 1,174 B smaller, the glue 239 B larger).
# - `-Zcross-crate-inline-threshold=always`: every function of the dependencies and of std may be
#   inlined into the package's code, so the generic and tiny helpers (JS value conversions, `Option` and
#   `Result` plumbing, `RefCell` borrows) are optimised in place with their callers: -2,822 B gzip
#   (the MIR inliner's threshold raised to 500 instead: -343 B; with both, the threshold adds nothing).
# - LLVM's inline threshold set to 12: small functions called from a few places are inlined
#   where that lets them be optimised away: -498 B gzip. The size steps in plateaus: 6-10 -467 B,
#   11-15 -498 B, 16 and up +1,004 B, 0 +163 B; 12 sits inside the best one.
flags=(-Zunstable-options -Cpanic=immediate-abort -Ctarget-feature=-reference-types,-multivalue
  -Zcross-crate-inline-threshold=always -Cllvm-args=-inline-threshold=12)
export RUSTFLAGS="${flags[*]}"
wasm-pack --quiet --log-level warn build --target web --profile wasm-release --mode no-install \
  --out-dir "$out" --out-name cloudbase_auth_wasm --no-gitignore
# The table slots of wasm-bindgen's closure invoke shims and of js-sys's JSPI task waker are freed, so
# the code nothing calls goes (the script explains why none is called through the table): -493 B gzip.
node scripts/free-table-slots.mjs "$out/cloudbase_auth_wasm_bg.wasm" "$out/slots.wasm" "$out/cloudbase_auth_wasm.js"
# Function merging first (folds the many small monomorphised copies that differ only in constants), then
# -Oz repeated while it still shrinks (--converge) and the two custom sections only tools read stripped:
# -541 B gzip. Then the import and export names are minified (a run of its own: under --converge the pass
# would print its mapping once per round); scripts/minify-names.mjs applies the printed mapping to the glue.
opt=(--enable-bulk-memory --enable-reference-types --enable-sign-ext --enable-nontrapping-float-to-int
  --enable-mutable-globals --enable-multivalue)
# --low-memory-unused lets -Oz fold small constant offsets into loads and stores (-251 B gzip): it assumes
# the first 1 KiB of memory is never addressed. rustc lays the wasm out stack first (`__stack_pointer`
# starts at 1 MiB, data above it), so that KiB is the far end of the 1 MiB stack, reached only by a
# stack about to overflow. --gufa-optimizing (whole-program value flow, then -Oz) prunes what it
# proves unreachable or constant: -27 B gzip. The layout is checked first: the stack top and every data
# segment at or above 1 MiB. Before -Oz, measured with `make size` on 2026-11-30: --local-cse (a value
# computed twice in a function is kept in a local; -Oz does not run it) -179 B gzip; --dealign (every
# load and store with alignment 1: the hint is only a hint, engines handle any address the same, and
# one uniform encoding compresses better) -137 B; --generate-global-effects (what each function may
# touch, so that -Oz can drop or move calls that touch nothing) -11 B; --ignore-implicit-traps (loads,
# stores and divisions are taken not to trap, so that unused loads go and loads move: Rust code never
# relies on those traps, and a panic's trap is an explicit `unreachable`, kept) -29 B; always inlining
# functions of up to 4 bytes (-aimfs 4; 5 and up grow the module) -48 B; --rse (sets of a value a
# local already holds) -17 B. These three measured with the function order below, which they change.
low=$(node_modules/.bin/wasm-dis "$out/cloudbase_auth_wasm_bg.wasm" |
  sed -nE 's/.*global \$__stack_pointer \(mut i32\) \(i32\.const ([0-9]+)\).*/\1/p; s/^ \(data \S* \(i32\.const ([0-9]+)\).*/\1/p' | sort -n | head -n1)
if [ "${low:-0}" -lt 1048576 ]; then
  echo "build-pkg: static data or the stack top lies below 1 MiB (${low:-none found}): --low-memory-unused needs review" >&2
  exit 1
fi
# Nothing may format strings at run time (numbers go through JS `Number#toString`, messages are
# concatenated): `core::fmt` costs about 1,600 B gzip.
if grep -aq 'core\[[0-9a-f]*\]::fmt::write' "$out/cloudbase_auth_wasm_bg.wasm"; then
  echo "build-pkg: core::fmt::write is linked: something formats a string at run time (about +1,600 B gzip)" >&2
  exit 1
fi
node_modules/.bin/wasm-opt --duplicate-function-elimination --merge-similar-functions --low-memory-unused --gufa-optimizing \
  --local-cse --dealign --generate-global-effects --ignore-implicit-traps -aimfs 4 --rse \
  -Oz --converge --strip-producers --strip-target-features "${opt[@]}" \
  "$out/slots.wasm" -o "$out/optimized.wasm"
node_modules/.bin/wasm-opt --minify-imports-and-exports-and-modules "${opt[@]}" \
  "$out/optimized.wasm" -o pkg/cloudbase_auth_wasm_bg.wasm > "$out/names.json"
node scripts/minify-names.mjs "$out/names.json" "$out/optimized.wasm" pkg/cloudbase_auth_wasm_bg.wasm \
  "$out/cloudbase_auth_wasm.js"
# The functions laid out in the order gzip compresses best (the script explains how): -921 B gzip.
node scripts/order-functions.mjs pkg/cloudbase_auth_wasm_bg.wasm pkg/cloudbase_auth_wasm_bg.wasm
# Code of the glue this package never runs is cut (each cut explained in the script).
node scripts/slim-glue.mjs "$out/cloudbase_auth_wasm.js"
# The entries sit next to the glue (they import './cloudbase_auth_wasm.js'); each becomes one minified
# module with the glue and its inline_js snippets (the captcha dialog) inlined.
cp js/*.js js/*.cjs "$out/"
# Two glue-internal properties (the core's pointer on every method, a closure's release hook) get short
# names; nothing outside the bundle reads them: -24 B gzip.
# Then terser compresses esbuild's output again (three passes) and renames its top-level names too:
# -62 B gzip. Not with its inlining of functions called once (reduce_funcs, -21 B more): with it, a Node
# process with apps signed in through a storage adapter no longer exited (tests/fixtures, "a storage
# adapter per user"; the inlined bodies' closures keep other scopes alive, not analysed further). Not its
# `unsafe` or `pure_getters` either: they assume what this code does not promise (the auth object has
# getters and is a Proxy).
# bundle ENTRY OUT SCOPE ESBUILD_OPTIONS...: SCOPE tells terser what the top level is (`--module` for an
# ES module, `--toplevel` for the CommonJS one, whose top level is its module function's).
bundle() {
  node_modules/.bin/esbuild "$out/$1" --bundle --minify --target=es2022 --log-level=warning --outfile="pkg/$2" \
    --mangle-props='^(__wbg_ptr|_wbg_cb_unref)$' "${@:4}"
  node_modules/.bin/terser "pkg/$2" "$3" --compress passes=3,reduce_funcs=false --mangle --output "pkg/$2"
}
bundle index.js index.js --module --format=esm --platform=browser
bundle node.js node.js --module --format=esm --platform=node --inject:"$out/node-crypto.js"
bundle require.cjs index.cjs --toplevel --format=cjs --platform=node --inject:"$out/node-crypto.js" \
  --inject:"$out/cjs-shim.js" --define:import.meta.url=importMetaUrl
cp js/index.d.ts pkg/
cp "$out/package.json" "$out/README.md" pkg/
node scripts/pkg-manifest.mjs
bash scripts/size.sh

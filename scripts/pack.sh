#!/usr/bin/env bash
# `make pack`: the npm tarball of pkg/ in target/pack/; prints its path. Install it in an app with
# `npm install /path/to/cloudbase-auth-wasm-VERSION.tgz` (a copy, unlike `npm install ./pkg`, which links).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf target/pack && mkdir -p target/pack
file=$(npm pack ./pkg --pack-destination target/pack --silent | tail -n1)
echo "pack: $PWD/target/pack/$file"

#!/usr/bin/env bash
# Prints the package size: every file a browser downloads from pkg/, raw and gzip -9.
set -euo pipefail
cd "$(dirname "$0")/.."
total_raw=0; total_gz=0
for f in pkg/cloudbase_auth_wasm_bg.wasm pkg/index.js; do
  raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  printf 'size: %-34s %8d B raw %8d B gzip\n' "$f" "$raw" "$gz"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
done
printf 'size: %-34s %8d B raw %8d B gzip (target <= 46080)\n' "total" "$total_raw" "$total_gz"

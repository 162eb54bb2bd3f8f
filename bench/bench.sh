#!/usr/bin/env bash
# `make bench`: starts an emulator on a free port with an in-memory database, runs bench/run.mjs
# against it (both SDKs, alternately, headless Chromium) and stops the emulator, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
# The official SDK as a production build ships it: the default import bundled and minified.
node_modules/.bin/esbuild node_modules/@cloudbase/js-sdk/dist/index.esm.js --bundle --minify --format=esm \
  --platform=browser --outfile=target/sdk/cloudbase-official.min.js --log-level=warning
# And its auth path alone (app + auth, scripts/official-auth-entry.js), as `make size` weighs it.
node_modules/.bin/esbuild scripts/official-auth-entry.js --bundle --minify --format=esm \
  --platform=browser --outfile=target/sdk/cloudbase-official-auth.min.js --log-level=warning
pidfile=target/bench/emulator.pid
EMULATOR_URL=$(scripts/start-emulator.sh "$pidfile" target/bench/emulator.log --port 0 --db :memory:)
export EMULATOR_URL
trap 'kill "$(cat "$pidfile")" 2>/dev/null || true' EXIT
echo "bench: emulator at $EMULATOR_URL; this takes a few minutes" >&2
node bench/run.mjs

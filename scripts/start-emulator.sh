#!/usr/bin/env bash
# Starts the emulator binary in the background and prints its URL once it accepts connections.
# Usage: source-free; `URL=$(scripts/start-emulator.sh PIDFILE LOGFILE [emulator args...])`.
set -euo pipefail
pidfile=$1; log=$2; shift 2
bin=target/debug/cloudbase-auth-emulator
[ -x "$bin" ] || { echo "start-emulator: $bin not built (run make emulator)" >&2; exit 1; }
: > "$log"
"$bin" "$@" >"$log" 2>&1 &
echo $! > "$pidfile"
for _ in $(seq 1 200); do
  url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log" | head -n1)
  if [ -n "$url" ]; then echo "$url"; exit 0; fi
  kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "start-emulator: emulator exited:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.05
done
echo "start-emulator: no 'listening on' line after 10 s" >&2; cat "$log" >&2; exit 1

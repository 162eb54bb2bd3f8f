#!/usr/bin/env bash
# Load benchmark of the emulator (`make bench-emulator`; not part of `make test`).
#
# Starts the release emulator on loopback (a free port, a fresh SQLite file in a temp
# directory) and drives each operation for BENCH_SECONDS (default 3) with wrk at
# BENCH_CONNECTIONS (default 64) connections on 2 threads: refresh-token grants (a pool of
# sessions, each refresh token used once), GET user/me, anonymous sign-in (a new device each
# time) and password sign-in. Prints requests/s, p50, p99, errors and the emulator's CPU time
# per request (from /proc/PID/stat), next to `openssl speed rsa2048`'s time per signature
# measured in the same run. Then, when `npx firebase` can be installed from npm into
# emulator/bench/firebase (BENCH_PEER=0 skips it), runs the Firebase Auth Emulator under the
# same load for sign-up and refresh and prints it beside ours. Everything it starts is
# stopped on exit; the whole run is bounded by `timeout`.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${BENCH_SECONDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=2
SESSIONS=${BENCH_SESSIONS:-256}
export BENCH_DIR=$PWD/emulator/bench

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing Debian's wrk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
command -v openssl >/dev/null || { echo "bench: openssl is required" >&2; exit 1; }
cargo build -p cloudbase-auth-emulator --release --quiet

mkdir -p target
work=$(mktemp -d "$PWD/target/bench-emulator.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

tck=$(getconf CLK_TCK)
# CPU time (user + system) of a process so far, in ms.
cpu_ms() { awk -v t="$tck" '{ print ($14 + $15) * 1000 / t }' "/proc/$1/stat"; }
# cpu_ms summed over a process tree (the Firebase emulator may run in child processes).
tree_cpu_ms() {
  local sum c
  sum=$(cpu_ms "$1" 2>/dev/null || echo 0)
  for c in $(pgrep -P "$1" 2>/dev/null); do
    sum=$(awk -v a="$sum" -v b="$(tree_cpu_ms "$c")" 'BEGIN { print a + b }')
  done
  echo "$sum"
}

rows=()
# run SERVER OPERATION PID URL SCRIPT [SCRIPT-ARGS...]: one wrk run, one table row.
# Extra wrk options (headers) come from the array `wrk_opts`.
wrk_opts=()
run() {
  local server=$1 op=$2 pid=$3 url=$4 script=$5; shift 5
  local before after out
  before=$(tree_cpu_ms "$pid")
  out=$(timeout $((SECONDS_PER_RUN + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 5s \
    "${wrk_opts[@]}" -s "$BENCH_DIR/$script" "$url" -- "$@" 2>&1) || true
  after=$(tree_cpu_ms "$pid")
  local line; line=$(grep '^RESULT' <<<"$out" || true)
  if [ -z "$line" ]; then echo "bench: wrk failed for $server $op:" >&2; echo "$out" >&2; return; fi
  eval "$(sed 's/^RESULT //' <<<"$line")"
  # shellcheck disable=SC2154 # set by the eval above
  rows+=("$(awk -v s="$server" -v o="$op" -v n="$requests" -v d="$duration_us" -v p50="$p50_us" -v p99="$p99_us" \
    -v e="$errors" -v c0="$before" -v c1="$after" 'BEGIN {
      printf "| %s | %s | %d | %.1f | %.1f | %d | %.3f |", s, o, n / (d / 1e6), p50 / 1000, p99 / 1000, e, (c1 - c0) / (n > 0 ? n : 1) }')")
  echo "${rows[-1]}"
}

echo "bench: load before the run: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) cores"
sig_ms=$(openssl speed -seconds 2 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ { printf "%.3f", $4 * 1000 }')
echo "bench: openssl speed rsa2048: $sig_ms ms per signature"

# ---- ours
target/release/cloudbase-auth-emulator --port 0 --db "$work/bench.db" >"$work/emulator.log" 2>&1 &
emu=$!; pids+=("$emu")
for _ in $(seq 1 200); do
  url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$work/emulator.log" | head -n1)
  [ -n "$url" ] && break; sleep 0.05
done
[ -n "${url:-}" ] || { echo "bench: the emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }
env=bench-$$
curl -sf "$url/auth/v1/.well-known/jwks.json" >/dev/null # waits for the signing key
for i in $(seq 1 "$SESSIONS"); do
  curl -sf -X POST -H "x-device-id: bench-session-$i" -d '{}' "$url/auth/v1/signin/anonymously?client_id=$env"
  echo
done | sed -n 's/.*"refresh_token":"\([^"]*\)".*/\1/p' >"$work/tokens.txt"
access=$(curl -sf -X POST -H "x-device-id: bench-me" -d '{}' "$url/auth/v1/signin/anonymously?client_id=$env" \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
curl -sf -X POST -d "{\"env\":\"$env\",\"username\":\"bench\",\"password\":\"bench-password-1\"}" "$url/_emulator/users" >/dev/null
echo "bench: emulator at $url, $(wc -l <"$work/tokens.txt") sessions"

echo
echo "| server | operation | requests/s | p50 ms | p99 ms | errors | server CPU ms / request |"
echo "|---|---|---|---|---|---|---|"
run ours "refresh grant (POST /auth/v1/token)" "$emu" "$url" refresh.lua cloudbase "$work/tokens.txt" "$THREADS" "$env"
wrk_opts=(-H "Authorization: Bearer $access")
run ours "GET /auth/v1/user/me" "$emu" "$url/auth/v1/user/me" get.lua
wrk_opts=()
run ours "anonymous sign-in (new device)" "$emu" "$url" anonymous.lua cloudbase "$env"
run ours "password sign-in (argon2id default cost)" "$emu" "$url/auth/v1/signin?client_id=$env" post.lua '{"username":"bench","password":"bench-password-1"}'
kill "$emu" 2>/dev/null || true

# ---- the peer: Firebase Auth Emulator (firebase-tools), same load, sign-up and refresh
if [ "${BENCH_PEER:-1}" = 1 ]; then
  fb=emulator/bench/firebase
  if [ ! -x "$fb/node_modules/.bin/firebase" ]; then
    (cd "$fb" && npm ci --no-fund --no-audit --loglevel=error) || echo "bench: cannot install firebase-tools; peer skipped" >&2
  fi
  if [ -x "$fb/node_modules/.bin/firebase" ]; then
    # Free loopback ports for the auth emulator, its hub and its logging endpoint.
    read -r port hub logport < <(python3 -c 'import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
    printf '{"emulators":{"auth":{"host":"127.0.0.1","port":%s},"hub":{"host":"127.0.0.1","port":%s},"logging":{"host":"127.0.0.1","port":%s},"ui":{"enabled":false}}}\n' \
      "$port" "$hub" "$logport" >"$work/firebase.json"
    (cd "$work" && exec env XDG_CONFIG_HOME="$work" "$OLDPWD/$fb/node_modules/.bin/firebase" emulators:start \
      --only auth --project demo-bench --config "$work/firebase.json" >"$work/firebase.log" 2>&1) &
    fbpid=$!; pids+=("$fbpid")
    fburl=http://127.0.0.1:$port
    for _ in $(seq 1 600); do curl -sf "$fburl/" >/dev/null 2>&1 && break; sleep 0.1; done
    if curl -sf "$fburl/" >/dev/null 2>&1; then
      for _ in $(seq 1 "$SESSIONS"); do
        curl -sf -X POST -H 'Content-Type: application/json' -d '{"returnSecureToken":true}' \
          "$fburl/identitytoolkit.googleapis.com/v1/accounts:signUp?key=fake-api-key"
        echo
      done | sed -n 's/.*"refreshToken": *"\([^"]*\)".*/\1/p' >"$work/fb-tokens.txt"
      run firebase "refresh grant (securetoken)" "$fbpid" "$fburl" refresh.lua firebase "$work/fb-tokens.txt" "$THREADS"
      run firebase "anonymous sign-up (accounts:signUp)" "$fbpid" "$fburl" anonymous.lua firebase
    else
      echo "bench: the Firebase Auth Emulator did not start; peer skipped:" >&2; tail -20 "$work/firebase.log" >&2
    fi
  fi
fi

echo
echo "openssl speed rsa2048 (same run): $sig_ms ms per signature"
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# The main job: emulator on its default SQLite file (.emulator/emulator.db) with a seeded demo user,
# plus a static server for www/ and pkg/. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
EMULATOR_PORT=${EMULATOR_PORT:-8787}
DEMO_PORT=${DEMO_PORT:-8080}
mkdir -p target/demo
pidfile=target/demo/emulator.pid
url=$(scripts/start-emulator.sh "$pidfile" target/demo/emulator.log --port "$EMULATOR_PORT")
cleanup() { kill "$(cat "$pidfile")" 2>/dev/null || true; kill "${serve_pid:-}" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
echo "emulator listening on $url (data in .emulator/emulator.db)"

# Seed the demo user; an 'already_exists' answer on later runs is fine.
node --input-type=module -e '
  const [url] = process.argv.slice(1);
  const r = await fetch(url + "/_emulator/users", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ env: "demo-env", email: "demo@example.com", username: "demo", password: "demo-password-1" }) });
  const b = await r.json();
  if (!r.ok && b.error !== "already_exists") { console.error("seeding the demo user failed:", b); process.exit(1); }
  console.log("demo user: demo@example.com / demo-password-1 (env demo-env)");
' "$url"

node scripts/serve.mjs "$DEMO_PORT" > target/demo/serve.log 2>&1 &
serve_pid=$!
# The server prints "demo served at URL/" once it listens (DEMO_PORT=0 picks a free port).
for _ in $(seq 1 100); do
  site=$(sed -n 's/^demo served at \(http:[^ ]*\)$/\1/p' target/demo/serve.log)
  [ -n "$site" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat target/demo/serve.log >&2; exit 1; }
  sleep 0.1
done
[ -n "$site" ] || { echo "demo: the static server did not start" >&2; cat target/demo/serve.log >&2; exit 1; }
page="$site"
[ "$url" = "http://127.0.0.1:8787" ] || page="$page?emulator=$url"
echo "open $page   (pages: / /register /login /phone /oauth /dashboard; Ctrl-C stops everything)"
wait "$serve_pid"

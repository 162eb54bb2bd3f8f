-- Shared by every scenario: a thread number for each wrk thread (the global `id` in its
-- script), and one machine-readable line for scripts/bench-emulator.sh.
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), errors))
end

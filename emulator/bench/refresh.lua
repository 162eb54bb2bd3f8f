-- Refresh-token grants, each refresh token used once. Every wrk thread owns a queue of
-- tokens (its share of the file given as the 2nd argument); each answer's new refresh
-- token goes back to the queue, so the pool never runs dry and no token is presented twice.
-- Arguments: STYLE (cloudbase | firebase) TOKEN_FILE THREADS [ENV]
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local queue, head, tail = {}, 1, 0
local style, env

function init(args)
  style, env = args[1], args[4]
  local threads, i = tonumber(args[3]), 0
  for line in io.lines(args[2]) do
    if i % threads == id then
      tail = tail + 1
      queue[tail] = line
    end
    i = i + 1
  end
end

function request()
  local token = queue[head] or "pool-exhausted" -- answered invalid_grant: counted as an error
  queue[head] = nil
  head = head + 1
  if style == "firebase" then
    return wrk.format("POST", "/securetoken.googleapis.com/v1/token?key=fake-api-key",
      { ["Content-Type"] = "application/json" },
      '{"grant_type":"refresh_token","refresh_token":"' .. token .. '"}')
  end
  return wrk.format("POST", "/auth/v1/token?client_id=" .. env, nil,
    '{"client_id":"' .. env .. '","grant_type":"refresh_token","refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
  local token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if token then
    tail = tail + 1
    queue[tail] = token
  end
end

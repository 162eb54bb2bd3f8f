-- Anonymous sign-in from a new device every time (a new user per request).
-- Arguments: STYLE (cloudbase | firebase) [ENV]
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local style, env, n
function init(args)
  style, env, n = args[1], args[2], 0
end

function request()
  n = n + 1
  if style == "firebase" then
    return wrk.format("POST", "/identitytoolkit.googleapis.com/v1/accounts:signUp?key=fake-api-key",
      { ["Content-Type"] = "application/json" }, '{"returnSecureToken":true}')
  end
  return wrk.format("POST", "/auth/v1/signin/anonymously?client_id=" .. env,
    { ["x-device-id"] = string.format("bench-%d-%d-%d", os.time(), id, n) }, "{}")
end

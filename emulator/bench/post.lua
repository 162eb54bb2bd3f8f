-- The same POST body on every request (password sign-in). Arguments: BODY
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
function init(args)
  wrk.method = "POST"
  wrk.body = args[1]
end

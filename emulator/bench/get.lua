-- Plain requests (user/me with the Authorization header given on the command line).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

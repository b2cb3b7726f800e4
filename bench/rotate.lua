-- wrk script: each request takes the next path from the file named by WRK_PATHS; at the end it
-- prints how many answers were 5xx and how many 404 ("server errors: N, not found: M").
local paths = {}
local index = 0
local threads = {}
server_errors = 0
not_found = 0

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  local file = io.open(os.getenv("WRK_PATHS"), "r")
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
end

request = function()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

response = function(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
  if status == 404 then not_found = not_found + 1 end
end

done = function(summary, latency, requests)
  local errors, missing = 0, 0
  for _, thread in ipairs(threads) do
    errors = errors + thread:get("server_errors")
    missing = missing + thread:get("not_found")
  end
  io.write(string.format("server errors: %d, not found: %d\n", errors, missing))
end

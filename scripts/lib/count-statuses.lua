-- wrk script for scripts/check-live-swap and scripts/check-cluster: counts every response outside 2xx
-- (wrk itself only counts those outside 2xx and 3xx) and prints one machine-readable line at the end.
-- With a file of paths after `--` (one per line), the requests go to each path in turn.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local paths = {}
local next_path = 0

function init(args)
  non2xx = 0
  if args[1] then
    for line in io.lines(args[1]) do
      if line ~= "" then table.insert(paths, line) end
    end
  end
end

function request()
  if #paths == 0 then return wrk.format() end
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local errors = summary.errors
  io.write(string.format("requests=%d non2xx=%d socket_errors=%d connect=%d read=%d write=%d timeout=%d p99_ms=%.1f\n",
    summary.requests, non2xx_total, errors.connect + errors.read + errors.write + errors.timeout, errors.connect,
    errors.read, errors.write, errors.timeout, latency:percentile(99) / 1000))
end

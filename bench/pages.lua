-- wrk script: GET the paths listed one per line in the file named by the first script argument, in
-- turn from a random start per thread, as a browser asks for pages (its Accept and, from the
-- ACCEPT_ENCODING environment variable, its Accept-Encoding; identity when unset).
-- Usage: ACCEPT_ENCODING="gzip, deflate, br, zstd" wrk -s bench/pages.lua URL -- paths.txt
local paths = {}
local next_index = 0
local accept_encoding = os.getenv("ACCEPT_ENCODING") or "identity"

function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  next_index = math.random(#paths)
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index], {
    ["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    ["Accept-Encoding"] = accept_encoding,
  })
end

# Sourced by scripts/bench and scripts/bench-ab.
# write_query_script QUERIES LUA: a wrk script that sends the queries of QUERIES (one a line) in turn,
# each appended to the URL given to wrk.
write_query_script() {
  python3 - "$1" >"$2" <<'PY'
import sys, urllib.parse
queries = [urllib.parse.quote_plus(line.strip()) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
print("local queries = {" + ",".join('"%s"' % q for q in queries) + "}")
print("local i = 0")
print("request = function() i = i + 1 return wrk.format('GET', wrk.path .. queries[(i % #queries) + 1]) end")
PY
}

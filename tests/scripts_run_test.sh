#!/usr/bin/env bash
# ./scripts/run --articles PATH, with the programs of this build (KB_BUILD_DIR: nothing is installed or
# built): a folder of two good articles and one bad one is indexed with --keep-going into its own
# var/sites/NAME/index and served (the bad one reported and skipped); the sample's var/index is left as
# it was; a missing PATH, or a file, exits 2. Every process is bounded by a time-out and killed at the end.
# Usage: tests/scripts_run_test.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
KB_BUILD_DIR=$(cd "$1" && pwd)
export KB_BUILD_DIR

command -v curl >/dev/null || { echo "scripts_run_test: skipped, curl is not installed"; exit 77; }

work=$(mktemp -d)
server_pid=""
site=""
had_var=0
[ -d var ] && had_var=1
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  [ -n "$site" ] && rm -rf "$site"
  rmdir var/sites 2>/dev/null || true
  ((had_var)) || rmdir var 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "scripts_run_test: FAIL: $*"
  for log in "$work"/*.log; do echo "--- $log"; cat "$log"; done
  exit 1
}

# What the sample's index looks like now: every file's path, size and time (var/index may not exist).
sample_state() { { find var/index -printf '%P %s %T@\n' 2>/dev/null || true; } | sort | sha256sum; }
sample_before=$(sample_state)

mkdir -p "$work/docs/guide"
printf -- '---\ntitle: Install the widget\n---\nPlug the widget into the wall socket.\n' >"$work/docs/guide/install.md"
printf '# Configure the widget\n\nOpen the settings and choose a colour.\n' >"$work/docs/configure.md"
printf -- '---\ntitle: [Broken\n---\nThis one cannot be published: its front matter is not YAML.\n' >"$work/docs/broken.md"

# A bad PATH: a clear message and exit 2, before anything is built or served.
status=0
./scripts/run --articles "$work/nothing-here" >"$work/missing.log" 2>&1 || status=$?
((status == 2)) || fail "a missing folder exited $status, not 2"
grep -q 'no such folder' "$work/missing.log" || fail "a missing folder is not named as such"
status=0
./scripts/run --articles "$work/docs/configure.md" >"$work/file.log" 2>&1 || status=$?
((status == 2)) || fail "a file given as the folder exited $status, not 2"

# A relative PATH, from another folder: it is read relative to where run was started. The logs exist
# before the background shell opens them, so that the first look at them cannot fail.
: >"$work/run.log"
: >"$work/run-err.log"
(cd "$work" && exec timeout 120 "$OLDPWD/scripts/run" --articles docs --port 0) >"$work/run.log" 2>"$work/run-err.log" &
server_pid=$!
port=""
for _ in $(seq 600); do
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/run.log")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || fail "scripts/run stopped before serving"
  sleep 0.1
done
[ -n "$port" ] || fail "kb-serve did not start within 60 s"
index=$(sed -n 's/.*listening on .* (index \(.*\))$/\1/p' "$work/run.log")
[[ "$index" == var/sites/docs-*/index ]] || fail "the index is '$index', not var/sites/docs-*/index"
site=${index%/index}  # removed at the end

grep -q -- '--keep-going' "$work/run-err.log" || fail "the output does not say invalid articles are skipped"
grep -q 'broken.md:3: front matter: invalid YAML' "$work/run-err.log" || fail "the invalid article is not reported"
grep -q '2 articles published' "$work/run-err.log" || fail "the two good articles were not both published"

curl -sf --max-time 10 -o "$work/home.html" "http://127.0.0.1:$port/" || fail "the home page does not answer"
curl -sf --max-time 10 -o "$work/article.html" "http://127.0.0.1:$port/articles/guide-install" ||
  fail "the article page does not answer"
grep -q 'Install the widget' "$work/article.html" || fail "the article page does not show its title"
curl -s --max-time 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/articles/broken" | grep -q 404 ||
  fail "the invalid article was published"
[ -f "$site/kb.sqlite" ] || fail "the insights store is not $site/kb.sqlite"
[ "$(sample_state)" = "$sample_before" ] || fail "the sample's var/index changed"
echo "scripts_run_test: OK (served on port $port from $index)"

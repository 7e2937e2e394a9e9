# Debian's nginx with the shipped deploy/nginx/kb.conf, non-root, in a temporary folder, on a free
# loopback port, for the checks and benchmarks (scripts/check-*, scripts/bench-connections).
# Source it; needs `nginx_bin` (the nginx binary) set.

# kb_nginx_conf OUT [--no-limits] PORT...: kb.conf listening on 127.0.0.1 (its port set by
# kb_nginx_start), its upstream the kb-serve replicas on PORT... with the shipped parameters.
# --no-limits drops the per-address limits (every request of a load test comes from 127.0.0.1).
kb_nginx_conf() {
  local out=$1 drop='^$'
  shift
  if [ "${1:-}" = --no-limits ]; then
    drop='limit_conn|limit_req'
    shift
  fi
  awk -v ports="$*" -v drop="$drop" '
    $0 ~ drop { next }
    /^ *server 127\.0\.0\.1:8080/ {
      n = split(ports, list, " ")
      for (i = 1; i <= n; i++) { line = $0; sub(/127\.0\.0\.1:8080/, "127.0.0.1:" list[i], line); print line }
      next
    }
    /^ *listen 80;/ { sub(/listen 80;/, "listen 127.0.0.1:NGINX_PORT;") }
    { print }' deploy/nginx/kb.conf >"$out"
}

# kb_nginx_start WORK CONF: nginx in WORK with CONF (from kb_nginx_conf) inside http {}, on a free
# port; sets nginx_port and nginx_pid. Returns 1 (with the error log) when it cannot start.
kb_nginx_start() {
  local work=$1 conf=$2 candidate
  for _ in 1 2 3 4 5; do
    candidate=$((20000 + RANDOM % 30000))
    sed "s/NGINX_PORT/$candidate/" "$conf" >"$work/kb.conf"
    cat >"$work/nginx.conf" <<CONF
user $(id -un) $(id -gn);
worker_processes 1;
worker_rlimit_nofile 8192;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/client_body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  include $work/kb.conf;
}
CONF
    "$nginx_bin" -p "$work" -e "$work/nginx-error.log" -c "$work/nginx.conf" -g 'daemon off;' &
    nginx_pid=$!
    for _ in $(seq 50); do
      if curl -s -o /dev/null "http://127.0.0.1:$candidate/healthz"; then
        nginx_port=$candidate
        return 0
      fi
      kill -0 "$nginx_pid" 2>/dev/null || break  # the port was taken: another one
      sleep 0.1
    done
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  done
  cat "$work/nginx-error.log" >&2
  return 1
}

# A throwaway PostgreSQL from Debian's package (initdb, pg_ctl), in its own temporary folder, on a free
# loopback port, for the checks (scripts/check-cluster); tests/postgres_server.cc does the same in C++.
# Source it.

# pg_find: sets pg_bin to the newest installed PostgreSQL's programs; returns 1 when there is none.
pg_find() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]
}

# pg_as_owner COMMAND...: as the cluster's owner (the postgres user when run as root: PostgreSQL
# refuses to run as root).
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_ctl_cluster start|stop: starts the cluster (on loopback, its socket in its folder) or stops it
# (fast: open connections are cut, as a restart for an upgrade would).
pg_ctl_cluster() {
  if [ "$1" = start ]; then
    pg_as_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/log" \
      -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_dir -c fsync=off" start >/dev/null
  else
    pg_as_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -m fast stop >/dev/null
  fi
}

# pg_start: a new cluster in a new temporary folder, user kb (trust on loopback) and database kb;
# sets pg_dir, pg_port and pg_url. Returns 1 (with PostgreSQL's log) when it cannot start.
pg_start() {
  pg_find || return 1
  pg_dir=$(mktemp -d)
  if [ "$(id -u)" = 0 ]; then chown postgres: "$pg_dir"; fi
  pg_as_owner "$pg_bin/initdb" -D "$pg_dir/data" --auth=trust --username=kb --no-locale --encoding=UTF8 \
    >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log"; return 1; }
  for _ in 1 2 3 4 5; do
    pg_port=$((20000 + RANDOM % 30000))
    if pg_ctl_cluster start 2>/dev/null; then
      pg_url="postgresql://kb@127.0.0.1:$pg_port/kb"
      "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U kb kb && return 0
    fi
  done
  cat "$pg_dir/log" 2>/dev/null
  return 1
}

# pg_value SQL: the one value SQL returns.
pg_value() {
  "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U kb -d kb -tAc "$1"
}

# pg_remove: stops the cluster (at once) and deletes its folder.
pg_remove() {
  [ -n "${pg_dir:-}" ] || return 0
  pg_as_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}

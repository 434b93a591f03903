#!/usr/bin/env bash
# Debian's PostgreSQL 15 for CI, in a throwaway folder: the oldest server we support, to catch SQL
# that only PostgreSQL 16+ accepts (the embedded server of `npm test` is 18).
#   scripts/debian-postgres.sh start   prints the folder and the port: "DIR PORT"
#   scripts/debian-postgres.sh stop DIR
# As root, initdb and the server run as the `postgres` user (initdb refuses root), in a folder it owns.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

install_if_missing() {
  [ -x "$PGBIN/initdb" ] && return
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL 15 est absent ($PGBIN) : installez le paquet Debian postgresql-15 (en root : apt-get install postgresql-15)." >&2
    exit 1
  fi
  # The package would start its own cluster on 5432: policy-rc.d forbids starting any service.
  local policy=/usr/sbin/policy-rc.d created=''
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created=1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  [ -n "$created" ] && rm -f "$policy"
  return 0
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })'
}

case "${1:-}" in
  start)
    install_if_missing
    dir=$(as_postgres 'mktemp -d /tmp/invalidite-pg15-XXXXXX')
    port=$(free_port)
    as_postgres "$PGBIN/initdb -D $dir/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >"$dir/setup.log" 2>&1 ||
      { cat "$dir/setup.log" >&2; exit 1; }
    as_postgres "$PGBIN/pg_ctl -D $dir/data -l $dir/server.log -w -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off' start" >>"$dir/setup.log" 2>&1 ||
      { cat "$dir/setup.log" "$dir/server.log" >&2; exit 1; }
    echo "$dir $port"
    ;;
  stop)
    dir=${2:?"usage : $0 stop DOSSIER"}
    as_postgres "$PGBIN/pg_ctl -D $dir/data -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage : $0 start | stop DOSSIER" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on 127.0.0.1 for tests and benchmarks.
#   scripts/pgcluster.sh start DIR PORT   -> prints the DATABASE_URL to use
#   scripts/pgcluster.sh stop DIR
# As root the server runs as the `postgres` user (initdb refuses root).
# PG_EXTRA_OPTS adds server options (the test target turns autovacuum off: it can analyze a
# table in the instant a test has flushed it, and the next bulk seed then gets nested-loop plans).
set -euo pipefail

find_bin() {
  local name=$1
  for dir in "${PG_BIN:-}" /usr/lib/postgresql/15/bin /usr/local/bin /usr/bin; do
    if [ -n "$dir" ] && [ -x "$dir/$name" ]; then echo "$dir/$name"; return; fi
  done
  echo "PostgreSQL 15 ($name) tidak ditemukan; pasang paket Debian postgresql-15 (lihat .ci/run)." >&2
  exit 1
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:?start|stop}
dir=${2:?directory}
case "$cmd" in
  start)
    port=${3:-5433}
    initdb=$(find_bin initdb); pg_ctl=$(find_bin pg_ctl)
    rm -rf "$dir"; mkdir -p "$dir"
    if [ "$(id -u)" = "0" ]; then chown postgres "$dir"; fi
    as_owner "$initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_EXTRA_OPTS:-}" >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    pg_ctl=$(find_bin pg_ctl)
    if [ -d "$dir/data" ]; then as_owner "$pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2 ;;
esac

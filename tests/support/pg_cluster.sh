#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks: initdb into a fresh temporary
# directory, listen on a free port of 127.0.0.1 (or PORT), write its URL
# (postgresql://postgres@127.0.0.1:PORT) to DIR/url. initdb refuses to run as root, so as root
# the cluster runs as the `postgres` system user, in a directory of its own under $TMPDIR (DIR
# may sit where that user cannot reach, e.g. in a checkout under a private directory).
# Usage: pg_cluster.sh start DIR [PORT] | stop DIR
# PG_SETTINGS replaces the test settings (no fsync) with others, e.g. for a benchmark.
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?directory}

bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  [ -x "$d/initdb" ] && { bindir=$d; break; }
done
[ -n "$bindir" ] || { echo "pg_cluster: no PostgreSQL server (install the postgresql package)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  local home
  home=$(cat "$dir/home" 2>/dev/null || true)
  if [ -n "$home" ] && [ -f "$home/data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" -D "$home/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  case "$home" in */qx-pg-cluster.*) rm -rf "$home" ;; esac
  rm -rf "$dir"
}

case "$cmd" in
  start)
    stop  # a cluster left behind by an interrupted run
    port=${3:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    mkdir -p "$dir"
    home=$(mktemp -d "${TMPDIR:-/tmp}/qx-pg-cluster.XXXXXX")
    echo "$home" >"$dir/home"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$home"
    as_owner "$bindir/initdb" -D "$home/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
      >"$home/initdb.log" 2>&1 || { cat "$home/initdb.log" >&2; exit 1; }
    # Durability is not what tests measure: no fsync. Enough connections for ctest -j and the
    # replica tests (each server process keeps a pool).
    settings=${PG_SETTINGS:-"-c fsync=off -c synchronous_commit=off -c full_page_writes=off \
      -c max_connections=400 -c shared_buffers=128MB"}
    as_owner "$bindir/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 start \
      -o "-p $port -k $home -c listen_addresses=127.0.0.1 $settings" >/dev/null \
      || { cat "$home/server.log" >&2; exit 1; }
    head -1 "$home/data/postmaster.pid" >"$dir/pid"
    echo "postgresql://postgres@127.0.0.1:$port" >"$dir/url.tmp"
    mv "$dir/url.tmp" "$dir/url"
    echo "pg_cluster: $(cat "$dir/url") in $home"
    ;;
  stop) stop ;;
  *) echo "pg_cluster: unknown command '$cmd'" >&2; exit 2 ;;
esac

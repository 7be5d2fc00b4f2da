#!/usr/bin/env bash
# Assessment-ingest benchmark: operators filling in self-assessments, one PUT per requirement,
# on SQLite, then on PostgreSQL through one replica and through two replicas at once.
#
#   bench/run_assessment.sh BUILD_DIR
#
# For each backend, on a fresh installation with the shipped catalogs (the oil-and-gas profile
# applies to the demo operator's category-1 objects):
# 1. `ingest_client.py prepare` registers OBJECTS CII objects of the demo operator, categorises
#    each and opens its assessment (not measured);
# 2. `ingest_client.py answer` answers every requirement of every assessment with WORKERS
#    connections in parallel (taking turns between the replicas when there are two), then
#    submits each assessment. Measured: answers/s, latency, the server's CPU per answer
#    (qalxan's processes, plus PostgreSQL's backends on PostgreSQL), the client's CPU, other load.
# PostgreSQL (unless SKIP_PG=1) runs as a throwaway cluster on 127.0.0.1:$PG_PORT_BASE with the
# settings of bench/run_taxii.sh; the replicas listen on the next two ports and share one
# publication key, as docs/deployment.md says.
# Prints a Markdown table on stdout, and also writes it to $OUT when set.
#
# Environment: OUT, OBJECTS (default 200), WORKERS (8), SKIP_PG (1: SQLite only),
# PG_PORT_BASE (18410). Traffic goes to 127.0.0.1 only.
set -euo pipefail

usage() { echo "usage: $0 BUILD_DIR   (env: OUT, OBJECTS, WORKERS, SKIP_PG, PG_PORT_BASE)" >&2; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in -h|--help) usage ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
qalxan_src="$1/src/app/qalxan"
client="$here/assessment/ingest_client.py"
catalogs="$here/../catalogs"
objects=${OBJECTS:-200}
workers=${WORKERS:-8}

[ -x "$qalxan_src" ] || die "no server binary at $qalxan_src (build it: cmake --build $1 --target qalxan)"
command -v python3 >/dev/null || die "python3 not found (scripts/install-deps.sh bench)"

while read -r var; do unset "$var"; done < <(compgen -e | grep '^QALXAN_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qalxan-bench-assessment.XXXXXX")
replica_a="" replica_b="" pgdir=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$replica_a" ] || stop_pid "$replica_a"
  [ -z "$replica_b" ] || stop_pid "$replica_b"
  if [ -n "$pgdir" ]; then
    "$here/../tests/support/pg_cluster.sh" stop "$pgdir/cluster" >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cp "$qalxan_src" "$tmp/qalxan"  # a rebuild during the run changes nothing
qalxan="$tmp/qalxan"
bootstrap="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

# start_server LISTEN DATA_DIR [DATABASE_URL]: prints "PID PORT" once it listens.
start_server() {
  local listen=$1 data=$2 db=${3:-} pid port=""
  mkdir -p "$data"
  QALXAN_DATABASE="$db" QALXAN_BOOTSTRAP_PASSWORD="$bootstrap" QALXAN_PASSWORD_COST=minimal \
  QALXAN_CATALOGS="$catalogs" \
    "$qalxan" serve --listen "$listen" --data "$data" --web "$tmp/no-web" >>"$data/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do
    port=$(sed -n 's|^Qalxan listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$data/serve.log" | head -1)
    [ -n "$port" ] && { echo "$pid $port"; return 0; }
    kill -0 "$pid" 2>/dev/null || { cat "$data/serve.log" >&2; die "qalxan ($data) exited"; }
    sleep 0.1
  done
  die "qalxan ($data) did not start"
}

gave_up() {  # transactions the servers logged as failed after every retry, so far
  cat "$tmp"/*/serve.log 2>/dev/null | grep -c 'serialisation conflicts' || true
}

# measure NAME LABEL TOKEN PIDS PORT...: prepares OBJECTS assessments through the first port,
# answers them through all ports; the table row goes to NAME.row.
measure() {
  local name=$1 label=$2 token=$3 pids=$4
  shift 4
  local ports=("$@") c0 c1 m0 m1 r0 r1
  log "$name: preparing $objects objects and assessments"
  python3 "$client" prepare "${ports[0]}" "$token" "$objects" "$tmp/$name.plan" >"$tmp/$name.prepare.json" ||
    die "$name: prepare failed"
  log "$name: $(cat "$tmp/$name.prepare.json")"
  local gave_up0 gave_up1
  gave_up0=$(gave_up)
  # shellcheck disable=SC2086
  c0=$(cpu_ticks $pids)
  m0=$(machine_ticks)
  r0=$(reaped_ticks)
  python3 "$client" answer "$tmp/$name.plan" "$token" "${ports[@]}" --workers "$workers" >"$tmp/$name.json" ||
    die "$name: answer failed"
  r1=$(reaped_ticks)
  m1=$(machine_ticks)
  # shellcheck disable=SC2086
  c1=$(cpu_ticks $pids)
  gave_up1=$(gave_up)
  log "$name: $(cat "$tmp/$name.json")"
  local answers wall rate p50 p99 errors submit_errors client_cpu e
  answers=$(json_field "$tmp/$name.json" answers)
  wall=$(json_field "$tmp/$name.json" wall_s)
  rate=$(json_field "$tmp/$name.json" answers_per_s)
  p50=$(json_field "$tmp/$name.json" ms_p50)
  p99=$(json_field "$tmp/$name.json" ms_p99)
  errors=$(json_field "$tmp/$name.json" http_errors)
  submit_errors=$(json_field "$tmp/$name.json" submit_errors)
  client_cpu=$(json_field "$tmp/$name.json" client_cpu_s)
  local failures=()
  [ "$errors" -eq 0 ] || failures+=("$errors answers failed")
  [ "$submit_errors" -eq 0 ] || failures+=("$submit_errors submits failed")
  [ "$gave_up1" -eq "$gave_up0" ] || failures+=("$((gave_up1 - gave_up0)) transactions gave up on serialisation conflicts")
  e=$(IFS=';'; echo "${failures[*]:-none}")
  printf -v "rate_$name" '%s' "$rate"
  awk -v l="$label" -v n="$answers" -v w="$wall" -v r="$rate" -v p50="$p50" -v p99="$p99" \
      -v c="$((c1 - c0))" -v h="$clk_tck" -v lc="$client_cpu" \
      -v o="$((m1 - m0 - (c1 - c0) - (r1 - r0)))" -v e="$e" 'BEGIN {
    printf "| %s | %d | %.1f s | %.0f | %s ms | %s ms | %.3f ms | %.1f s | %s s | %.2f | %s |\n",
      l, n, w, r, p50, p99, c / h / n * 1000, c / h, lc, (o > 0 ? o / h / w : 0), e }' >"$tmp/$name.row"
}

busy=$(machine_busy)
loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)
[ "$busy" -le 10 ] || log "WARNING: the machine was ${busy}% busy before the benchmark started"

# 1. SQLite.
read -r replica_a port < <(start_server 127.0.0.1:0 "$tmp/sqlite")
token=$("$qalxan" token create --data "$tmp/sqlite" --org 3 --role officer)
measure sqlite "SQLite, 1 server" "$token" "$replica_a" "$port"
stop_pid "$replica_a"
replica_a=""

# 2. PostgreSQL: one replica, then two on a second database.
pg_version=""
if [ "${SKIP_PG:-0}" != 1 ]; then
  command -v psql >/dev/null || die "psql not found (scripts/install-deps.sh postgres)"
  pg_base=${PG_PORT_BASE:-18410}
  port_a=$((pg_base + 1)) port_b=$((pg_base + 2))
  for p in "$pg_base" "$port_a" "$port_b"; do
    port_in_use "$p" && die "port $p is in use (set PG_PORT_BASE)"
  done
  pgdir="$tmp/pg"
  pg_settings="-c synchronous_commit=off -c shared_buffers=512MB -c max_wal_size=8GB -c checkpoint_timeout=30min -c max_connections=100"
  log "starting PostgreSQL on 127.0.0.1:$pg_base ($pg_settings)"
  PG_SETTINGS="$pg_settings" "$here/../tests/support/pg_cluster.sh" start "$pgdir/cluster" "$pg_base" >&2
  pg_url=$(<"$pgdir/cluster/url")
  postmaster=$(<"$pgdir/cluster/pid")
  pg_sql() { psql -qAtX "$pg_url/$1" -c "$2"; }
  pg_version=$(pg_sql postgres "SHOW server_version")
  pg_pids() {  # backends, checkpointer, WAL writer...; not the short-lived autovacuum workers
    local pid
    for pid in $(children_of "$postmaster"); do
      grep -q 'autovacuum worker' "/proc/$pid/cmdline" 2>/dev/null || printf '%s ' "$pid"
    done
  }

  pg_sql postgres "CREATE DATABASE qalxan_ingest_one" >/dev/null
  read -r replica_a _ < <(start_server "127.0.0.1:$port_a" "$tmp/pg-one" "$pg_url/qalxan_ingest_one")
  token=$(QALXAN_DATABASE="$pg_url/qalxan_ingest_one" "$qalxan" token create --data "$tmp/pg-one" --org 3 --role officer)
  measure pg1 "PostgreSQL, 1 replica" "$token" "$replica_a $(pg_pids)" "$port_a"
  stop_pid "$replica_a"
  replica_a=""

  pg_sql postgres "CREATE DATABASE qalxan_ingest_two" >/dev/null
  read -r replica_a _ < <(start_server "127.0.0.1:$port_a" "$tmp/pg-two-a" "$pg_url/qalxan_ingest_two")
  mkdir -p "$tmp/pg-two-b"
  cp -r "$tmp/pg-two-a/keys" "$tmp/pg-two-b/keys"
  read -r replica_b _ < <(start_server "127.0.0.1:$port_b" "$tmp/pg-two-b" "$pg_url/qalxan_ingest_two")
  token=$(QALXAN_DATABASE="$pg_url/qalxan_ingest_two" "$qalxan" token create --data "$tmp/pg-two-a" --org 3 --role officer)
  measure pg2 "PostgreSQL, 2 replicas" "$token" "$replica_a $replica_b $(pg_pids)" "$port_a" "$port_b"
  stop_pid "$replica_a"
  stop_pid "$replica_b"
  replica_a="" replica_b=""
fi

{
  echo "Assessment ingest: $objects assessments of the shipped oil-and-gas profile, every requirement answered by PUT, $workers connections; load average at the start $loadavg_start, machine ${busy}% busy.${pg_version:+ PostgreSQL $pg_version, same machine, same run.}"
  echo
  echo "| backend | answers | wall | answers/s | p50 | p99 | server CPU per answer | server CPU | client CPU | other load (cores) | failures |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  cat "$tmp"/sqlite.row
  if [ -n "$pg_version" ]; then
    cat "$tmp"/pg1.row "$tmp"/pg2.row
    echo
    awk -v s="$rate_sqlite" -v a="$rate_pg1" -v b="$rate_pg2" 'BEGIN {
      printf "answers/s against SQLite: PostgreSQL 1 replica %.2f, 2 replicas %.2f\n", a / s, b / s }'
  fi
} | tee "${OUT:-/dev/null}"

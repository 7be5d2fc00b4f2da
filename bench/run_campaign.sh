#!/usr/bin/env bash
# Campaign benchmark: a national dataset on SQLite, then the national posture roll-up and a
# campaign board over HTTP.
#
#   bench/run_campaign.sh BUILD_DIR      (configured with -DQX_BUILD_BENCH=ON)
#
# 1. Starts `qalxan serve` once on a fresh data directory (seeding it), stops it.
# 2. bench/campaign/generate.cc (target campaign_generate) writes OPERATORS operators, OBJECTS
#    CII objects, one assessment of REQUIREMENTS requirements per object (statuses mixed, the
#    accepted ones with subject scores) and one campaign naming every object, straight into the
#    SQLite database through the server's own store. Timed.
# 3. Starts the server again, creates a regulator token, and times with
#    bench/campaign/time_requests.py (one warm-up, then RUNS runs each; median, min, max).
# Prints a Markdown table on stdout, and also writes it to $OUT when set.
#
# Environment: OUT, OPERATORS (2000), OBJECTS (20000), REQUIREMENTS (100), RUNS (10).
set -euo pipefail

usage() { echo "usage: $0 BUILD_DIR   (env: OUT, OPERATORS, OBJECTS, REQUIREMENTS, RUNS)" >&2; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in -h|--help) usage ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
qalxan_src="$1/src/app/qalxan"
generator="$1/bench/campaign_generate"
operators=${OPERATORS:-2000}
objects=${OBJECTS:-20000}
requirements=${REQUIREMENTS:-100}
runs=${RUNS:-10}

[ -x "$qalxan_src" ] || die "no server binary at $qalxan_src (cmake --build $1 --target qalxan)"
[ -x "$generator" ] || die "no generator at $generator (configure with -DQX_BUILD_BENCH=ON; --target campaign_generate)"
command -v python3 >/dev/null || die "python3 not found"

while read -r var; do unset "$var"; done < <(compgen -e | grep '^QALXAN_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qalxan-bench-campaign.XXXXXX")
server=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$server" ] || stop_pid "$server"
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cp "$qalxan_src" "$tmp/qalxan"
qalxan="$tmp/qalxan"
data="$tmp/data"
mkdir -p "$data"

start_server() {  # sets $server and $port
  : >"$data/serve.log"
  QALXAN_BOOTSTRAP_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" QALXAN_PASSWORD_COST=minimal \
    "$qalxan" serve --listen 127.0.0.1:0 --data "$data" --web "$tmp/no-web" >>"$data/serve.log" 2>&1 &
  server=$!
  port=""
  for _ in $(seq 600); do
    port=$(sed -n 's|^Qalxan listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$data/serve.log" | head -1)
    [ -n "$port" ] && return 0
    kill -0 "$server" 2>/dev/null || { cat "$data/serve.log" >&2; die "qalxan exited"; }
    sleep 0.1
  done
  die "qalxan did not start"
}

log "seeding a fresh installation"
start_server
stop_pid "$server"
server=""

log "generating $operators operators, $objects objects, $objects assessments of $requirements requirements"
t0=$(date +%s.%N)
campaign=$("$generator" "$data/qalxan.db" "$operators" "$objects" "$requirements")
t1=$(date +%s.%N)
gen_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
db_mb=$(du -m "$data/qalxan.db" | cut -f1)
log "campaign $campaign generated in ${gen_s} s (database ${db_mb} MB)"

start_server
token=$("$qalxan" token create --data "$data" --org 1 --role officer)
rows=$(python3 "$here/campaign/time_requests.py" "$port" "$token" "$campaign" "$runs")

table=$(cat <<TABLE
Dataset: $operators operators, $objects CII objects, $objects assessments of $requirements requirements
($((objects * requirements)) assessment items), one campaign of $objects subjects; generated in ${gen_s} s
through the store (SQLite file ${db_mb} MB). $runs runs after one warm-up; load average at the end:
$(cut -d' ' -f1-3 /proc/loadavg).

| request | median | min | max |
|---|---|---|---|
$rows
TABLE
)
echo "$table"
[ -z "${OUT:-}" ] || echo "$table" >"$OUT"

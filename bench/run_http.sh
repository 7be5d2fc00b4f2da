#!/usr/bin/env bash
# HTTP benchmark of qalxan, with nginx serving the same bytes statically as the reference.
#
#   bench/run_http.sh BUILD_DIR          (make bench calls it with BUILD_DIR=build)
#
# For each server, wrk (-t2 -c64 --latency, after a short warm-up) hits GET /healthz and the
# authenticated GET /api/v1/orgs; the server's CPU time (utime+stime from /proc/PID/stat,
# summed over nginx's master and workers) is read before and after each measured run.
# Prints a Markdown table on stdout, and also writes it to $OUT when set. Progress and the raw
# wrk output go to stderr. wrk and the servers share the machine's cores.
#
# Environment: OUT (file for the table), DURATION (wrk -d, default 15s), WARMUP (default 3s),
# WRK_THREADS (2), WRK_CONNECTIONS (64), NGINX (nginx binary), QALXAN_THREADS (server threads,
# default one per core). Traffic goes to 127.0.0.1 only.
set -euo pipefail

usage() { echo "usage: $0 BUILD_DIR   (env: OUT, DURATION, WARMUP, WRK_THREADS, WRK_CONNECTIONS)" >&2; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in -h|--help) usage ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
qalxan="$1/src/app/qalxan"
duration=${DURATION:-15s}
warmup=${WARMUP:-3s}
wrk_threads=${WRK_THREADS:-2}
wrk_conns=${WRK_CONNECTIONS:-64}
nginx_bin=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

[ -x "$qalxan" ] || die "no server binary at $qalxan (build it: cmake --build $1)"
command -v wrk >/dev/null || die "wrk not found (scripts/install-deps.sh bench)"
[ -x "$nginx_bin" ] || die "nginx not found (scripts/install-deps.sh bench)"

# Only this script's settings reach the server (a stray QALXAN_TLS_CERT would turn on HTTPS).
while read -r var; do
  [ "$var" = QALXAN_THREADS ] || unset "$var"
done < <(compgen -e | grep '^QALXAN_' || true)

# ---------------------------------------------------------------------------------------------
# Processes and temp dir, cleaned up on every exit.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qalxan-bench.XXXXXX")
qalxan_pid="" nginx_pid=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$qalxan_pid" ] || stop_pid "$qalxan_pid"
qalxan_pid=""
  [ -z "$nginx_pid" ] || stop_pid "$nginx_pid"  # the workers exit with their master
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Helpers.

# http_get PORT PATH OUTFILE [HEADER]: writes the body to OUTFILE, prints the status code.
# Plain bash (/dev/tcp), so the bodies are the server's exact bytes; "000" if no connection.
http_get() (
  port=$1 path=$2 out=$3 header=${4:-}
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || { echo 000; exit 0; }
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n%sConnection: close\r\n\r\n' \
    "$path" "$port" "${header:+$header$'\r\n'}" >&3
  status_line="" length=""
  IFS= read -r status_line <&3 || true
  while IFS= read -r line <&3; do
    line=${line%$'\r'}
    [ -z "$line" ] && break
    shopt -s nocasematch
    [[ $line =~ ^content-length:[[:space:]]*([0-9]+) ]] && length=${BASH_REMATCH[1]}
    shopt -u nocasematch
  done
  cat <&3 >"$out"
  status=$(awk '{print $2}' <<<"$status_line")
  size=$(wc -c <"$out")
  [ -n "$length" ] && [ "$size" -ne "$length" ] && status="${status}(length $size != $length)"
  echo "${status:-000}"
)

# ---------------------------------------------------------------------------------------------
# 0. Other load skews every number here; say so rather than refuse.
busy=$(machine_busy)
caveat="" noisy=""
if [ "$busy" -gt 10 ]; then
  log "WARNING: the machine was ${busy}% busy before the benchmark started; numbers will be low"
  caveat=" **Caveat: the machine was ${busy}% busy with other work before the run.**"
fi

# 1. qalxan on a free port (the kernel picks it: --listen 127.0.0.1:0), temp data dir, token.
mkdir -p "$tmp/data"
log "starting $qalxan (data $tmp/data)"
QALXAN_BOOTSTRAP_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" \
QALXAN_PASSWORD_COST=minimal \
  "$qalxan" serve --listen 127.0.0.1:0 --data "$tmp/data" --web "$tmp/no-web" \
  >>"$tmp/qalxan.log" 2>"$tmp/qalxan.err" &
qalxan_pid=$!
# stdout is opened O_APPEND, so truncating it between runs keeps it small and lets us check
# the statuses of the measured run in the access log.

qport=""
for _ in $(seq 300); do
  qport=$(sed -n 's|^Qalxan listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$tmp/qalxan.log" | head -1)
  [ -n "$qport" ] && break
  kill -0 "$qalxan_pid" 2>/dev/null || { cat "$tmp/qalxan.err" "$tmp/qalxan.log" >&2; die "qalxan exited"; }
  sleep 0.1
done
if [ -z "$qport" ] || [ "$qport" = 0 ]; then
  cat "$tmp/qalxan.err" >&2
  die "qalxan did not print its ready line"
fi
log "qalxan pid $qalxan_pid listening on 127.0.0.1:$qport"

"$qalxan" org list --data "$tmp/data" --json | grep -q '"id":3,' || die "org 3 (demo operator) not seeded"
token=$("$qalxan" token create --data "$tmp/data" --org 3 --role analyst)
[ -n "$token" ] || die "token create printed nothing"
auth="Authorization: Bearer $token"

# The exact bodies, for nginx.
mkdir -p "$tmp/nginx/html/api/v1" "$tmp/nginx/tmp"
st=$(http_get "$qport" /healthz "$tmp/nginx/html/healthz")
[ "$st" = 200 ] || die "qalxan GET /healthz: status $st"
st=$(http_get "$qport" /api/v1/orgs "$tmp/nginx/html/api/v1/orgs" "$auth")
[ "$st" = 200 ] || die "qalxan GET /api/v1/orgs: status $st"
log "bodies: /healthz $(wc -c <"$tmp/nginx/html/healthz") bytes, /api/v1/orgs $(wc -c <"$tmp/nginx/html/api/v1/orgs") bytes"

# 2.-3. wrk against qalxan; the access log of each measured run is checked for non-200s.
truncate_access_log() { : >"$tmp/qalxan.log"; }
check_access_log() {
  local name=$1 total bad
  total=$(wc -l <"$tmp/qalxan.log")
  bad=$(grep -vc '"status":200,' "$tmp/qalxan.log" || true)
  log "$name: access log has $total lines, $bad not status 200"
  if [ "$bad" -gt 0 ]; then
    log "WARNING: $name: non-200 statuses in the access log:"
    grep -v '"status":200,' "$tmp/qalxan.log" | sed -E 's/.*"status":([0-9]+).*/\1/' | sort | uniq -c >&2
  fi
}
on_before_run=truncate_access_log
bench qalxan_healthz "http://127.0.0.1:$qport/healthz" "$qalxan_pid"
check_access_log qalxan_healthz
bench qalxan_orgs "http://127.0.0.1:$qport/api/v1/orgs" "$qalxan_pid" -H "$auth"
check_access_log qalxan_orgs
on_before_run=""
log "stopping qalxan"
stop_pid "$qalxan_pid"
qalxan_pid=""

# 4. nginx on another free port, serving the same bytes.
nport=$(free_port)
prefix="$tmp/nginx"
conf=$(<"$here/http/nginx.conf.in")
user_line="# (not root: workers run as the current user)"
[ "$(id -u)" -eq 0 ] && user_line="user $(id -un) $(id -gn);"  # root: keep workers as root too
temp_paths=""
for m in client_body proxy fastcgi uwsgi scgi; do
  if [ "$m" = client_body ] || ! "$nginx_bin" -V 2>&1 | grep -q -- "--without-http_${m}_module"; then
    temp_paths+="    ${m}_temp_path $prefix/tmp/$m;"$'\n'
  fi
done
conf=${conf//@USER@/"$user_line"}
conf=${conf//@TEMP_PATHS@/"$temp_paths"}
conf=${conf//@PREFIX@/"$prefix"}
conf=${conf//@PORT@/"$nport"}
printf '%s\n' "$conf" >"$prefix/nginx.conf"

log "starting $nginx_bin on 127.0.0.1:$nport (prefix $prefix)"
"$nginx_bin" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" 2>"$prefix/stderr" &
nginx_pid=$!
st=000
for _ in $(seq 100); do
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$prefix/stderr" "$prefix/error.log" >&2 2>/dev/null; die "nginx exited"; }
  st=$(http_get "$nport" /healthz "$tmp/check")
  [ "$st" = 200 ] && break
  sleep 0.1
done
[ "$st" = 200 ] || { cat "$prefix/error.log" >&2 2>/dev/null; die "nginx GET /healthz: status $st"; }
cmp -s "$tmp/check" "$prefix/html/healthz" || die "nginx /healthz body differs from qalxan's"
st=$(http_get "$nport" /api/v1/orgs "$tmp/check" "$auth")
[ "$st" = 200 ] || die "nginx GET /api/v1/orgs: status $st"
cmp -s "$tmp/check" "$prefix/html/api/v1/orgs" || die "nginx /api/v1/orgs body differs from qalxan's"

nginx_pids="$nginx_pid $(children_of "$nginx_pid" | tr '\n' ' ')"
[ "$(wc -w <<<"$nginx_pids")" -ge 3 ] || die "expected an nginx master and 2 workers, got: $nginx_pids"
log "nginx pids (master workers): $nginx_pids"
bench nginx_healthz "http://127.0.0.1:$nport/healthz" "$nginx_pids"
bench nginx_orgs "http://127.0.0.1:$nport/api/v1/orgs" "$nginx_pids" -H "$auth"
log "stopping nginx"
stop_pid "$nginx_pid"
nginx_pid=""

# 5. The table.
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
commit=$(git -C "$here/.." describe --always --dirty 2>/dev/null || echo unknown)
{
  echo "HTTP benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores (${cpu_model:-unknown CPU}),"
  echo "shared by wrk and the server. \`wrk -t$wrk_threads -c$wrk_conns -d$duration --latency\` after a $warmup warm-up;"
  echo "qalxan $commit (${QALXAN_THREADS:-default} threads), $("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //') (2 workers, static files).$caveat"
  echo
  echo "| target | endpoint | req/s | p99 latency | CPU s per 1k req | server CPU (cores) | wrk CPU (cores) | other load (cores) | errors |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
  row qalxan_healthz qalxan '`GET /healthz`'
  row qalxan_orgs qalxan '`GET /api/v1/orgs`'
  row nginx_healthz "nginx (static)" '`GET /healthz`'
  row nginx_orgs "nginx (static)" '`GET /api/v1/orgs`'
  echo
  echo "| endpoint | req/s qalxan/nginx | CPU per 1k req qalxan/nginx |"
  echo "|---|---:|---:|"
  for ep in healthz orgs; do
    q_rps=rps_qalxan_$ep n_rps=rps_nginx_$ep q_cpu=cpu1k_qalxan_$ep n_cpu=cpu1k_nginx_$ep
    path=/healthz; [ "$ep" = orgs ] && path=/api/v1/orgs
    awk -v p="$path" -v qr="${!q_rps}" -v nr="${!n_rps}" -v qc="${!q_cpu}" -v nc="${!n_cpu}" 'BEGIN {
      printf "| `GET %s` | %.2f | %s |\n", p, qr / nr, (nc > 0 ? sprintf("%.1f", qc / nc) : "n/a") }'
  done
  if [ -n "$noisy" ]; then
    echo
    echo "**Caveat: other processes used more than 0.2 cores during:$noisy.**"
  fi
} >"$tmp/table.md"

cat "$tmp/table.md"
if [ -n "${OUT:-}" ]; then
  cp "$tmp/table.md" "$OUT"
  log "table written to $OUT"
fi

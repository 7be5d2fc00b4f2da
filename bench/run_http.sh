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
qalxan="$1/src/app/qalxan"
duration=${DURATION:-15s}
warmup=${WARMUP:-3s}
wrk_threads=${WRK_THREADS:-2}
wrk_conns=${WRK_CONNECTIONS:-64}
nginx_bin=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

[ -x "$qalxan" ] || die "no server binary at $qalxan (build it: cmake --build $1)"
command -v wrk >/dev/null || die "wrk not found (scripts/install-deps.sh bench)"
[ -x "$nginx_bin" ] || die "nginx not found (scripts/install-deps.sh bench)"
clk_tck=$(getconf CLK_TCK)

# Only this script's settings reach the server (a stray QALXAN_TLS_CERT would turn on HTTPS).
while read -r var; do
  [ "$var" = QALXAN_THREADS ] || unset "$var"
done < <(compgen -e | grep '^QALXAN_' || true)

# ---------------------------------------------------------------------------------------------
# Processes and temp dir, cleaned up on every exit.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qalxan-bench.XXXXXX")
qalxan_pid="" nginx_pid=""

stop_pid() {  # TERM, then KILL after 5 s; reaps the child.
  local pid=$1 state
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo gone)
    [ "$state" = gone ] || [ "$state" = Z ] && break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

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

port_in_use() {  # any socket on 127.0.0.1 or 0.0.0.0 with this local port (tcp and tcp6)
  local hex
  hex=$(printf '%04X' "$1")
  grep -qE "^ *[0-9]+: [0-9A-F]+:$hex " /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

free_port() {  # below Linux's ephemeral range, so wrk's own client ports never collide
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 12000))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  die "no free port found"
}

cpu_ticks() {  # sum of utime+stime (clock ticks) over the given pids
  local total=0 pid stat fields
  for pid in "$@"; do
    stat=$(<"/proc/$pid/stat")
    read -ra fields <<<"${stat##*) }"  # fields[0] is field 3 (state): utime=14, stime=15
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

machine_ticks() {  # busy ticks of all cores: user+nice+system+irq+softirq (not idle/iowait/steal)
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat
}

reaped_ticks() {  # CPU of this shell's waited-for children (cutime+cstime): measures wrk
  local stat fields
  stat=$(<"/proc/$$/stat")
  read -ra fields <<<"${stat##*) }"
  echo $((fields[13] + fields[14]))
}

children_of() {  # pids whose parent is $1
  local f stat fields
  for f in /proc/[0-9]*/stat; do
    stat=$(<"$f") 2>/dev/null || continue
    read -ra fields <<<"${stat##*) }"
    [ "${fields[1]}" = "$1" ] && { f=${f#/proc/}; echo "${f%/stat}"; }
  done
  return 0
}

to_ms() {  # wrk latency ("812.00us", "6.06ms", "1.02s", "1.50m") in milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    else if (u == "h") n *= 3600000
    printf "%.2f", n }'
}

# bench NAME URL PIDS [wrk args...]: warm-up, then the measured run; saves NAME.wrk and NAME.cpu
bench() {
  local name=$1 url=$2 pids=$3 before after
  shift 3
  log "$name: warm-up $warmup"
  wrk -t"$wrk_threads" -c"$wrk_conns" -d"$warmup" "$@" "$url" >"$tmp/$name.warmup"
  [ -n "${on_before_run:-}" ] && "$on_before_run"
  log "$name: wrk -t$wrk_threads -c$wrk_conns -d$duration --latency $url"
  local m0 m1 w0 w1
  # shellcheck disable=SC2086  # pids is a list
  before=$(cpu_ticks $pids)
  m0=$(machine_ticks)
  w0=$(reaped_ticks)
  wrk -t"$wrk_threads" -c"$wrk_conns" -d"$duration" --latency "$@" "$url" >"$tmp/$name.wrk"
  w1=$(reaped_ticks)
  m1=$(machine_ticks)
  # shellcheck disable=SC2086
  after=$(cpu_ticks $pids)
  # server, wrk, everything else on the machine (ticks)
  echo "$((after - before)) $((w1 - w0)) $((m1 - m0 - (after - before) - (w1 - w0)))" >"$tmp/$name.cpu"
  sed 's/^/    /' "$tmp/$name.wrk" >&2
}

# row NAME TARGET ENDPOINT: one Markdown table row from NAME.wrk and NAME.cpu; sets rps_NAME
# and cpu1k_NAME for the ratios.
row() {
  local name=$1 target=$2 endpoint=$3 w="$tmp/$1.wrk" rps p99 reqs secs ticks wrk_ticks other non2xx sock errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$w")
  p99=$(awk '/^ +99%/ {print $2}' "$w")
  reqs=$(awk '/ requests in / {print $1}' "$w")
  secs=$(awk '/ requests in / {sub(/,$/, "", $4); print $4}' "$w")
  secs=$(awk -v ms="$(to_ms "$secs")" 'BEGIN {print ms / 1000}')
  if [ -z "$rps" ] || [ -z "$p99" ] || [ -z "$reqs" ]; then die "could not parse wrk output of $name"; fi
  [ "$reqs" -gt 0 ] || die "$name: wrk completed no requests"
  read -r ticks wrk_ticks other <"$tmp/$name.cpu"
  non2xx=$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$w")
  sock=$(sed -n 's/^ *Socket errors: *//p' "$w")
  errors="none"
  [ -n "$non2xx" ] && errors="non-2xx/3xx: $non2xx"
  [ -n "$sock" ] && errors="${errors/none/}${non2xx:+; }socket errors: $sock"
  [ "$errors" = none ] || log "WARNING: $name: $errors"
  awk -v o="$other" -v h="$clk_tck" -v s="$secs" 'BEGIN {exit !(o / h / s > 0.2)}' &&
    noisy+=" $name" &&
    log "WARNING: $name: other processes used $(awk -v o="$other" -v h="$clk_tck" -v s="$secs" 'BEGIN {printf "%.2f", o / h / s}') cores during the run"
  printf -v "rps_$name" '%s' "$rps"
  printf -v "cpu1k_$name" '%s' "$(awk -v t="$ticks" -v h="$clk_tck" -v n="$reqs" 'BEGIN {printf "%.6f", t / h / n * 1000}')"
  awk -v tg="$target" -v ep="$endpoint" -v rps="$rps" -v p99="$(to_ms "$p99")" -v t="$ticks" \
      -v h="$clk_tck" -v n="$reqs" -v s="$secs" -v w="$wrk_ticks" -v o="$other" -v e="$errors" 'BEGIN {
    printf "| %s | `GET %s` | %.0f | %s ms | %.4f | %.2f | %.2f | %.2f | %s |\n",
      tg, ep, rps, p99, t / h / n * 1000, t / h / s, w / h / s, (o > 0 ? o / h / s : 0), e }'
}

machine_busy() {  # percent of all cores busy over one second, from /proc/stat
  local a b
  a=$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
  sleep 1
  b=$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {split(a, x, " "); split(b, y, " ");
    printf "%.0f", (y[2] > x[2] ? 100 * (y[1] - x[1]) / (y[2] - x[2]) : 0)}'
}

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
  row qalxan_healthz qalxan /healthz
  row qalxan_orgs qalxan /api/v1/orgs
  row nginx_healthz "nginx (static)" /healthz
  row nginx_orgs "nginx (static)" /api/v1/orgs
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

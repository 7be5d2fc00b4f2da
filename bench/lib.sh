# Shell helpers shared by the benchmark scripts (sourced, not run): logging, stopping processes,
# free ports, CPU and memory accounting from /proc, and the wrk run/row pair.
# bench() and row() read the caller's tmp, warmup, duration, wrk_threads and wrk_conns, and
# row() appends to its noisy list.

clk_tck=$(getconf CLK_TCK)

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

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
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue  # a process that has exited
    read -ra fields <<<"${stat##*) }"  # fields[0] is field 3 (state): utime=14, stime=15
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

machine_ticks() {  # busy ticks of all cores: user+nice+system+irq+softirq (not idle/iowait/steal)
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat
}

reaped_ticks() {  # CPU of this shell's waited-for children (cutime+cstime): wrk, the loader
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

mem_kb() {  # mem_kb PID FIELD: a VmXXX line of /proc/PID/status, in kB
  awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"
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
    printf "| %s | %s | %.0f | %s ms | %.4f | %.2f | %.2f | %.2f | %s |\n",
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

json_field() {  # json_field FILE KEY: a top-level number or string of a JSON file
  python3 -c 'import json, sys; v = json.load(open(sys.argv[1]))[sys.argv[2]]; print(v)' "$1" "$2"
}

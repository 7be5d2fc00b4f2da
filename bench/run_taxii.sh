#!/usr/bin/env bash
# TAXII 2.1 benchmark of qalxan: load 1,000,000 STIX indicators, then page through them with
# wrk, with nginx serving one such page statically as the reference.
#
#   bench/run_taxii.sh BUILD_DIR
#
# 1. Generates the STIX bundle with gen_ioc_corpus.py (or takes $BUNDLE), starts qalxan on a
#    fresh temp data dir, and POSTs the bundle to the National collection in chunks of 5,000
#    objects, at most 4 POSTs unfinished at a time, waiting for every status to be complete.
#    Wall time, objects/s, server CPU, the server's peak RSS (VmHWM) and the failures.
# 2. Times single requests of a few queries on the loaded collection (one connection).
# 3. wrk (-t2 -c64 --latency, after a warm-up) on GET objects/?limit=100 from the middle of the
#    collection (next=q1.<middle seq>), plain and with match[type]=indicator, with a bearer
#    token; then on nginx serving the exact bytes of those two responses as static files.
# 4. PostgreSQL (unless SKIP_PG=1): a throwaway cluster on 127.0.0.1:18400, the same load through
#    one qalxan replica (18401), the same single requests and wrk runs; then a second replica
#    (18402) on the same database behind nginx (18403, round robin) for the same wrk runs; then
#    the same load into a second database through both replicas at once.
# Prints Markdown tables on stdout, and also writes them to $OUT when set. Progress and the raw
# wrk output go to stderr. The load, wrk and the servers share the machine's cores.
#
# Environment: OUT (file for the tables), DURATION (wrk -d, default 15s), WARMUP (3s),
# WRK_THREADS (2), WRK_CONNECTIONS (64), NGINX (nginx binary), QALXAN_THREADS (server threads,
# default one per core), QALXAN_BODY_LIMIT (server's body limit; default 16 MiB), BUNDLE (an
# existing STIX bundle to load instead of generating one), GEN (gen_ioc_corpus.py; default
# ../shared/bench/gen_ioc_corpus.py beside the repository), IOC_SET (generator set, 1M),
# CHUNK (objects per POST, 5000), IN_FLIGHT (unfinished POSTs at most, 4), PAGE (page size, 100),
# SKIP_PG (1: SQLite only), PG_PORT_BASE (18400: the cluster; +1, +2 the replicas; +3 nginx).
# Traffic goes to 127.0.0.1 only.
set -euo pipefail

usage() {
  echo "usage: $0 BUILD_DIR   (env: OUT, DURATION, WARMUP, WRK_THREADS, WRK_CONNECTIONS, BUNDLE, GEN," >&2
  echo "                       IOC_SET, CHUNK, IN_FLIGHT, PAGE, NGINX, QALXAN_THREADS, QALXAN_BODY_LIMIT)" >&2
  exit 2
}
[ $# -eq 1 ] || usage
case "$1" in -h|--help) usage ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
qalxan_src="$1/src/app/qalxan"
client="$here/taxii/taxii_client.py"
duration=${DURATION:-15s}
warmup=${WARMUP:-3s}
wrk_threads=${WRK_THREADS:-2}
wrk_conns=${WRK_CONNECTIONS:-64}
nginx_bin=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
gen=${GEN:-$here/../../shared/bench/gen_ioc_corpus.py}
ioc_set=${IOC_SET:-1M}
chunk=${CHUNK:-5000}
in_flight=${IN_FLIGHT:-4}
page=${PAGE:-100}
bundle=${BUNDLE:-}

[ -x "$qalxan_src" ] || die "no server binary at $qalxan_src (build it: cmake --build $1 --target qalxan)"
command -v wrk >/dev/null || die "wrk not found (scripts/install-deps.sh bench)"
[ -x "$nginx_bin" ] || die "nginx not found (scripts/install-deps.sh bench)"
command -v python3 >/dev/null || die "python3 not found (scripts/install-deps.sh bench)"
if [ -n "$bundle" ]; then
  [ -r "$bundle" ] || die "BUNDLE=$bundle is not readable"
else
  [ -r "$gen" ] || die "no generator at $gen (set GEN=.../gen_ioc_corpus.py, or BUNDLE=bundle.json)"
fi

# Only this script's settings reach the server (a stray QALXAN_TLS_CERT would turn on HTTPS).
while read -r var; do
  case "$var" in QALXAN_THREADS|QALXAN_BODY_LIMIT) ;; *) unset "$var" ;; esac
done < <(compgen -e | grep '^QALXAN_' || true)

# ---------------------------------------------------------------------------------------------
# Processes and temp dir, cleaned up on every exit.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qalxan-bench-taxii.XXXXXX")
qalxan_pid="" nginx_pid="" load_pid="" replica_a="" replica_b="" lb_pid="" pgdir=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$load_pid" ] || stop_pid "$load_pid"
  [ -z "$qalxan_pid" ] || stop_pid "$qalxan_pid"
  [ -z "$nginx_pid" ] || stop_pid "$nginx_pid"  # the workers exit with their master
  [ -z "$lb_pid" ] || stop_pid "$lb_pid"
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

# ---------------------------------------------------------------------------------------------
# 0. Other load skews every number here; say so rather than refuse.
busy=$(machine_busy)
caveat="" noisy=""
if [ "$busy" -gt 10 ]; then
  log "WARNING: the machine was ${busy}% busy before the benchmark started; numbers will be low"
  caveat=" **Caveat: the machine was ${busy}% busy with other work before the run.**"
fi
loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)

# 1. The bundle.
if [ -z "$bundle" ]; then
  log "generating the $ioc_set STIX bundle: $gen --skip-corpus --sets $ioc_set (about 30 s for 1M)"
  python3 "$gen" --skip-corpus --sets "$ioc_set" --out "$tmp/gen" >"$tmp/gen.log" 2>&1 ||
    { cat "$tmp/gen.log" >&2; die "the generator failed"; }
  bundle=$(find "$tmp/gen/iocs" -name bundle.json | head -1)
  [ -n "$bundle" ] || die "the generator wrote no bundle.json under $tmp/gen/iocs"
fi
log "bundle $bundle ($(($(stat -c %s "$bundle") / 1000000)) MB)"

# 2. qalxan on a free port (the kernel picks it), fresh data dir, no requirement catalogs.
# A copy of the binary, so a rebuild during the run changes nothing.
cp "$qalxan_src" "$tmp/qalxan"
qalxan="$tmp/qalxan"
mkdir -p "$tmp/data"
log "starting $qalxan_src (data $tmp/data)"
QALXAN_BOOTSTRAP_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" \
QALXAN_PASSWORD_COST=minimal QALXAN_CATALOGS=/nonexistent \
  "$qalxan" serve --listen 127.0.0.1:0 --data "$tmp/data" --web "$tmp/no-web" \
  >>"$tmp/qalxan.log" 2>"$tmp/qalxan.err" &
qalxan_pid=$!

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
collection=$(python3 "$client" collection "$qport" "$token" National)
log "National collection $collection"
base="/taxii2/qalxan/collections/$collection"

# 3. The load: POSTs of $chunk objects, at most $in_flight unfinished, every status awaited.
hwm_start=$(mem_kb "$qalxan_pid" VmHWM)
c0=$(cpu_ticks "$qalxan_pid")
m0=$(machine_ticks)
r0=$(reaped_ticks)
python3 "$client" load "$qport" "$token" "$collection" "$bundle" --chunk "$chunk" \
  --in-flight "$in_flight" >"$tmp/load.json" &
load_pid=$!
wait "$load_pid" || { load_pid=""; die "the loader failed"; }
load_pid=""
r1=$(reaped_ticks)
m1=$(machine_ticks)
c1=$(cpu_ticks "$qalxan_pid")
hwm_load=$(mem_kb "$qalxan_pid" VmHWM)
rss_load=$(mem_kb "$qalxan_pid" VmRSS)
db_bytes=$(du -sb "$tmp/data" | cut -f1)
sed 's/^/    /' "$tmp/load.json" >&2
load_objects=$(json_field "$tmp/load.json" objects)
load_posts=$(json_field "$tmp/load.json" posts)
load_wall=$(json_field "$tmp/load.json" wall_s)
load_rate=$(json_field "$tmp/load.json" objects_per_s)
load_ok=$(json_field "$tmp/load.json" successes)
load_failed=$(json_field "$tmp/load.json" failures)
load_http_errors=$(json_field "$tmp/load.json" http_errors)
load_client_cpu=$(json_field "$tmp/load.json" client_cpu_s)
load_post_p50=$(json_field "$tmp/load.json" post_ms_p50)
load_post_max=$(json_field "$tmp/load.json" post_ms_max)
load_server_cpu=$(awk -v t="$((c1 - c0))" -v h="$clk_tck" 'BEGIN {printf "%.1f", t / h}')
load_other=$(awk -v t="$((m1 - m0 - (c1 - c0) - (r1 - r0)))" -v h="$clk_tck" -v s="$load_wall" \
  'BEGIN {printf "%.2f", (t > 0 ? t / h / s : 0)}')
log "load: $load_ok of $load_objects objects stored in $load_wall s ($load_rate objects/s), $load_failed failed, $load_http_errors HTTP errors; server VmHWM $((hwm_load / 1024)) MB"
[ "$load_ok" -gt 0 ] || die "no object was stored"
if [ "$load_failed" -gt 0 ] || [ "$load_http_errors" -gt 0 ]; then log "WARNING: the load had failures (see the table)"; fi

# 4. The page from the middle: next=q1.<seq> is the keyset cursor (the last seq already seen),
# so the page starts just after the first object's seq - 1 + half the collection.
read -r st first_next _ < <(python3 "$client" get "$qport" "$token" "$base/objects/?limit=1" "$tmp/first.json")
[ "$st" = 200 ] || die "GET objects/?limit=1: status $st"
first_seq=${first_next#q1.}
[[ $first_seq =~ ^[0-9]+$ ]] || die "unexpected cursor '$first_next' (expected q1.<seq>)"
middle=$((first_seq - 1 + load_ok / 2))
plain_path="$base/objects/?limit=$page&next=q1.$middle"
typed_path="$base/objects/?limit=$page&next=q1.$middle&match%5Btype%5D=indicator"
mkdir -p "$tmp/nginx/html" "$tmp/nginx/tmp"
read -r st _ middle_added < <(python3 "$client" get "$qport" "$token" "$plain_path" "$tmp/nginx/html/plain.json")
[ "$st" = 200 ] || die "GET $plain_path: status $st"
read -r st _ _ < <(python3 "$client" get "$qport" "$token" "$typed_path" "$tmp/nginx/html/typed.json")
[ "$st" = 200 ] || die "GET $typed_path: status $st"
for f in plain typed; do
  n=$(python3 -c 'import json, sys; b = json.load(open(sys.argv[1])); print(len(b.get("objects", [])), b.get("more"))' \
      "$tmp/nginx/html/$f.json")
  [ "$n" = "$page True" ] || die "the $f page has '$n' (objects, more), expected '$page True'"
done
page_bytes=$(stat -c %s "$tmp/nginx/html/plain.json")
log "middle cursor q1.$middle; pages of $page objects: plain $page_bytes bytes, typed $(stat -c %s "$tmp/nginx/html/typed.json") bytes"

# 5. Single requests, one after the other on one connection: what else a client asks for.
some_id=$(python3 - "$tmp/nginx/html/plain.json" <<'EOF'
import json, sys
print(json.load(open(sys.argv[1]))["objects"][0]["id"])
EOF
)
tab=$'\t'
probes=(
  "objects/?limit=$page&next=q1.$middle$tab$plain_path"
  "objects/?limit=$page&next=q1.$middle&match[type]=indicator$tab$typed_path"
  "objects/?limit=$page (the first page)$tab$base/objects/?limit=$page"
  "objects/?limit=1000&next=q1.$middle$tab$base/objects/?limit=1000&next=q1.$middle"
  "objects/?limit=$page&added_after=<date_added of the middle>$tab$base/objects/?limit=$page&added_after=$middle_added"
  "objects/?limit=$page&next=q1.$middle&valid_now=true$tab$plain_path&valid_now=true"
  "objects/?limit=$page&next=q1.$middle&match[type]=malware (matches none)$tab$base/objects/?limit=$page&next=q1.$middle&match%5Btype%5D=malware"
  "manifest/?limit=$page&next=q1.$middle$tab$base/manifest/?limit=$page&next=q1.$middle"
  "objects/{id}/ (an object of the middle page)$tab$base/objects/$some_id/"
  "/api/v1/intel/search?q=<text no object contains>$tab/api/v1/intel/search?collection=$collection&q=qx-bench-matches-nothing"
)
log "single requests (median of 5 after one untimed)"
python3 "$client" probe "$qport" "$token" "${probes[@]}" >"$tmp/probe.tsv"
sed 's/^/    /' "$tmp/probe.tsv" >&2

# 6. wrk against qalxan; the access log of each measured run is checked for non-200s.
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
accept="Accept: application/taxii+json;version=2.1"
auth="Authorization: Bearer $token"
on_before_run=truncate_access_log
bench qalxan_plain "http://127.0.0.1:$qport$plain_path" "$qalxan_pid" -H "$accept" -H "$auth"
check_access_log qalxan_plain
bench qalxan_typed "http://127.0.0.1:$qport$typed_path" "$qalxan_pid" -H "$accept" -H "$auth"
check_access_log qalxan_typed
on_before_run=""
hwm_end=$(mem_kb "$qalxan_pid" VmHWM)
log "stopping qalxan"
stop_pid "$qalxan_pid"
qalxan_pid=""

# 7. nginx on another free port, serving the same bytes.
nport=$(free_port)
prefix="$tmp/nginx"
conf=$(<"$here/taxii/nginx.conf.in")
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
  read -r st _ _ < <(python3 "$client" get "$nport" "$token" /plain.json "$tmp/check" 2>/dev/null || echo 000)
  [ "$st" = 200 ] && break
  sleep 0.1
done
[ "$st" = 200 ] || { cat "$prefix/error.log" >&2 2>/dev/null; die "nginx GET /plain.json: status $st"; }
cmp -s "$tmp/check" "$prefix/html/plain.json" || die "nginx /plain.json body differs from qalxan's"
read -r st _ _ < <(python3 "$client" get "$nport" "$token" /typed.json "$tmp/check")
[ "$st" = 200 ] || die "nginx GET /typed.json: status $st"
cmp -s "$tmp/check" "$prefix/html/typed.json" || die "nginx /typed.json body differs from qalxan's"

nginx_pids="$nginx_pid $(children_of "$nginx_pid" | tr '\n' ' ')"
[ "$(wc -w <<<"$nginx_pids")" -ge 3 ] || die "expected an nginx master and 2 workers, got: $nginx_pids"
log "nginx pids (master workers): $nginx_pids"
bench nginx_plain "http://127.0.0.1:$nport/plain.json" "$nginx_pids" -H "$accept" -H "$auth"
bench nginx_typed "http://127.0.0.1:$nport/typed.json" "$nginx_pids" -H "$accept" -H "$auth"
log "stopping nginx"
stop_pid "$nginx_pid"
nginx_pid=""

# ---------------------------------------------------------------------------------------------
# 7b. PostgreSQL: the same load and pages through one replica, then two replicas on one database.
pg_done=""
if [ "${SKIP_PG:-0}" != 1 ]; then
  command -v psql >/dev/null || die "psql not found (scripts/install-deps.sh postgres)"
  pg_base=${PG_PORT_BASE:-18400}
  port_a=$((pg_base + 1)) port_b=$((pg_base + 2)) port_lb=$((pg_base + 3))
  for p in "$pg_base" "$port_a" "$port_b" "$port_lb"; do
    port_in_use "$p" && die "port $p is in use (set PG_PORT_BASE)"
  done
  pgdir="$tmp/pg"  # pg_cluster.sh keeps the cluster itself where the postgres user reaches it
  # Durability as SQLite's WAL with synchronous=NORMAL: commits may be lost on power failure,
  # never corrupted (synchronous_commit=off); checkpoints spread out as SQLite's are.
  pg_settings="-c synchronous_commit=off -c shared_buffers=512MB -c max_wal_size=8GB -c checkpoint_timeout=30min -c max_connections=100"
  log "starting PostgreSQL on 127.0.0.1:$pg_base ($pg_settings)"
  PG_SETTINGS="$pg_settings" "$here/../tests/support/pg_cluster.sh" start "$pgdir/cluster" "$pg_base" >&2
  pg_url=$(<"$pgdir/cluster/url")
  postmaster=$(<"$pgdir/cluster/pid")
  pg_sql() { psql -qAtX "$pg_url/$1" -c "$2"; }
  pg_version=$(pg_sql postgres "SHOW server_version")
  pg_bootstrap="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

  start_replica() {  # start_replica PORT DATABASE DATA_DIR: prints the pid once it listens
    local port=$1 db=$2 data=$3 pid
    mkdir -p "$data"
    QALXAN_DATABASE="$pg_url/$db" QALXAN_BOOTSTRAP_PASSWORD="$pg_bootstrap" \
    QALXAN_PASSWORD_COST=minimal QALXAN_CATALOGS=/nonexistent \
      "$qalxan" serve --listen "127.0.0.1:$port" --data "$data" --web "$tmp/no-web" \
      >>"$data/serve.log" 2>&1 &
    pid=$!
    for _ in $(seq 300); do
      grep -q '^Qalxan listening on' "$data/serve.log" && { echo "$pid"; return 0; }
      kill -0 "$pid" 2>/dev/null || { cat "$data/serve.log" >&2; die "the replica on $port exited"; }
      sleep 0.1
    done
    die "the replica on $port did not start"
  }
  pg_pids() {  # backends, checkpointer, WAL writer...; not the short-lived autovacuum workers
    local pid
    for pid in $(children_of "$postmaster"); do
      grep -q 'autovacuum worker' "/proc/$pid/cmdline" 2>/dev/null || printf '%s ' "$pid"
    done
  }

  # pg_load NAME DB DATA_DIR PORT...: the bundle into the National collection through the
  # replicas at PORT... (the loader's workers take turns); the load table row goes to NAME.row.
  pg_load() {
    local name=$1 db=$2 data=$3
    shift 3
    local ports=("$@") also=() token coll pids c0 c1 m0 m1 r0 r1 hwm=0 p pid
    token=$(QALXAN_DATABASE="$pg_url/$db" "$qalxan" token create --data "$data" --org 3 --role analyst)
    coll=$(python3 "$client" collection "${ports[0]}" "$token" National)
    for p in "${ports[@]:1}"; do also+=(--also-port "$p"); done
    pids="$replica_a $replica_b $(pg_pids)"
    # shellcheck disable=SC2086
    c0=$(cpu_ticks $pids)
    m0=$(machine_ticks)
    r0=$(reaped_ticks)
    log "$name: loading through port(s) ${ports[*]}"
    python3 "$client" load "${ports[0]}" "$token" "$coll" "$bundle" --chunk "$chunk" \
      --in-flight "$in_flight" "${also[@]}" >"$tmp/$name.json" &
    load_pid=$!
    wait "$load_pid" || { load_pid=""; die "the loader failed ($name)"; }
    load_pid=""
    r1=$(reaped_ticks)
    m1=$(machine_ticks)
    # shellcheck disable=SC2086
    c1=$(cpu_ticks $pids)
    for pid in $replica_a $replica_b; do
      hwm=$((hwm + $(mem_kb "$pid" VmHWM)))
    done
    sed 's/^/    /' "$tmp/$name.json" >&2
    local objects ok wall rate failed http_errors client_cpu size f
    objects=$(json_field "$tmp/$name.json" objects)
    ok=$(json_field "$tmp/$name.json" successes)
    wall=$(json_field "$tmp/$name.json" wall_s)
    rate=$(json_field "$tmp/$name.json" objects_per_s)
    failed=$(json_field "$tmp/$name.json" failures)
    http_errors=$(json_field "$tmp/$name.json" http_errors)
    client_cpu=$(json_field "$tmp/$name.json" client_cpu_s)
    size=$(pg_sql "$db" "SELECT pg_database_size(current_database())")
    f="none"
    [ "$failed" -eq 0 ] || f="$failed objects rejected"
    [ "$http_errors" -eq 0 ] || f="${f/none/}${f:+; }$http_errors HTTP errors"
    awk -v t="${#ports[@]} replica(s)" -v n="$objects" -v ok="$ok" -v w="$wall" -v r="$rate" \
        -v c="$((c1 - c0))" -v h="$clk_tck" -v lc="$client_cpu" \
        -v o="$((m1 - m0 - (c1 - c0) - (r1 - r0)))" -v hwm="$hwm" -v sz="$size" -v f="$f" 'BEGIN {
      printf "| PostgreSQL, %s | %d stored of %d | %.1f s | %.0f | %.1f s | %s s | %.2f | %.0f MB | %.0f MB | %s |\n",
        t, ok, n, w, r, c / h, lc, (o > 0 ? o / h / w : 0), hwm / 1024, sz / 1e6, f }' >"$tmp/$name.row"
    pg_loaded=$ok pg_token=$token pg_collection=$coll
    log "$name: $ok of $objects objects in $wall s ($rate objects/s)"
  }

  # One replica: load, single requests, wrk.
  pg_sql postgres "CREATE DATABASE qalxan_one" >/dev/null
  replica_a=$(start_replica "$port_a" qalxan_one "$tmp/pg-a")
  pg_load pg_load1 qalxan_one "$tmp/pg-a" "$port_a"
  pg_base_path="/taxii2/qalxan/collections/$pg_collection"
  read -r st pg_first _ < <(python3 "$client" get "$port_a" "$pg_token" "$pg_base_path/objects/?limit=1" "$tmp/pg-first.json")
  [ "$st" = 200 ] || die "PostgreSQL: GET objects/?limit=1: status $st"
  pg_middle=$((${pg_first#q1.} - 1 + pg_loaded / 2))
  pg_plain="$pg_base_path/objects/?limit=$page&next=q1.$pg_middle"
  pg_typed="$pg_plain&match%5Btype%5D=indicator"
  read -r st _ pg_middle_added < <(python3 "$client" get "$port_a" "$pg_token" "$pg_plain" "$tmp/pg-plain.json")
  [ "$st" = 200 ] || die "PostgreSQL: GET $pg_plain: status $st"
  cmp -s "$tmp/pg-plain.json" "$tmp/nginx/html/plain.json" ||
    log "note: the PostgreSQL middle page differs from SQLite's (its seqs or dates differ)"
  pg_some_id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["objects"][0]["id"])' "$tmp/pg-plain.json")
  pg_probes=(
    "objects/?limit=$page&next=q1.$pg_middle$tab$pg_plain"
    "objects/?limit=$page&next=q1.$pg_middle&match[type]=indicator$tab$pg_typed"
    "objects/?limit=$page (the first page)$tab$pg_base_path/objects/?limit=$page"
    "objects/?limit=1000&next=q1.$pg_middle$tab$pg_base_path/objects/?limit=1000&next=q1.$pg_middle"
    "objects/?limit=$page&added_after=<date_added of the middle>$tab$pg_base_path/objects/?limit=$page&added_after=$pg_middle_added"
    "objects/?limit=$page&next=q1.$pg_middle&valid_now=true$tab$pg_plain&valid_now=true"
    "objects/?limit=$page&next=q1.$pg_middle&match[type]=malware (matches none)$tab$pg_base_path/objects/?limit=$page&next=q1.$pg_middle&match%5Btype%5D=malware"
    "manifest/?limit=$page&next=q1.$pg_middle$tab$pg_base_path/manifest/?limit=$page&next=q1.$pg_middle"
    "objects/{id}/ (an object of the middle page)$tab$pg_base_path/objects/$pg_some_id/"
    "/api/v1/intel/search?q=<text no object contains>$tab/api/v1/intel/search?collection=$pg_collection&q=qx-bench-matches-nothing"
  )
  log "PostgreSQL single requests (median of 5 after one untimed)"
  python3 "$client" probe "$port_a" "$pg_token" "${pg_probes[@]}" >"$tmp/pg-probe.tsv"
  sed 's/^/    /' "$tmp/pg-probe.tsv" >&2

  truncate_replica_logs() { : >"$tmp/pg-a/serve.log"; [ -z "$replica_b" ] || : >"$tmp/pg-b/serve.log"; }
  check_replica_logs() {
    local name=$1 total bad
    total=$(cat "$tmp"/pg-[ab]/serve.log 2>/dev/null | grep -c '"status":' || true)
    bad=$(cat "$tmp"/pg-[ab]/serve.log 2>/dev/null | grep '"status":' | grep -vc '"status":200,' || true)
    log "$name: access logs have $total requests, $bad not status 200"
    [ "$bad" -eq 0 ] || log "WARNING: $name: non-200 statuses in the replicas' access logs"
  }
  pg_auth="Authorization: Bearer $pg_token"
  on_before_run=truncate_replica_logs
  bench pg1_plain "http://127.0.0.1:$port_a$pg_plain" "$replica_a $(pg_pids)" -H "$accept" -H "$pg_auth"
  check_replica_logs pg1_plain
  bench pg1_typed "http://127.0.0.1:$port_a$pg_typed" "$replica_a $(pg_pids)" -H "$accept" -H "$pg_auth"
  check_replica_logs pg1_typed

  # Two replicas behind nginx (round robin), the second sharing the first's publication key.
  mkdir -p "$tmp/pg-b"
  cp -r "$tmp/pg-a/keys" "$tmp/pg-b/keys"
  replica_b=$(start_replica "$port_b" qalxan_one "$tmp/pg-b")
  lbconf=$(<"$here/taxii/nginx-lb.conf.in")
  lbconf=${lbconf//@USER@/"$user_line"}
  lbconf=${lbconf//@TEMP_PATHS@/"$temp_paths"}
  lbconf=${lbconf//@PREFIX@/"$prefix"}
  lbconf=${lbconf//@PORT@/"$port_lb"}
  lbconf=${lbconf//@PORT_A@/"$port_a"}
  lbconf=${lbconf//@PORT_B@/"$port_b"}
  printf '%s\n' "$lbconf" >"$prefix/nginx-lb.conf"
  "$nginx_bin" -p "$prefix" -c "$prefix/nginx-lb.conf" -e "$prefix/error-lb.log" 2>"$prefix/stderr-lb" &
  lb_pid=$!
  st=000
  for _ in $(seq 100); do
    kill -0 "$lb_pid" 2>/dev/null || { cat "$prefix/stderr-lb" "$prefix/error-lb.log" >&2 2>/dev/null; die "nginx (load balancer) exited"; }
    read -r st _ _ < <(python3 "$client" get "$port_lb" "$pg_token" "$pg_plain" "$tmp/check" 2>/dev/null || echo 000)
    [ "$st" = 200 ] && break
    sleep 0.1
  done
  [ "$st" = 200 ] || die "nginx (load balancer): status $st"
  lb_pids="$lb_pid $(children_of "$lb_pid" | tr '\n' ' ')"
  bench pg2_plain "http://127.0.0.1:$port_lb$pg_plain" "$lb_pids $replica_a $replica_b $(pg_pids)" -H "$accept" -H "$pg_auth"
  check_replica_logs pg2_plain
  bench pg2_typed "http://127.0.0.1:$port_lb$pg_typed" "$lb_pids $replica_a $replica_b $(pg_pids)" -H "$accept" -H "$pg_auth"
  check_replica_logs pg2_typed
  on_before_run=""
  stop_pid "$lb_pid"
  lb_pid=""
  stop_pid "$replica_a"
  stop_pid "$replica_b"
  replica_a="" replica_b=""

  # Two replicas loading at once into a second database.
  pg_sql postgres "CREATE DATABASE qalxan_two" >/dev/null
  replica_a=$(start_replica "$port_a" qalxan_two "$tmp/pg-a2")
  mkdir -p "$tmp/pg-b2"
  cp -r "$tmp/pg-a2/keys" "$tmp/pg-b2/keys"
  replica_b=$(start_replica "$port_b" qalxan_two "$tmp/pg-b2")
  pg_load pg_load2 qalxan_two "$tmp/pg-a2" "$port_a" "$port_b"
  retries=$(cat "$tmp"/pg-a2/serve.log "$tmp"/pg-b2/serve.log | grep -c 'serialisation conflicts' || true)
  stop_pid "$replica_a"
  stop_pid "$replica_b"
  replica_a="" replica_b=""
  pg_done=1
fi

# 8. The tables.
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
commit=$(git -C "$here/.." describe --always --dirty 2>/dev/null || echo unknown)
ep_plain="\`objects/?limit=$page&next=q1.$middle\`"
ep_typed="\`… &match[type]=indicator\`"
{
  echo "TAXII benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores (${cpu_model:-unknown CPU}), load average $loadavg_start at the start;"
  echo "qalxan $commit (${QALXAN_THREADS:-default} threads), $("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //') (2 workers, static files).$caveat"
  echo
  echo "| load ($load_posts POSTs of up to $chunk objects, $in_flight in flight, every status awaited) | objects | wall | objects/s | server CPU | loader CPU | other load (cores) | server peak RSS (VmHWM) | failures |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
  failures_cell=""
  [ "$load_failed" -eq 0 ] || failures_cell="$load_failed objects rejected"
  [ "$load_http_errors" -eq 0 ] || failures_cell+="${failures_cell:+; }$load_http_errors HTTP errors"
  : "${failures_cell:=none}"
  awk -v n="$load_objects" -v ok="$load_ok" -v w="$load_wall" -v r="$load_rate" -v c="$load_server_cpu" \
      -v lc="$load_client_cpu" -v o="$load_other" -v hwm="$hwm_load" -v f="$failures_cell" 'BEGIN {
    printf "| STIX bundle → National collection | %d stored of %d | %.1f s | %.0f | %s s | %s s | %s | %.0f MB | %s |\n",
      ok, n, w, r, c, lc, o, hwm / 1024, f }'
  echo
  awk -v s="$hwm_start" -v l="$hwm_load" -v r="$rss_load" -v e="$hwm_end" -v db="$db_bytes" -v p50="$load_post_p50" \
      -v pmax="$load_post_max" 'BEGIN {
    printf "Server memory (VmHWM): %.0f MB after start, %.0f MB after the load (VmRSS then %.0f MB), %.0f MB at the end. Data dir after the load: %.0f MB. Time to answer a POST (202, before the background ingest): median %s ms, max %s ms.\n",
      s / 1024, l / 1024, r / 1024, e / 1024, db / 1e6, p50, pmax }'
  if [ "$load_failed" -gt 0 ] || [ "$load_http_errors" -gt 0 ]; then
    echo
    echo "Failures by reason (ids and quoted values blanked):"
    echo
    python3 - "$tmp/load.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
for r in s["failure_reasons"]:
    print("- {} × {} (e.g. `{}`)".format(r["count"], r["example"], r["example_id"]))
for e in s["http_error_examples"]:
    print("- HTTP: " + e)
EOF
  fi
  echo
  echo "| target | request | req/s | p99 latency | CPU s per 1k req | server CPU (cores) | wrk CPU (cores) | other load (cores) | errors |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
  row qalxan_plain qalxan "$ep_plain"
  row qalxan_typed qalxan "$ep_typed"
  row nginx_plain "nginx (static)" "the same $page_bytes bytes"
  row nginx_typed "nginx (static)" "the same bytes (typed)"
  echo
  echo "| request | req/s qalxan/nginx | CPU per 1k req qalxan/nginx |"
  echo "|---|---:|---:|"
  for ep in plain typed; do
    q_rps=rps_qalxan_$ep n_rps=rps_nginx_$ep q_cpu=cpu1k_qalxan_$ep n_cpu=cpu1k_nginx_$ep
    label=$ep_plain; [ "$ep" = typed ] && label=$ep_typed
    awk -v p="$label" -v qr="${!q_rps}" -v nr="${!n_rps}" -v qc="${!q_cpu}" -v nc="${!n_cpu}" 'BEGIN {
      printf "| %s | %.2f | %s |\n", p, qr / nr, (nc > 0 ? sprintf("%.1f", qc / nc) : "n/a") }'
  done
  if [ -n "$noisy" ]; then
    echo
    echo "**Caveat: other processes used more than 0.2 cores during:$noisy.**"
  fi
  awk -v o="$load_other" 'BEGIN {exit !(o > 0.2)}' && {
    echo
    echo "**Caveat: other processes used $load_other cores during the load.**"
  }
  echo
  echo "Single requests on the loaded collection (one connection, one after the other; median and max of 5 after one untimed):"
  echo
  echo "| request | status | objects | bytes | median | max |"
  echo "|---|---:|---:|---:|---:|---:|"
  awk -F'\t' '{printf "| `%s` | %s | %s | %s | %s ms | %s ms |\n", $1, $2, $4, $3, $5, $6}' "$tmp/probe.tsv"

  if [ -n "$pg_done" ]; then
    echo
    echo "PostgreSQL $pg_version on the same machine, in the same run (\`$pg_settings\`):"
    echo
    echo "| load (the same POSTs) | objects | wall | objects/s | server CPU (qalxan + PostgreSQL) | loader CPU | other load (cores) | qalxan peak RSS (sum) | database size | failures |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    cat "$tmp/pg_load1.row" "$tmp/pg_load2.row"
    echo
    echo "| target | request | req/s | p99 latency | CPU s per 1k req | server CPU (cores) | wrk CPU (cores) | other load (cores) | errors |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
    row qalxan_plain "SQLite, 1 server" "$ep_plain"
    row pg1_plain "PostgreSQL, 1 replica" "$ep_plain"
    row pg2_plain "PostgreSQL, 2 replicas + nginx" "$ep_plain"
    row qalxan_typed "SQLite, 1 server" "$ep_typed"
    row pg1_typed "PostgreSQL, 1 replica" "$ep_typed"
    row pg2_typed "PostgreSQL, 2 replicas + nginx" "$ep_typed"
    echo
    echo "Server CPU of the PostgreSQL rows counts qalxan, PostgreSQL's processes and (2 replicas) nginx."
    echo
    echo "| request | req/s PostgreSQL 1 replica / SQLite | 2 replicas / SQLite | 2 replicas / 1 replica |"
    echo "|---|---:|---:|---:|"
    for ep in plain typed; do
      s_rps=rps_qalxan_$ep p1=rps_pg1_$ep p2=rps_pg2_$ep
      label=$ep_plain; [ "$ep" = typed ] && label=$ep_typed
      awk -v l="$label" -v s="${!s_rps}" -v a="${!p1}" -v b="${!p2}" 'BEGIN {
        printf "| %s | %.2f | %.2f | %.2f |\n", l, a / s, b / s, b / a }'
    done
    echo
    echo "Single requests on PostgreSQL (one replica, 1M objects; as above):"
    echo
    echo "| request | status | objects | bytes | median | max |"
    echo "|---|---:|---:|---:|---:|---:|"
    awk -F'\t' '{printf "| `%s` | %s | %s | %s | %s ms | %s ms |\n", $1, $2, $4, $3, $5, $6}' "$tmp/pg-probe.tsv"
    echo
    echo "Write transactions that gave up after 10 serialisation conflicts during the two-replica load: $retries."
  fi
} >"$tmp/table.md"

cat "$tmp/table.md"
if [ -n "${OUT:-}" ]; then
  cp "$tmp/table.md" "$OUT"
  log "table written to $OUT"
fi

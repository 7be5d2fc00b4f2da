#!/usr/bin/env bash
# Training completions CSV import benchmark: a file at the import's row limit, checked (dry run),
# imported, and imported again (every row a duplicate), over HTTP on SQLite.
#
#   bench/run_training_import.sh BUILD_DIR
#
# Starts `qalxan serve` on a fresh data directory, creates an admin token for the demo operator
# (org 3), and bench/training/time_import.py makes STAFF staff and COURSES courses through the
# API and times the import of a STAFF x COURSES-row file. Prints a Markdown table on stdout, and
# also writes it to $OUT when set.
#
# Environment: OUT, STAFF (1000), COURSES (10), RUNS (10).
set -euo pipefail

usage() { echo "usage: $0 BUILD_DIR   (env: OUT, STAFF, COURSES, RUNS)" >&2; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in -h|--help) usage ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
qalxan_src="$1/src/app/qalxan"
staff=${STAFF:-1000}
courses=${COURSES:-10}
runs=${RUNS:-10}

[ -x "$qalxan_src" ] || die "no server binary at $qalxan_src (cmake --build $1 --target qalxan)"
command -v python3 >/dev/null || die "python3 not found"

while read -r var; do unset "$var"; done < <(compgen -e | grep '^QALXAN_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qalxan-bench-training.XXXXXX")
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

: >"$data/serve.log"  # exists before the background start opens it
QALXAN_BOOTSTRAP_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" QALXAN_PASSWORD_COST=minimal \
  "$qalxan" serve --listen 127.0.0.1:0 --data "$data" --web "$tmp/no-web" >>"$data/serve.log" 2>&1 &
server=$!
port=""
for _ in $(seq 600); do
  port=$(sed -n 's|^Qalxan listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$data/serve.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$data/serve.log" >&2; die "qalxan exited"; }
  sleep 0.1
done
[ -n "$port" ] || die "qalxan did not start"

token=$("$qalxan" token create --data "$data" --org 3 --role admin)
log "making $staff staff and $courses courses, then timing the import"
rows=$(python3 "$here/training/time_import.py" "$port" "$token" "$staff" "$courses" "$runs")

table=$(cat <<TABLE
$rows

$runs runs after one warm-up (the import itself once); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg).
TABLE
)
echo "$table"
[ -z "${OUT:-}" ] || echo "$table" >"$OUT"

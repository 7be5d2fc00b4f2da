#!/usr/bin/env bash
# Import, resolve and export a catalog of 1,200 controls: wall time and peak RSS of each step
# through the real CLI (process start, SQLite, validation, index, signing included), then the
# pure OSCAL microbenchmarks. Usage: bench/run_catalog.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: bench/run_catalog.sh BUILD_DIR}
qalxan="$build/src/app/qalxan"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 "$here/catalog/gen_catalog.py" "$tmp/content" --controls "${CONTROLS:-1200}" >&2
data="$tmp/data"
"$qalxan" migrate --data "$data" >/dev/null
"$qalxan" org add --data "$data" --name "Regulator" --kind regulator >/dev/null

# step NAME CMD...: runs CMD under GNU time, prints a table row.
step() {
  local name=$1
  shift
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || {
    cat "$tmp/err" >&2
    exit 1
  }
  awk -v name="$name" '{ printf "| %s | %.0f ms | %.1f MB |\n", name, $1 * 1000, $2 / 1024 }' "$tmp/time"
}

echo "| step (1,200 controls, $(du -h "$tmp/content/big.catalog.json" | cut -f1) of OSCAL JSON) | wall time | peak RSS |"
echo "|---|---:|---:|"
step "catalog import + publish (validate, index, store, sign)" \
  "$qalxan" catalog import "$tmp/content/big.catalog.json" --publish --data "$data"
step "profile import + publish (resolve 600 of 1,200, sign)" \
  "$qalxan" catalog import "$tmp/content/big-half.profile.json" --publish --data "$data"
step "export the catalog (OSCAL)" "$qalxan" catalog export 1 --data "$data"
step "export the resolved profile (OSCAL)" "$qalxan" catalog export 2 --data "$data"
step "export + verify the signed catalog" \
  bash -c "'$qalxan' catalog export 1 --format signed --data '$data' > '$tmp/signed.json' && '$qalxan' catalog verify '$tmp/signed.json' --data '$data'"
step "qalxan --help (process start, the floor)" "$qalxan" --help

if [ -x "$build/bench/catalog_bench" ]; then
  echo
  QX_BENCH_CATALOG_DIR="$tmp/content" "$build/bench/catalog_bench" --benchmark_min_time=0.5
fi

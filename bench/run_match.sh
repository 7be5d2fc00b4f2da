#!/usr/bin/env bash
# Indicator matcher benchmark: qalxan-match over a 1 GiB mixed log corpus against 10k, 100k and
# 1M indicators (gen_ioc_corpus.py), beside `cat` (the read ceiling), `rg -F -f` and
# `LC_ALL=C grep -F -f` on the same literals, all in the same run.
#
#   bench/run_match.sh BUILD_DIR
#
# For every set: the load time of the STIX bundle alone (scan of an empty file), then
# `qalxan-match scan --json` over the corpus (throughput, CPU, peak RSS via /usr/bin/time), its
# exactness with the generator's `score`, and the peers on the same bytes or on a slice of the
# corpus where they are too slow (SLICE_* below; the table says which). Prints a Markdown table
# on stdout (and to $OUT when set); progress goes to stderr.
#
# Environment: OUT (file for the table), GEN (gen_ioc_corpus.py; default ../shared/bench beside
# the repository), DATA (corpus directory, reused when its manifest matches; default
# $TMPDIR/qx-match-bench), SIZE (1GiB), SETS (10k,100k,1M), THREADS (qalxan-match --threads,
# default all cores), SLICE_10K / SLICE_100K / SLICE_1M (bytes of the corpus the peers read:
# default full / 64 MiB / 8 MiB), RG_1M (1 to run ripgrep at 1M: it needs ~12 GB of memory),
# BEFORE (another build directory, e.g. of the previous commit: its qalxan-match is measured the
# same way in the same run, for a before/after comparison; no peers for it), PAGE_CACHE (reread,
# the default: the corpus is dropped from the page cache and read back before each measurement of
# it; as-is: left alone).
#
# The scan's wall and CPU time are what qalxan-match reports on stderr for the scan alone ("lines
# in X s", "scan CPU"), when it does; older builds: totals minus the load run's.
set -euo pipefail

usage() {
  echo "usage: $0 BUILD_DIR   (env: OUT, GEN, DATA, SIZE, SETS, THREADS, SLICE_10K, SLICE_100K, SLICE_1M, RG_1M, BEFORE)" >&2
  exit 2
}
[ $# -eq 1 ] || usage
case "$1" in -h|--help) usage ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin="$(cd "$1" && pwd)/src/match_cli/qalxan-match"
gen=${GEN:-$here/../../shared/bench/gen_ioc_corpus.py}
data=${DATA:-${TMPDIR:-/tmp}/qx-match-bench}
size=${SIZE:-1GiB}
sets=${SETS:-10k,100k,1M}
threads=${THREADS:-$(nproc)}
[ -x "$bin" ] || { echo "no $bin: build first (cmake --build $1 --target qalxan-match)" >&2; exit 2; }
before_bin=""
if [ -n "${BEFORE:-}" ]; then
  before_bin="$(cd "$BEFORE" && pwd)/src/match_cli/qalxan-match"
  [ -x "$before_bin" ] || { echo "no $before_bin (BEFORE)" >&2; exit 2; }
fi
[ -f "$gen" ] || { echo "no generator at $gen (set GEN)" >&2; exit 2; }
command -v rg >/dev/null || { echo "ripgrep missing: scripts/install-deps.sh bench" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: scripts/install-deps.sh bench" >&2; exit 2; }

log() { echo "[run_match] $*" >&2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# --- corpus -----------------------------------------------------------------------------------
want="$size $sets"
if [ ! -f "$data/manifest.json" ] || [ "$(cat "$data/.params" 2>/dev/null)" != "$want" ]; then
  log "generating $size corpus with sets $sets in $data (about a minute per GiB on 2 cores)"
  rm -rf "$data"
  mkdir -p "$data"
  python3 "$gen" --out "$data" --size "$size" --sets "$sets" --jobs "$(nproc)" >&2
  echo "$want" > "$data/.params"
fi
corpus="$data/corpus.log"
bytes=$(stat -c %s "$corpus")

# Runs a command under /usr/bin/time; sets T_WALL T_CPU (user+sys) T_RSS_MB.
measure() {
  local tf="$scratch/time.txt" user sys rss
  /usr/bin/time -f "%e %U %S %M" -o "$tf" "$@"
  read -r T_WALL user sys rss < "$tf"
  T_CPU=$(awk -v a="$user" -v b="$sys" 'BEGIN { print a + b }')
  T_RSS_MB=$((rss / 1024))
}
gbs() { awk -v b="$1" -v t="$2" 'BEGIN { printf "%.4f", (t > 0 ? b / t / 1e9 : 0) }'; }
mbs() { awk -v b="$1" -v t="$2" 'BEGIN { printf "%.1f", (t > 0 ? b / t / 1e6 : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0 ? a / b : 0) }'; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { print a - b }'; }
fmt() { printf "%.2f" "$1"; }

slice_for() {
  case "$1" in
    10k) echo "${SLICE_10K:-$bytes}" ;;
    100k) echo "${SLICE_100K:-67108864}" ;;
    *) echo "${SLICE_1M:-8388608}" ;;
  esac
}

# How the page cache holds the corpus changes the kernel's share of every reader's CPU time:
# copying out a file cached by a read from disk (readahead's large folios) cost 0.03-0.04 CPU-s per
# GiB on the VM of bench/README.md, the same file after an hour in the cache 0.11-0.15 (that VM runs
# a DAMON pageout scheme, which drops memory idle for a minute; a file dropped in parts comes back
# in small pieces). So every measurement of the corpus starts
# from the first state: the corpus is dropped from the cache and read back. PAGE_CACHE=as-is leaves
# it as it is. The header line reports cat's CPU per GiB, which tells the two states apart.
settle_corpus() {
  if [ "${PAGE_CACHE:-reread}" = "reread" ]; then
    sync "$corpus"
    python3 -c "import os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)" "$corpus"
  fi
  cat "$corpus" > /dev/null  # in the cache either way
}
settle_corpus
log "cat (read ceiling), warm page cache"
measure sh -c "cat '$corpus' > /dev/null"
cat_gbs=$(gbs "$bytes" "$T_WALL")
cat_cpu_gib=$(awk -v t="$T_CPU" -v b="$bytes" 'BEGIN { printf "%.3f", t / (b / 1073741824) }')

# Measures one qalxan-match binary on a set: sets LOAD_WALL LOAD_CPU Q_RSS Q_GBS Q_CORE PR NEAR.
run_qalxan() {
  local qbin=$1 s=$2 bundle="$data/iocs/$2/bundle.json" scan_wall scan_cpu reported_cpu
  : > "$scratch/empty.log"
  measure sh -c "'$qbin' scan --threads '$threads' --indicators '$bundle' --count '$scratch/empty.log' > /dev/null"
  LOAD_WALL=$T_WALL LOAD_CPU=$T_CPU
  # Run in the corpus directory: the generator's answers name the file "corpus.log".
  measure sh -c "cd '$data' && '$qbin' scan --threads '$threads' --indicators '$bundle' --json corpus.log > '$scratch/m.json' 2> '$scratch/scan.log'"
  Q_RSS=$T_RSS_MB
  scan_wall=$(sub "$T_WALL" "$LOAD_WALL")
  scan_cpu=$(sub "$T_CPU" "$LOAD_CPU")
  reported_cpu=$(sed -n 's/.*; scan CPU \([0-9.e+-]*\) s .*/\1/p' "$scratch/scan.log")
  if [ -n "$reported_cpu" ]; then
    scan_cpu=$reported_cpu
    scan_wall=$(sed -n 's/.* lines in \([0-9.e+-]*\) s .*/\1/p' "$scratch/scan.log")
  fi
  Q_GBS=$(gbs "$bytes" "$scan_wall")
  Q_CORE=$(gbs "$bytes" "$scan_cpu")
  python3 -c "
import json, sys
seen = {(m['file'], m['line']) for m in map(json.loads, open('$scratch/m.json'))}
print('\n'.join(f'{f}\t{n}' for f, n in sorted(seen)))" > "$scratch/reported.txt"
  local score
  score=$(cd "$data" && python3 "$gen" score --out "$data" --set "$s" "$scratch/reported.txt")
  echo "$score" >&2
  PR=$(echo "$score" | sed -n 's/^precision \([0-9.]*\)  recall \([0-9.]*\)/P \1, R \2/p')
  NEAR=$(echo "$score" | sed -n 's/.*(\([0-9]*\) of them planted near-misses, of \([0-9]*\)).*/\1 of \2/p')
}

rows=()
before_rows=()
for set in ${sets//,/ }; do
  s=$(echo "$set" | tr 'A-Z' 'a-z')
  bundle="$data/iocs/$s/bundle.json"
  lits="$data/iocs/$s/literals.txt"
  if [ -n "$before_bin" ]; then
    log "$set: BEFORE build: load, then scan --json over $(numfmt --to=iec "$bytes")"
    settle_corpus
    run_qalxan "$before_bin" "$s"
    before_rows+=("| $set (before) | $(fmt "$LOAD_WALL") s ($(fmt "$LOAD_CPU") s CPU) | $(fmt "$Q_GBS") | $(fmt "$Q_CORE") | $Q_RSS MB | $PR; near-miss FP $NEAR |")
  fi
  log "$set: load time (bundle $(du -h "$bundle" | cut -f1)), then qalxan-match scan --json over $(numfmt --to=iec "$bytes")"
  settle_corpus
  run_qalxan "$bin" "$s"
  load_wall=$LOAD_WALL load_cpu=$LOAD_CPU q_rss=$Q_RSS q_gbs=$Q_GBS q_core=$Q_CORE pr=$PR near=$NEAR
  [ -n "$before_bin" ] && before_rows+=("| $set (after) | $(fmt "$load_wall") s ($(fmt "$load_cpu") s CPU) | $(fmt "$q_gbs") | $(fmt "$q_core") | $q_rss MB | $pr; near-miss FP $near |")

  slice=$(slice_for "$s")
  input="$corpus"
  if [ "$slice" -lt "$bytes" ]; then
    input="$scratch/slice.log"
    head -c "$slice" "$corpus" > "$input"
  fi
  slice_txt=$([ "$slice" -lt "$bytes" ] && numfmt --to=iec "$slice" || echo "full")

  log "$set: rg -F -f on $slice_txt"
  if [ "$s" = "1m" ] && [ "${RG_1M:-0}" != "1" ]; then
    rg_cell="not run (needs ~12 GB; RG_1M=1 runs it)"
    rg_ratio="-"
  else
    measure sh -c "rg --no-filename -n -F -f '$lits' '$input' > '$scratch/rg.txt' || true"
    rg_lines=$(wc -l < "$scratch/rg.txt")
    rg_cell="$(mbs "$slice" "$T_WALL") MB/s ($(mbs "$slice" "$T_CPU") per CPU-s), ${T_RSS_MB} MB, $rg_lines lines"
    rg_ratio="$(ratio "$q_core" "$(gbs "$slice" "$T_CPU")")x"
  fi
  log "$set: LC_ALL=C grep -F -f on $slice_txt"
  measure sh -c "LC_ALL=C grep -n -F -f '$lits' '$input' > '$scratch/grep.txt' || true"
  grep_lines=$(wc -l < "$scratch/grep.txt")
  grep_cell="$(mbs "$slice" "$T_WALL") MB/s ($(mbs "$slice" "$T_CPU") per CPU-s), ${T_RSS_MB} MB, $grep_lines lines"
  grep_ratio="$(ratio "$q_core" "$(gbs "$slice" "$T_CPU")")x"

  rows+=("| $set | $(fmt "$load_wall") s ($(fmt "$load_cpu") s CPU) | $(fmt "$q_gbs") | $(fmt "$q_core") | $q_rss MB | $pr; near-miss FP $near | $(fmt "$cat_gbs") | $slice_txt | $rg_cell | $grep_cell | $rg_ratio / $grep_ratio |")
done

table=$(
  echo "corpus: $(numfmt --to=iec "$bytes") mixed (gen_ioc_corpus.py), page cache ${PAGE_CACHE:-reread} (cat: $cat_cpu_gib CPU-s per GiB), qalxan-match --threads $threads, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| set | load (wall, CPU) | qalxan GB/s (wall, scan only) | GB/s per CPU-second | peak RSS | score | cat GB/s | peer input | rg -F -f | LC_ALL=C grep -F -f | qalxan / rg, / grep (per CPU-s) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  printf "%s\n" "${rows[@]}"
  if [ -n "$before_bin" ]; then
    echo
    echo "before: $before_bin, after: $bin (same corpus, same run)"
    echo
    echo "| set | load (wall, CPU) | qalxan GB/s (wall, scan only) | GB/s per CPU-second | peak RSS | score |"
    echo "|---|---|---|---|---|---|"
    printf "%s\n" "${before_rows[@]}"
  fi
)
echo "$table"
[ -n "${OUT:-}" ] && echo "$table" > "$OUT"
exit 0

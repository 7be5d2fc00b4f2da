#!/usr/bin/env bash
# End-to-end exactness of qalxan-match: generates a small synthetic corpus with known answers
# (gen_ioc_corpus.py), scans it with `scan --json`, and requires the generator's `score` to report
# 100% precision and 100% recall, planted near-misses included, for every indicator set, in the
# mixed layout (Zeek lines without headers) and the split layout (one file per format, Zeek
# files with their #fields headers).
# Usage: corpus_score_test.sh QALXAN_MATCH GEN_IOC_CORPUS_PY
set -euo pipefail
bin=$1
gen=$2
if [ ! -f "$gen" ]; then
  echo "SKIP: generator $gen not found"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check() {  # dir set paths...
  local dir=$1 set=$2
  shift 2
  (cd "$dir" && "$bin" scan --indicators "iocs/$set/bundle.json" --json "$@" > matches.json 2> scan.log)
  python3 - "$dir/matches.json" > "$dir/reported.txt" <<'PY'
import json, sys
seen = set()
for line in open(sys.argv[1]):
    m = json.loads(line)
    for key in ("file", "line", "field", "indicator", "value"):
        assert key in m, (key, m)
    seen.add((m["file"], m["line"]))
for f, n in sorted(seen):
    print(f"{f}\t{n}")
PY
  python3 "$gen" score --out "$dir" --set "$set" "$dir/reported.txt" | tee "$dir/score.txt"
  grep -q "precision 1.000000  recall 1.000000" "$dir/score.txt"
  grep -q ", FP 0 (" "$dir/score.txt"
  grep -q ", FN 0$" "$dir/score.txt"
}

python3 "$gen" --out "$work/mixed" --size 6MiB --sets 1k,10k --hit-rate 3e-3 --nearmiss-rate 3e-3 \
  --jobs 1 --chunk-lines 4096 > /dev/null 2>&1
check "$work/mixed" 1k corpus.log
check "$work/mixed" 10k corpus.log

python3 "$gen" --out "$work/split" --size 4MiB --sets 10k --hit-rate 3e-3 --nearmiss-rate 3e-3 \
  --layout split --jobs 1 --chunk-lines 4096 > /dev/null 2>&1
# The generator numbers the first chunk of each Zeek file without its '#' header: fix the rows.
python3 "$(dirname "$0")/zeek_header_lines.py" "$work/split"
check "$work/split" 10k logs
grep -q '"field": "zeek:host+uri"' "$work/split/matches.json"
echo "corpus score: exact"

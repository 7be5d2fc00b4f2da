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
# gen_ioc_corpus.py numbers the planted lines of the first chunk of each Zeek file as if the
# file had no '#' header (it counts the header only after that chunk): move those rows to the
# line that really holds the observed value, checked against the file's content.
python3 - "$work/split" <<'PY'
import sys, os
out = sys.argv[1]
cache = {}
def lines(path):
    if path not in cache:
        with open(os.path.join(out, path), encoding="utf-8", errors="replace") as f:
            cache[path] = f.read().split("\n")
    return cache[path]
for name in ("answers.tsv", "nearmiss.tsv"):
    p = os.path.join(out, name)
    rows = open(p).read().splitlines()
    fixed = [rows[0]]
    for row in rows[1:]:
        c = row.split("\t")
        f, n, observed = c[0], int(c[1]), c[6]
        if c[2] == "zeek_http" and "://" in observed:  # written as host<TAB>uri
            rest = observed.split("://", 1)[1]
            observed = rest[:rest.index("/")] + "\t" + rest[rest.index("/"):]
        text = lines(f)
        if observed not in text[n - 1]:
            header = sum(1 for l in text[:20] if l.startswith("#"))
            assert observed in text[n - 1 + header], row
            c[1] = str(n + header)
        fixed.append("\t".join(c))
    open(p, "w").write("\n".join(fixed) + "\n")
PY
check "$work/split" 10k logs
grep -q '"field": "zeek:host+uri"' "$work/split/matches.json"
echo "corpus score: exact"

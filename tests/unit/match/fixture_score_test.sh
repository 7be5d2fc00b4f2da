#!/usr/bin/env bash
# End-to-end exactness of qalxan-match on the committed corpus (tests/fixtures/match/score, made
# by gen_ioc_corpus.py, see its README): scans the mixed corpus and the split one (Zeek files
# with their #fields headers) with `scan --json` and requires score_matches.py to report 100%
# precision and 100% recall, no planted near-miss reported. Runs in any clone; the
# generator-based match_corpus_score covers larger corpora when ../shared is present.
# Usage: fixture_score_test.sh QALXAN_MATCH FIXTURE_DIR
set -euo pipefail
bin=$1
fixture=$2
scorer=$(dirname "$0")/score_matches.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gzip -dc "$fixture/bundle.json.gz" > "$work/bundle.json"
for layout in mixed split; do
  (cd "$fixture/$layout" && find . -type f) | while read -r f; do
    mkdir -p "$(dirname "$work/$layout/$f")"
    case $f in
      *.gz) gzip -dc "$fixture/$layout/$f" > "$work/$layout/${f%.gz}" ;;
      *) cp "$fixture/$layout/$f" "$work/$layout/$f" ;;
    esac
  done
done

check() {  # layout paths...
  local dir=$work/$1
  shift
  (cd "$dir" && "$bin" scan --indicators "$work/bundle.json" --json "$@" > matches.json 2> scan.log) ||
    { cat "$dir/scan.log" >&2; exit 1; }
  echo "== $(basename "$dir")"
  python3 "$scorer" "$dir" "$dir/matches.json"
}

check mixed corpus.log
check split logs
grep -q '"field": "zeek:host+uri"' "$work/split/matches.json"
echo "fixture score: exact"

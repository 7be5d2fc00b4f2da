#!/usr/bin/env python3
"""Scores `qalxan-match scan --json` output against a corpus's answers.tsv and nearmiss.tsv.

Same semantics as `gen_ioc_corpus.py score`: a hit is a (file, line); TP = reported lines that
are planted hits, FP = the other reported lines (near-misses counted apart), FN = planted hits
not reported; precision = TP / reported, recall = TP / expected.  Every answer row must also
point at the line that holds its observed value, so a stale fixture cannot pass.
Exits 1 unless precision and recall are both 1 (which also means no near-miss is reported).
Usage: score_matches.py CORPUS_DIR MATCHES_JSON
"""
import json
import sys

out, matches = sys.argv[1], sys.argv[2]
files = {}


def rows(name):  # {(file, line): type}, each row checked against the corpus text
    got = {}
    with open(f"{out}/{name}") as f:
        next(f)
        for row in f:
            file, line, fmt, kind, _idx, _ind, observed = row.rstrip("\n").split("\t")
            if fmt == "zeek_http" and "://" in observed:  # http.log holds host<TAB>uri
                host, _, uri = observed.split("://", 1)[1].partition("/")
                observed = f"{host}\t/{uri}"
            if file not in files:
                files[file] = open(f"{out}/{file}", encoding="utf-8", errors="replace").read().split("\n")
            assert observed in files[file][int(line) - 1], f"{name}: row does not match its line: {row}"
            got[(file, int(line))] = kind
    return got


truth, near = rows("answers.tsv"), rows("nearmiss.tsv")
reported = set()
for text in open(matches):
    m = json.loads(text)
    missing = [k for k in ("file", "line", "field", "indicator", "value") if k not in m]
    assert not missing, f"match without {missing}: {text.strip()}"
    reported.add((m["file"], m["line"]))
tp, fp, fn = len(reported & truth.keys()), reported - truth.keys(), truth.keys() - reported
precision, recall = tp / max(1, len(reported)), tp / max(1, len(truth))
print(f"expected {len(truth)}, reported {len(reported)}, TP {tp}, FP {len(fp)} "
      f"({len(fp & near.keys())} of them planted near-misses, of {len(near)}), FN {len(fn)}")
print(f"precision {precision:.6f}  recall {recall:.6f}")
for kind in sorted(set(truth.values())):
    want = [k for k, v in truth.items() if v == kind]
    print(f"  {kind:10s} recall {sum(1 for k in want if k in reported)}/{len(want)}")
for label, keys in (("FN", fn), ("FP", fp)):
    for file, line in sorted(keys)[:5]:
        print(f"  e.g. {label} {file}:{line}")
sys.exit(0 if precision == 1.0 and recall == 1.0 else 1)

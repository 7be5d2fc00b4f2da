#!/usr/bin/env python3
"""Fix the line numbers of a split-layout gen_ioc_corpus.py corpus, in place.

gen_ioc_corpus.py numbers the planted lines of the first chunk of each Zeek file as if the
file had no '#' header (it counts the header only after that chunk): move those rows of
answers.tsv and nearmiss.tsv to the line that really holds the observed value, checked
against the file's content.  Rows already right are left alone, so a second run changes
nothing.  Usage: zeek_header_lines.py CORPUS_DIR
"""
import os
import sys

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

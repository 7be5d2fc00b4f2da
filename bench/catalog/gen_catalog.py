#!/usr/bin/env python3
"""gen_catalog.py -- a large synthetic OSCAL 1.1 catalog and a profile over it, for benchmarks.

  gen_catalog.py OUT_DIR [--controls 1200] [--seed 1]

Writes OUT_DIR/big.catalog.json (groups of 20 controls, every third control with two
enhancements, params with select/choice and {{ insert: param }} prose, Qalxan applicability props)
and OUT_DIR/big-half.profile.json (every other top-level control with its enhancements,
set-parameters on 100 params, one alter adding a part). Deterministic for a given seed.
"""
import argparse
import json
import os
import random
import uuid

NS = "https://qalxan.gov.az/ns/oscal"
WORDS = ("operator system network access log backup incident supplier vulnerability patch "
         "encryption key account password audit monitor review control asset risk policy").split()


def prose(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def control(rng, cid, title_no, with_param):
    c = {"id": cid, "title": f"Requirement {title_no}", "props": [
        {"name": "cii-category", "ns": NS, "value": str(v)} for v in sorted(rng.sample([1, 2, 3], rng.randint(1, 3)))]}
    if rng.random() < 0.2:
        c["props"].append({"name": "sector", "ns": NS, "value": rng.choice(["oil_and_gas", "energy", "finance"])})
    if rng.random() < 0.1:
        c["props"].append({"name": "machine-check", "ns": NS, "value": "check-" + cid})
    stmt = prose(rng, 25)
    if with_param:
        pid = cid + "_prm_1"
        c["params"] = [{"id": pid, "label": "interval", "select": {"how-many": "one", "choice": ["monthly", "quarterly", "yearly"]}}]
        stmt += " Review {{ insert: param, " + pid + " }}."
    c["parts"] = [
        {"id": cid + "_smt", "name": "statement", "prose": stmt,
         "parts": [{"id": f"{cid}_smt.{k}", "name": "item", "prose": prose(rng, 12)} for k in "ab"]},
        {"id": cid + "_gdn", "name": "guidance", "prose": prose(rng, 40)},
        {"id": cid + "_obj", "name": "assessment-objective", "prose": prose(rng, 15)},
    ]
    return c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--controls", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    groups, total, top_ids, param_ids = [], 0, [], []
    g = 0
    while total < args.controls:
        g += 1
        gid = f"g{g:03d}"
        controls = []
        for i in range(1, 21):
            if total >= args.controls:
                break
            cid = f"{gid}-{i}"
            with_param = i % 2 == 0
            c = control(rng, cid, total + 1, with_param)
            if with_param:
                param_ids.append(cid + "_prm_1")
            total += 1
            top_ids.append(cid)
            if i % 3 == 0:
                c["controls"] = [control(rng, f"{cid}.{k}", total + k, False) for k in (1, 2)]
                total += 2
            controls.append(c)
        groups.append({"id": gid, "title": f"Area {g}", "controls": controls})
    uid = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))
    meta = {"title": "Synthetic benchmark catalog", "last-modified": "2026-11-01T00:00:00Z",
            "version": "1.0.0", "oscal-version": "1.1.2"}
    with open(os.path.join(args.out, "big.catalog.json"), "w") as f:
        json.dump({"catalog": {"uuid": uid(), "metadata": meta, "groups": groups}}, f)
    profile = {"profile": {
        "uuid": uid(),
        "metadata": dict(meta, title="Synthetic benchmark profile"),
        "imports": [{"href": "big.catalog.json", "include-controls": [
            {"with-ids": top_ids[::2], "with-child-controls": "yes"}]}],
        "modify": {
            "set-parameters": [{"param-id": p, "values": ["quarterly"]} for p in param_ids[::2][:100]],
            "alters": [{"control-id": top_ids[0], "adds": [{"position": "ending", "parts": [
                {"id": top_ids[0] + "_add", "name": "guidance", "prose": "Added by the profile."}]}]}]}}}
    with open(os.path.join(args.out, "big-half.profile.json"), "w") as f:
        json.dump(profile, f)
    print(f"{total} controls ({len(top_ids)} top-level) in {len(groups)} groups -> {args.out}")


if __name__ == "__main__":
    main()

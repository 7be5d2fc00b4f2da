#!/usr/bin/env python3
"""Assessment-ingest client for bench/run_assessment.sh (Python 3.9+, standard library only).

  ingest_client.py prepare PORT TOKEN N PLAN   -> registers N CII objects of the token's operator,
                                                  categorises each (category 1), opens an
                                                  assessment of each and writes PLAN (JSON: the
                                                  item paths to answer); prints a JSON summary
  ingest_client.py answer PLAN TOKEN PORT...   -> answers every item of PLAN (PUT, a result per
                                                  item, and for half of them the remediation
                                                  action that submit requires), WORKERS
                                                  connections in parallel taking turns between
                                                  the PORTs, then submits every assessment;
                                                  prints a JSON summary

The answers are what an operator's browser sends while filling in an assessment: one PUT per
requirement. Every request goes to 127.0.0.1 with `Authorization: Bearer TOKEN`; a status other
than the expected one is counted as an error (and the first few printed on stderr), never hidden.
"""
import argparse
import http.client
import json
import statistics
import sys
import threading
import time

RESULTS = ("compliant", "partial", "non_compliant", "compliant")
NEEDS_ACTION = ("partial", "non_compliant")  # submit refuses these without a remediation action
REMEDIATION = {"action": "close the gap", "owner": "Head of IT", "due_at": "2027-06-30T00:00:00Z"}
CATEGORY_ONE = {"people": 60000, "economy": 0, "environment": 0, "defence": 0,
                "state_administration": 0, "dependent_cii": 0}


class Client:
    def __init__(self, port, token):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json",
                        "Accept": "application/json"}

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body)
        self.conn.request(method, path, body=data, headers=self.headers)
        resp = self.conn.getresponse()
        return resp.status, resp.read()

    def must(self, method, path, body, expected):
        status, data = self.call(method, path, body)
        if status != expected:
            sys.exit(f"{method} {path}: status {status} (expected {expected}): {data[:300]!r}")
        return json.loads(data)


def prepare(args):
    c = Client(args.port, args.token)
    start = time.monotonic()
    plan = []
    for i in range(args.objects):
        obj = c.must("POST", "/api/v1/objects",
                     {"name": f"Bench object {i:05d}", "kind": "it",
                      "description": "registered by bench/run_assessment.sh"}, 201)
        c.must("POST", f"/api/v1/objects/{obj['id']}/categorisations", {"answers": CATEGORY_ONE}, 201)
        a = c.must("POST", "/api/v1/assessments", {"subject_kind": "object", "subject_id": obj["id"]}, 201)
        view = c.must("GET", f"/api/v1/assessments/{a['id']}", None, 200)
        items = [f"/api/v1/assessments/{a['id']}/items/{it['catalog_id']}/{it['control_id']}"
                 for it in view["items"]]
        plan.append({"assessment": a["id"], "items": items})
    with open(args.plan, "w") as f:
        json.dump(plan, f)
    json.dump({"objects": len(plan), "items": sum(len(p["items"]) for p in plan),
               "wall_s": round(time.monotonic() - start, 2)}, sys.stdout)
    print()


def answer(args):
    with open(args.plan) as f:
        plan = json.load(f)
    jobs = [(path, RESULTS[n % len(RESULTS)]) for p in plan for n, path in enumerate(p["items"])]
    lock = threading.Lock()
    latencies, errors, shown = [], [0], [0]
    next_job = [0]

    def worker(k):
        c = Client(args.ports[k % len(args.ports)], args.token)
        mine = []
        while True:
            with lock:
                j = next_job[0]
                next_job[0] += 1
            if j >= len(jobs):
                break
            path, result = jobs[j]
            t0 = time.perf_counter()
            status, data = c.call("PUT", path, {"result": result, "comment": "bench answer"})
            if status == 200 and result in NEEDS_ACTION:
                status, data = c.call("POST", path + "/remediation", REMEDIATION)
                status = 200 if status == 201 else status
            mine.append((time.perf_counter() - t0) * 1000)
            if status != 200:
                with lock:
                    errors[0] += 1
                    if shown[0] < 5:
                        shown[0] += 1
                        print(f"PUT {path}: status {status}: {data[:200]!r}", file=sys.stderr)
        with lock:
            latencies.extend(mine)

    cpu0 = time.process_time()
    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - start
    submit_errors = 0
    c = Client(args.ports[0], args.token)
    for p in plan:
        status, data = c.call("POST", f"/api/v1/assessments/{p['assessment']}/submit", {})
        if status != 200:
            submit_errors += 1
            if submit_errors == 1:
                print(f"submit {p['assessment']}: status {status}: {data[:300]!r}", file=sys.stderr)
    latencies.sort()
    json.dump({"answers": len(jobs), "wall_s": round(wall, 3),
               "answers_per_s": round(len(jobs) / wall, 1) if wall > 0 else 0,
               "ms_p50": round(statistics.median(latencies), 2) if latencies else 0,
               "ms_p99": round(latencies[int(len(latencies) * 0.99) - 1], 2) if latencies else 0,
               "http_errors": errors[0], "submit_errors": submit_errors,
               "client_cpu_s": round(time.process_time() - cpu0, 2)}, sys.stdout)
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("port", type=int)
    p.add_argument("token")
    p.add_argument("objects", type=int)
    p.add_argument("plan")
    a = sub.add_parser("answer")
    a.add_argument("plan")
    a.add_argument("token")
    a.add_argument("ports", type=int, nargs="+")
    a.add_argument("--workers", type=int, default=8)
    args = ap.parse_args()
    prepare(args) if args.cmd == "prepare" else answer(args)


if __name__ == "__main__":
    main()

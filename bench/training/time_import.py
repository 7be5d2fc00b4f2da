#!/usr/bin/env python3
# Times POST /api/v1/orgs/3/training/completions/import over one keep-alive connection: an
# organisation of STAFF staff members and COURSES courses (made through the API), a file of
# STAFF x COURSES rows (staff by staff_ref, course by title), then a dry run (RUNS runs), the
# import (once: it writes), and the same file again (RUNS runs: every row a duplicate, so the
# organisation's completions are read to find them). Checks each answer; prints Markdown rows.
#   time_import.py PORT TOKEN STAFF COURSES RUNS
import http.client
import json
import statistics
import sys
import time

port, token, staff, courses, runs = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
conn = http.client.HTTPConnection("127.0.0.1", port)


def call(method, path, body, content_type):
    conn.request(method, path, body=body, headers={"Authorization": "Bearer " + token, "Content-Type": content_type})
    r = conn.getresponse()
    return r.status, r.read()


def must(status, want, body):
    if status != want:
        sys.exit(f"expected {want}, got {status}: {body[:300]!r}")


titles = [f"Course {c}" for c in range(courses)]
for title in titles:
    s, b = call("POST", "/api/v1/orgs/3/training/courses", json.dumps({"title": title, "recurrence_months": 12}), "application/json")
    must(s, 201, b)
for i in range(staff):
    s, b = call("POST", "/api/v1/orgs/3/training/staff",
                json.dumps({"staff_ref": f"S{i:05d}", "name": "Person", "email": f"p{i}@example.az"}), "application/json")
    must(s, 201, b)
lines = ["staff_ref,course,completed_on"] + [f"S{i:05d},{t},2026-0{1 + i % 9}-15" for t in titles for i in range(staff)]
csv = ("\r\n".join(lines) + "\r\n").encode()
rows = len(lines) - 1
PATH = "/api/v1/orgs/3/training/completions/import"


def timed(query, want_status, check):
    t = time.perf_counter()
    s, b = call("POST", PATH + query, csv, "text/csv")
    ms = (time.perf_counter() - t) * 1000
    must(s, want_status, b)
    report = json.loads(b)
    if not check(report):
        sys.exit(f"unexpected report: {b[:300]!r}")
    return ms


def row(name, times):
    print(f"| {name} | {statistics.median(times):.1f} ms | {min(times):.1f} ms | {max(times):.1f} ms |")


print(f"File: {rows} rows, {len(csv)} bytes ({staff} staff x {courses} courses).")
print()
print("| request | median | min | max |")
print("|---|---|---|---|")
timed("?dry_run=true", 200, lambda r: True)  # warm-up
row(f"dry run ({rows} rows, nothing written)",
    [timed("?dry_run=true", 200, lambda r: r["valid"] == rows and not r["imported"]) for _ in range(runs)])
row(f"import ({rows} rows written in one transaction; once)",
    [timed("", 201, lambda r: r["created"] == rows)])
row(f"the same file again ({rows} duplicates, nothing written)",
    [timed("", 201, lambda r: r["created"] == 0 and r["duplicates"] == rows) for _ in range(runs)])

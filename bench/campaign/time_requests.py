#!/usr/bin/env python3
"""Times the national posture roll-up and a campaign board over HTTP (one keep-alive connection).

    time_requests.py PORT TOKEN CAMPAIGN_ID RUNS

For each measurement: one warm-up, then RUNS timed runs; prints a Markdown table row per
measurement with the median, min and max in milliseconds, and checks every answer (status 200,
the board's rows add up to its total)."""
import http.client
import json
import statistics
import sys
import time


def main():
    port, token, campaign, runs = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {token}"}

    def get(path):
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            raise SystemExit(f"GET {path}: {r.status} {body[:300]!r}")
        return json.loads(body)

    def nation():
        get("/api/v1/posture/nation")

    def sectors():
        get("/api/v1/posture/sectors")

    def first_page():
        b = get(f"/api/v1/campaigns/{campaign}/board?limit=50")
        assert len(b["items"]) == min(50, b["total"]), "first page"
        return b["total"]

    def all_rows():
        cursor, rows, total = None, 0, None
        while True:
            q = f"/api/v1/campaigns/{campaign}/board?limit=1000" + (f"&cursor={cursor}" if cursor else "")
            b = get(q)
            if total is None:
                total = b["total"]  # counts come with the first page
            rows += len(b["items"])
            cursor = b["next"]
            if not cursor:
                break
        assert rows == total, f"{rows} rows of {total}"
        return rows

    def all_rows_at_once():
        b = get(f"/api/v1/campaigns/{campaign}/board?limit=50000")
        assert len(b["items"]) == b["total"] and b["next"] is None, "one page of every row"
        return len(b["items"])

    def overdue_filter():
        get(f"/api/v1/campaigns/{campaign}/board?state=submitted&limit=50")

    measurements = [
        ("national posture (GET /api/v1/posture/nation)", nation),
        ("posture by sector (GET /api/v1/posture/sectors)", sectors),
        ("campaign board: counts + first page of 50", first_page),
        ("campaign board: counts + first 50 submitted", overdue_filter),
        ("campaign board: all rows in one request (limit=50000)", all_rows_at_once),
        ("campaign board: all rows in pages of 1,000", all_rows),
    ]
    for name, fn in measurements:
        detail = fn()  # warm-up
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        extra = f" ({detail:,} rows)" if isinstance(detail, int) else ""
        print(f"| {name}{extra} | {statistics.median(times):.1f} ms | {min(times):.1f} ms | {max(times):.1f} ms |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Times POST /api/v1/campaigns over N freshly registered CII objects (no open assessment).

  time_create.py PORT TOKEN SERVER_PID N [PROFILE_ID] [NAME_PREFIX]

Registers N objects in the energy sector for the first operator (CSV import, 10,000 rows a
call), then creates a campaign by sector on PROFILE_ID (default 1, the shipped cii-baseline) and
prints the wall time of the request and the server's CPU time over it (from /proc/PID/stat).
Objects from an earlier call with another NAME_PREFIX already have an open assessment on the
same version: the campaign links them.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    port, token, server_pid, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    profile = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    prefix = sys.argv[6] if len(sys.argv) > 6 else "bench"
    base = f"http://127.0.0.1:{port}"

    def call(method, path, body=None, ctype="application/json"):
        data = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": ctype})
        try:
            with urllib.request.urlopen(req) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()[:300]

    def server_cpu():
        fields = open(f"/proc/{server_pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    status, orgs = call("GET", "/api/v1/orgs")
    assert status == 200, orgs
    operator = next(o for o in orgs["items"] if o["kind"] == "operator")
    made = 0
    while made < n:
        k = min(10000, n - made)
        csv = "name,sector\r\n" + "".join(f"{prefix} object {made + i},energy\r\n" for i in range(k))
        status, body = call("POST", f"/api/v1/objects/import?org={operator['id']}", csv.encode(), "text/csv")
        assert status == 201, (status, body)
        made += k
    cpu0, t0 = server_cpu(), time.perf_counter()
    status, body = call("POST", "/api/v1/campaigns", {"name": f"{prefix} {n}", "profile_id": profile,
                                                      "due_at": "2099-01-01T00:00:00Z", "sector": "energy"})
    wall, cpu = time.perf_counter() - t0, server_cpu() - cpu0
    assert status == 201, (status, body)
    print(f"created {body['created']}, linked {body['linked']}, not started {body['not_started']}: "
          f"{wall * 1000:.0f} ms wall, server CPU {cpu:.2f} s")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""TAXII 2.1 client for bench/run_taxii.sh (Python 3.9+, standard library only).

  taxii_client.py collection PORT TOKEN TITLE           -> prints the id of the collection TITLE
  taxii_client.py get PORT TOKEN PATH OUT               -> writes the body to OUT, prints
                                                           "STATUS NEXT DATE_ADDED_FIRST"
  taxii_client.py load PORT TOKEN COLLECTION BUNDLE     -> posts the bundle's objects in chunks,
                                                           waits for every status, prints JSON
  taxii_client.py probe PORT TOKEN NAME<TAB>PATH...    -> times single requests, prints TSV

Every request goes to 127.0.0.1 with `Accept: application/taxii+json;version=2.1` and
`Authorization: Bearer TOKEN`. Bodies are the server's bytes as they came (http.client removes
only the transfer encoding, if any).
"""
import argparse
import http.client
import json
import re
import statistics
import sys
import threading
import time

TAXII = "application/taxii+json;version=2.1"
API_ROOT = "/taxii2/qalxan/"


def connect(port, timeout=600):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)


def request(conn, token, method, path, body=None):
    headers = {"Accept": TAXII, "Authorization": "Bearer " + token}
    if body is not None:
        headers["Content-Type"] = TAXII
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    return resp.status, resp, data


def get_json(port, token, path):
    conn = connect(port)
    try:
        status, _, data = request(conn, token, "GET", path)
    finally:
        conn.close()
    if status != 200:
        sys.exit(f"GET {path}: status {status}: {data[:300]!r}")
    return json.loads(data)


# ---------------------------------------------------------------------------------------------
def cmd_collection(a):
    body = get_json(a.port, a.token, API_ROOT + "collections/")
    for c in body.get("collections", []):
        if c.get("title") == a.title:
            print(c["id"])
            return
    sys.exit(f"no collection titled {a.title!r} in {[c.get('title') for c in body.get('collections', [])]}")


def cmd_get(a):
    conn = connect(a.port)
    try:
        status, resp, data = request(conn, a.token, "GET", a.path)
    finally:
        conn.close()
    with open(a.out, "wb") as f:
        f.write(data)
    nxt = "-"
    if status == 200:
        try:
            nxt = json.loads(data).get("next") or "-"
        except ValueError:
            pass
    print(status, nxt, resp.getheader("X-TAXII-Date-Added-First") or "-")


# ---------------------------------------------------------------------------------------------
# Loading a bundle.

def bundle_objects(path):
    """The bundle's objects as raw JSON texts (bytes), one by one. gen_ioc_corpus.py writes one
    object per line, which is read without parsing (fast, little memory); any other layout is
    parsed as a whole."""
    with open(path, "rb") as f:
        head = f.readline()
        one_per_line = head.startswith(b"{") and head.rstrip().endswith(b'"objects": [')
        if one_per_line:
            # Check the layout first, so that a bundle is never half line-read, half parsed.
            for line in f:
                line = line.rstrip(b"\r\n")
                if line == b"]}":
                    break
                if not (line.startswith(b"{") and line.rstrip(b",").endswith(b"}")):
                    one_per_line = False
                    break
            else:
                one_per_line = False
    if one_per_line:
        with open(path, "rb") as f:
            f.readline()
            for line in f:
                line = line.rstrip(b"\r\n")
                if line == b"]}":
                    return
                yield line[:-1] if line.endswith(b",") else line
        return
    print("[load] bundle is not one object per line; parsing it", file=sys.stderr)
    with open(path, "rb") as f:
        objs = json.load(f)["objects"]
    for o in objs:
        yield json.dumps(o, separators=(",", ":")).encode()


def make_bodies(objects, chunk, limit):
    """POST bodies of `chunk` objects, each split further until it fits `limit` bytes; a list
    of (object count, body)."""
    bodies = []

    def add(part):
        body = b'{"objects":[' + b",".join(part) + b"]}"
        if len(body) > limit and len(part) > 1:
            half = len(part) // 2
            add(part[:half])
            add(part[half:])
        else:
            bodies.append((len(part), body))

    part = []
    for o in objects:
        part.append(o)
        if len(part) == chunk:
            add(part)
            part = []
    if part:
        add(part)
    return bodies


ID_RE = re.compile(r"\b[a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
QUOTED_RE = re.compile(r"'[^']*'")


def normalise(message):
    """A failure message with ids and quoted values blanked, to count failures by reason."""
    return QUOTED_RE.sub("'…'", ID_RE.sub("<id>", message))


def pct(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def cmd_load(a):
    t_prep = time.monotonic()
    root = get_json(a.port, a.token, API_ROOT)
    limit = int(root.get("max_content_length") or 16 << 20)
    bodies = make_bodies(bundle_objects(a.bundle), a.chunk, limit)
    total_bytes = sum(len(b) for _, b in bodies)
    print(f"[load] {sum(n for n, _ in bodies)} objects, {len(bodies)} POSTs of up to {a.chunk} objects "
          f"({total_bytes / 1e6:.0f} MB, body limit {limit} bytes), {a.in_flight} in flight; "
          f"prepared in {time.monotonic() - t_prep:.1f} s", file=sys.stderr)

    lock = threading.Lock()
    state = {"next": 0, "done": 0, "objects_done": 0}
    results = []  # per POST: dict
    errors = []
    path = f"{API_ROOT}collections/{a.collection}/objects/"

    ports = [a.port] + (a.also_port or [])
    worker_ids = iter(range(a.in_flight))

    def worker():
        # With --also-port, the workers spread over the replicas (each polls the one it posted to).
        with lock:
            port = ports[next(worker_ids) % len(ports)]
        conn = connect(port)
        try:
            while True:
                with lock:
                    i = state["next"]
                    if i >= len(bodies):
                        return
                    state["next"] = i + 1
                n, body = bodies[i]
                t0 = time.monotonic()
                try:
                    status, _, data = request(conn, a.token, "POST", path, body)
                except (OSError, http.client.HTTPException) as e:
                    conn.close()
                    conn = connect(port)
                    with lock:
                        errors.append(f"POST {i}: {e!r}")
                    continue
                t_posted = time.monotonic()
                if status != 202:
                    with lock:
                        errors.append(f"POST {i}: status {status}: {data[:200]!r}")
                    continue
                st = json.loads(data)
                # Polls back off from 50 ms to a.poll: a pending status lists every object id
                # (about 285 kB for 5,000), so frequent polls would cost the server real CPU.
                delay = 0.05
                while st.get("status") != "complete":
                    time.sleep(delay)
                    delay = min(2 * delay, a.poll)
                    s2, _, d2 = request(conn, a.token, "GET", f"{API_ROOT}status/{st['id']}/")
                    if s2 != 200:
                        with lock:
                            errors.append(f"status of POST {i}: status {s2}: {d2[:200]!r}")
                        break
                    st = json.loads(d2)
                t_done = time.monotonic()
                with lock:
                    results.append({"objects": n, "post_s": t_posted - t0, "complete_s": t_done - t0,
                                    "status": st})
                    state["done"] += 1
                    state["objects_done"] += n
                    if a.progress and state["done"] % a.progress == 0:
                        el = t_done - t_start
                        print(f"[load] {state['done']}/{len(bodies)} POSTs complete, "
                              f"{state['objects_done']} objects, {el:.1f} s, "
                              f"{state['objects_done'] / el:.0f} objects/s", file=sys.stderr)
        finally:
            conn.close()

    cpu0 = time.process_time()
    t_start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(a.in_flight)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t_start
    cpu = time.process_time() - cpu0

    successes = failures = pending = 0
    reasons = {}
    for r in results:
        st = r["status"]
        successes += int(st.get("success_count", 0))
        failures += int(st.get("failure_count", 0))
        pending += int(st.get("pending_count", 0))
        for f in st.get("failures", []):
            key = normalise(str(f.get("message", "")))
            entry = reasons.setdefault(key, {"count": 0, "example_id": f.get("id"),
                                            "example": f.get("message")})
            entry["count"] += 1
    posted = sum(r["objects"] for r in results)
    summary = {
        "objects": sum(n for n, _ in bodies),
        "posts": len(bodies),
        "chunk": a.chunk,
        "in_flight": a.in_flight,
        "bytes": total_bytes,
        "wall_s": round(wall, 3),
        "objects_per_s": round(posted / wall, 1) if wall > 0 else 0,
        "client_cpu_s": round(cpu, 2),
        "successes": successes,
        "failures": failures,
        "pending": pending,
        "http_errors": len(errors),
        "http_error_examples": errors[:5],
        "failure_reasons": sorted(reasons.values(), key=lambda e: -e["count"])[:10],
        "post_ms_p50": round(1000 * pct([r["post_s"] for r in results], 50), 1),
        "post_ms_max": round(1000 * max([r["post_s"] for r in results] or [0]), 1),
        "complete_s_p50": round(pct([r["complete_s"] for r in results], 50), 2),
        "complete_s_max": round(max([r["complete_s"] for r in results] or [0]), 2),
    }
    json.dump(summary, sys.stdout, indent=1)
    print()


# ---------------------------------------------------------------------------------------------
# Single-request timings.

def cmd_probe(a):
    """Each SPEC is NAME<TAB>PATH; each is requested `repeat` times in a row on one keep-alive
    connection after one untimed request. Prints NAME, status, body bytes, objects, median and
    max milliseconds (TSV)."""
    conn = connect(a.port, timeout=a.timeout)
    try:
        for spec in a.specs:
            name, path = spec.split("\t", 1)
            times = []
            status, _, data = request(conn, a.token, "GET", path)
            for _ in range(a.repeat):
                t0 = time.perf_counter()
                status, _, data = request(conn, a.token, "GET", path)
                times.append(time.perf_counter() - t0)
            n = "-"
            try:
                body = json.loads(data)
                for key in ("objects", "items", "versions"):
                    if isinstance(body.get(key), list):
                        n = len(body[key])
                        break
                else:
                    n = 0
            except ValueError:
                pass
            print(f"{name}\t{status}\t{len(data)}\t{n}\t{1000 * statistics.median(times):.2f}"
                  f"\t{1000 * max(times):.2f}", flush=True)
    finally:
        conn.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("collection", "get", "load", "probe"):
        s = sub.add_parser(name)
        s.add_argument("port", type=int)
        s.add_argument("token")
        if name == "collection":
            s.add_argument("title")
        elif name == "get":
            s.add_argument("path")
            s.add_argument("out")
        elif name == "load":
            s.add_argument("collection")
            s.add_argument("bundle")
            s.add_argument("--chunk", type=int, default=5000, help="objects per POST")
            s.add_argument("--in-flight", type=int, default=4,
                           help="POSTs sent and not yet complete, at most")
            s.add_argument("--poll", type=float, default=0.5,
                           help="seconds between status polls, at most")
            s.add_argument("--progress", type=int, default=20, help="report every N POSTs (0: never)")
            s.add_argument("--also-port", type=int, action="append",
                           help="another replica's port; the workers take turns (repeatable)")
        else:
            s.add_argument("specs", nargs="+")
            s.add_argument("--repeat", type=int, default=5)
            s.add_argument("--timeout", type=float, default=300)
    a = p.parse_args()
    {"collection": cmd_collection, "get": cmd_get, "load": cmd_load, "probe": cmd_probe}[a.cmd](a)


if __name__ == "__main__":
    main()

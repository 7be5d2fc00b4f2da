#!/usr/bin/env bash
# qalxan-match against a TAXII 2.1 server (a small fake on 127.0.0.1:0 that pages with `more`,
# `next` and X-TAXII-Date-Added-Last, records POSTs and User-Agents, and answers POSTs with a
# status resource that is complete, pending for a while, refuses one object, or stays pending):
# pull into the cache, pull again incrementally, scan from the cache, post sightings and follow
# their status; HTTPS only without --insecure-http; then follow mode across appends, a rotation
# and a restart, which must neither miss nor repeat a line.
# Usage: taxii_follow_test.sh QALXAN_MATCH
set -euo pipefail
bin=$1
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > "$work/server.py" <<'PY'
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
def ind(i, pattern, added, marking=None):
    o = {"type": "indicator", "spec_version": "2.1", "id": f"indicator--00000000-0000-4000-8000-{i:012d}",
         "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
         "pattern": pattern, "pattern_type": "stix", "valid_from": "2024-01-01T00:00:00Z"}
    if marking: o["object_marking_refs"] = [marking]
    return o, added
objects = [ind(1, "[domain-name:value = 'evil.top']", "2024-01-01T00:00:01.000000Z", GREEN),
           ind(2, "[ipv4-addr:value = '45.1.2.3']", "2024-01-01T00:00:02.000000Z", RED),
           ind(3, "[url:value = 'http://bad.example/x']", "2024-01-01T00:00:03.000000Z")]
posted = []
agents = []
mode = {"post": "complete"}
polls = {}

def status(sid, objs, state, refused=0):
    n = len(objs)
    s = {"id": sid, "status": state, "request_timestamp": "2024-01-01T00:00:00.000000Z", "total_count": n,
         "success_count": n - refused if state == "complete" else 0, "failure_count": refused,
         "pending_count": 0 if state == "complete" else n}
    if refused:
        s["failures"] = [{"id": objs[0]["id"], "version": objs[0]["modified"], "message": "refused for the test"}]
    return s

class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def reply(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/taxii+json;version=2.1")
        self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        u = urlparse(self.path)
        if u.path == "/posted": return self.reply(200, posted)
        if u.path == "/agents": return self.reply(200, agents)
        if u.path == "/polls": return self.reply(200, polls)
        if u.path == "/mode":
            mode["post"] = parse_qs(u.query)["post"][0]
            return self.reply(200, mode)
        if u.path != "/add": agents.append(self.headers.get("User-Agent", ""))  # /add is curl's
        if self.headers.get("Authorization") != "Bearer secret-token":
            self.send_response(401); self.end_headers(); return
        if u.path == "/add":  # a new object arrives in the collection
            objects.append(ind(4, "[email-addr:value = 'x@mail.top']", "2024-01-01T00:00:04.000000Z"))
            self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers(); return
        if u.path.startswith("/api/status/"):  # {api-root}/status/{id}/
            sid = u.path.split("/")[3]
            polls[sid] = polls.get(sid, 0) + 1
            objs = posted[-1]["objects"]
            done = sid == "s-pending" and polls[sid] >= 2
            return self.reply(200, status(sid, objs, "complete" if done else "pending"))
        q = parse_qs(u.query)
        after = q.get("added_after", [""])[0]
        start = int(q.get("next", ["0"])[0])
        limit = int(q.get("limit", ["100"])[0])
        newer = [o for o in objects if o[1] > after]
        page = newer[start:start + limit]
        env = {"more": start + limit < len(newer)}
        if env["more"]: env["next"] = str(start + limit)
        if page: env["objects"] = [o[0] for o in page]
        body = json.dumps(env).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/taxii+json;version=2.1")
        if page: self.send_header("X-TAXII-Date-Added-Last", page[-1][1])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_POST(self):
        agents.append(self.headers.get("User-Agent", ""))
        n = int(self.headers.get("Content-Length", "0"))
        env = json.loads(self.rfile.read(n))
        posted.append(env)
        objs = env["objects"]
        m = mode["post"]
        if m == "complete": return self.reply(202, status("s-%d" % len(posted), objs, "complete"))
        if m == "refuse": return self.reply(202, status("s-%d" % len(posted), objs, "complete", refused=1))
        if m == "pending": return self.reply(202, status("s-pending", objs, "pending"))
        return self.reply(202, status("s-stuck", objs, "pending"))  # "stuck": never completes

srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(srv.server_address[1], flush=True)
srv.serve_forever()
PY
python3 "$work/server.py" > "$work/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
coll="http://127.0.0.1:$port/api/collections/c1/"

# Pull: three objects in two pages of two.
QX_MATCH_TOKEN=wrong "$bin" pull --insecure-http --collection "$coll" --cache "$work/cache" --limit 2 2>/dev/null && fail "bad token accepted"
QX_MATCH_TOKEN=secret-token "$bin" pull --insecure-http --collection "$coll" --cache "$work/cache" --limit 2 2> "$work/pull.log"
grep -q "pulled 2 pages" "$work/pull.log" || fail "first pull: $(cat "$work/pull.log")"
grep -q '"added_after":"2024-01-01T00:00:03.000000Z"' "$work/cache/state.json" || fail "state: $(cat "$work/cache/state.json")"
# Incremental: nothing new, then one new object.
QX_MATCH_TOKEN=secret-token "$bin" pull --insecure-http --collection "$coll" --cache "$work/cache" --limit 2 2> "$work/pull.log"
grep -q "pulled 0 pages" "$work/pull.log" || fail "second pull: $(cat "$work/pull.log")"
curl -fsS -H "Authorization: Bearer secret-token" "http://127.0.0.1:$port/add" > /dev/null
QX_MATCH_TOKEN=secret-token "$bin" pull --insecure-http --collection "$coll" --cache "$work/cache" --limit 2 2> "$work/pull.log"
grep -q "pulled 1 pages" "$work/pull.log" || fail "third pull: $(cat "$work/pull.log")"

# Scan from the cache; sightings posted to the collection.
printf 'a 45.1.2.3 b\nquery: www.evil.top\nfrom=<x@mail.top>\nnothing\nGET http://bad.example/x\n' > "$work/app.log"
"$bin" scan --cache "$work/cache" --json "$work/app.log" > "$work/m.json" 2>/dev/null
[ "$(wc -l < "$work/m.json")" = 4 ] || fail "scan from cache: $(cat "$work/m.json")"
QX_MATCH_TOKEN=secret-token "$bin" scan --cache "$work/cache" --insecure-http --post-sightings "$coll" \
  --identity identity--00000000-0000-4000-8000-000000000009 "$work/app.log" 2>/dev/null
curl -fsS "http://127.0.0.1:$port/posted" > "$work/posted.json"
python3 - "$work/posted.json" <<'PY'
import json, sys
posted = json.load(open(sys.argv[1]))
assert len(posted) == 1, posted
objs = posted[0]["objects"]
assert len(objs) == 4, objs
# Each sighting carries its indicator's TLP (from the pulled cache), AMBER for unmarked ones.
want = {1: "bab4a63c-aed9-4cf5-a766-dfca5abac2bb", 2: "e828b379-4e03-4974-9ac4-e53a884c97c1",
        3: "55d920b0-5e8b-4f79-9ee9-91f868d9b421", 4: "55d920b0-5e8b-4f79-9ee9-91f868d9b421"}
for o in objs:
    assert o["type"] == "sighting" and o["sighting_of_ref"].startswith("indicator--") and o["count"] == 1, o
    assert o["where_sighted_refs"] == ["identity--00000000-0000-4000-8000-000000000009"], o
    n = int(o["sighting_of_ref"][-12:])
    assert o["object_marking_refs"] == ["marking-definition--" + want[n]], o
PY
# --tlp raises every sighting to at least that level, to a file as well.
"$bin" scan --cache "$work/cache" --sightings "$work/s.jsonl" --tlp TLP:AMBER+STRICT "$work/app.log" 2>/dev/null
python3 - "$work/s.jsonl" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
assert len(objs) == 4, objs
for o in objs:
    red = o["sighting_of_ref"].endswith("000000000002")
    assert o["object_marking_refs"] == ["marking-definition--" + ("e828b379-4e03-4974-9ac4-e53a884c97c1" if red
                                        else "939a9414-2ddd-4d32-a0cd-375ea402b003")], o
PY
"$bin" scan --cache "$work/cache" --sightings "$work/bad.jsonl" --tlp purple "$work/app.log" 2>/dev/null \
  && fail "--tlp purple accepted"

# TAXII 2.1 8.4.1: every request says who it is.
curl -fsS "http://127.0.0.1:$port/agents" | python3 -c "
import json, sys
agents = json.load(sys.stdin)
assert agents and all(a.startswith('qalxan-match/') for a in agents), agents
"
# TAXII 2.1 8.5.1: HTTPS only, unless told.
QX_MATCH_TOKEN=secret-token "$bin" pull --collection "$coll" --cache "$work/cache" 2> "$work/http.log" \
  && fail "plain http accepted without --insecure-http"
grep -q "https" "$work/http.log" || fail "http refusal: $(cat "$work/http.log")"

# The status answered to a POST: followed while pending; refusals and a status that never
# completes fail the run with the reason.
post() {
  QX_MATCH_TOKEN=secret-token "$bin" scan --cache "$work/cache" --insecure-http --post-sightings "$coll" \
    --identity identity--00000000-0000-4000-8000-000000000009 "$@" "$work/app.log"
}
curl -fsS "http://127.0.0.1:$port/mode?post=pending" > /dev/null
post 2> "$work/post.log" || fail "pending post: $(cat "$work/post.log")"
grep -q "posted 4 sightings" "$work/post.log" || fail "pending post: $(cat "$work/post.log")"
[ "$(curl -fsS "http://127.0.0.1:$port/polls" | python3 -c 'import json,sys; print(json.load(sys.stdin)["s-pending"])')" = 2 ] \
  || fail "status polls: $(curl -fsS "http://127.0.0.1:$port/polls")"
curl -fsS "http://127.0.0.1:$port/mode?post=refuse" > /dev/null
rc=0; post 2> "$work/post.log" || rc=$?
[ "$rc" = 2 ] || fail "refused post exited $rc: $(cat "$work/post.log")"
grep -q "refused 1 of 4 sightings" "$work/post.log" || fail "refused post: $(cat "$work/post.log")"
grep -q "refused for the test" "$work/post.log" || fail "refused post reason: $(cat "$work/post.log")"
grep -q "posted" "$work/post.log" && fail "refused post claims success: $(cat "$work/post.log")"
curl -fsS "http://127.0.0.1:$port/mode?post=stuck" > /dev/null
rc=0; post --status-timeout 1 2> "$work/post.log" || rc=$?
[ "$rc" = 2 ] || fail "stuck post exited $rc: $(cat "$work/post.log")"
grep -q "still processing" "$work/post.log" || fail "stuck post: $(cat "$work/post.log")"
# follow: a post the server took but never settled is posted; its lines are not read (and posted) again.
printf 'a 45.1.2.3 b\n' > "$work/stuck.log"
before=$(curl -fsS "http://127.0.0.1:$port/posted" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
rc=0
QX_MATCH_TOKEN=secret-token "$bin" follow --cache "$work/cache" --checkpoint "$work/stuck.ck" --insecure-http \
  --post-sightings "$coll" --identity identity--00000000-0000-4000-8000-000000000009 --status-timeout 1 \
  --poll-ms 10 --max-polls 3 "$work/stuck.log" > /dev/null 2> "$work/stuck.err" || rc=$?
[ "$rc" = 2 ] || fail "stuck follow exited $rc: $(cat "$work/stuck.err")"
grep -q "did not say what became of them" "$work/stuck.err" || fail "stuck follow: $(cat "$work/stuck.err")"
after=$(curl -fsS "http://127.0.0.1:$port/posted" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ $((after - before)) = 1 ] || fail "stuck follow posted $((after - before)) times"
curl -fsS "http://127.0.0.1:$port/mode?post=complete" > /dev/null

# Follow: append, partial line, rotation, restart.
log="$work/follow.log"
ck="$work/ck.json"
follow() { "$bin" follow --cache "$work/cache" --checkpoint "$ck" --json --poll-ms 10 --max-polls 1 "$log" 2>/dev/null; }
printf 'l1 45.1.2.3\nl2 clean\n' > "$log"
follow > "$work/f1.json"
printf 'l3 evil.top\nl4 45.1.2' >> "$log"           # l4 is not finished yet
follow > "$work/f2.json"
printf '.3\n' >> "$log"                               # now it is
mv "$log" "$log.1"                                    # rotated before the next poll
printf 'n1 x@mail.top\n' > "$log"
follow > "$work/f3.json"
follow > "$work/f4.json"                              # restart: nothing new
cat "$work"/f[1-4].json | python3 -c "
import json, sys
got = [(m['file'].split('/')[-1], m['line'], m['value']) for m in map(json.loads, sys.stdin)]
want = [('follow.log', 1, '45.1.2.3'), ('follow.log', 3, 'evil.top'), ('follow.log', 4, '45.1.2.3'),
        ('follow.log', 1, 'x@mail.top')]
assert got == want, got
"
echo "taxii + follow: ok"

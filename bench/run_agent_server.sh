#!/usr/bin/env bash
# Benchmark: the connected agent against a real `qalxan serve` (SQLite) on this machine. A native
# policy of N rules (each a file_content check, each naming one of 50 requirements of the shipped
# catalog) is published by the regulator; one agent enrols with a one-time token, then runs three
# times (every result new, unchanged, one rule changed: policy fetch + signature check +
# evaluation + signed bundle + POST + ingestion; runs 2-3 fetch conditionally and get 304), the
# policy fetch alone is timed 20 times unconditionally (200) and with the kept tag (304), and an
# offline bundle is imported with the server stopped.
# Usage: bench/run_agent_server.sh BUILD_DIR   (N=5000 for a bigger policy)
set -euo pipefail
B=$(cd "${1:?usage: run_agent_server.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
N=${N:-2000}
PORT=${PORT:-18931}
work=$(mktemp -d)
cd "$work"
mkdir -p root/etc
for i in $(seq 1 $N); do echo "key$i = yes" ; done > root/etc/app.conf
# 50 requirement ids of the shipped catalog the server seeds: publication refuses unknown ones.
REQS=($(python3 - "$here/../catalogs/cii-baseline.catalog.json" <<'PY'
import json, sys
ids = []
def walk(node):
    for c in node.get("controls", []):
        ids.append(c["id"])
        walk(c)
    for g in node.get("groups", []):
        walk(g)
walk(json.load(open(sys.argv[1]))["catalog"])
print(" ".join(ids[:50]))
PY
))
{ echo "policy: bench"; echo "version: 1"; echo "rules:"
  for i in $(seq 1 $N); do
    echo "  - id: r$i"; echo "    title: key $i"; echo "    requirements: [${REQS[$((i % 50))]}]"
    echo "    check:"; echo "      file_content: {path: /etc/app.conf, key: key$i, equals: \"yes\"}"
  done; } > policy.yaml
QALXAN_BOOTSTRAP_PASSWORD=bench-password-1 QALXAN_CATALOGS="$here/../catalogs" $B/src/app/qalxan serve --listen 127.0.0.1:$PORT --data data --web /nonexistent > server.log 2>&1 &
SP=$!; trap 'kill $SP 2>/dev/null; rm -rf "$work"' EXIT
for i in $(seq 1 50); do curl -sf http://127.0.0.1:$PORT/healthz >/dev/null && break; sleep 0.2; done
login() { curl -s -c "$1.jar" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"bench-password-1\"}" http://127.0.0.1:$PORT/api/v1/session | python3 -c 'import sys,json;print(json.load(sys.stdin)["csrf_token"])'; }
OPC=$(login operator.admin); REGC=$(login regulator.admin)
OBJ=$(curl -s -b operator.admin.jar -H "X-CSRF-Token: $OPC" -H 'Content-Type: application/json' -d '{"name":"Bench host"}' http://127.0.0.1:$PORT/api/v1/objects | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
python3 - "$REGC" "$PORT" <<'PY'
import json,sys,subprocess
doc=open("policy.yaml").read()
body=json.dumps({"name":"bench","kind":"native","document":doc})
out=subprocess.run(["curl","-s","-b","regulator.admin.jar","-H","X-CSRF-Token: "+sys.argv[1],"-H","Content-Type: application/json","--data-binary","@-","http://127.0.0.1:%s/api/v1/agent-policies" % sys.argv[2]],input=body.encode(),capture_output=True).stdout
print("policy:", json.loads(out)["version"])
PY
TOK=$(curl -s -b operator.admin.jar -H "X-CSRF-Token: $OPC" -X POST http://127.0.0.1:$PORT/api/v1/objects/$OBJ/agent-enrolments | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
A="$B/src/agent_cli/qalxan-agent"
$A enrol --server http://127.0.0.1:$PORT --token $TOK --state-dir state --config none.yaml
t() { local s=$(date +%s.%N); "$@" 2>&1 | tail -1 | cut -c1-160; echo "  $(echo "$(date +%s.%N) - $s" | bc) s"; }
echo "run 1 (all new):";   t $A run --online --state-dir state --config none.yaml --root root
echo "run 2 (unchanged):"; t $A run --online --state-dir state --config none.yaml --root root
sed -i 's/^key7 = yes/key7 = no/' root/etc/app.conf
echo "run 3 (one change):"; t $A run --online --state-dir state --config none.yaml --root root
# offline: an --out bundle from a local copy of the policy, imported by the admin CLI
$A run --policy policy.yaml --out results.bundle --state-dir state --config none.yaml --root root
# The policy fetch alone, 20 times each: unconditional (200, audited) and naming the tag the
# agent keeps (304, nothing written).
# The credential goes to curl in a header file (0600), not on a command line others can read.
(umask 077; python3 -c 'import json;print("Authorization: Bearer " + json.load(open("state/enrolment.json"))["credential"])' > auth.h)
ETAG=$(python3 -c 'import json;print(json.load(open("state/policy.json"))["etag"])')
for i in $(seq 1 20); do
  curl -s -o /dev/null -H @auth.h http://127.0.0.1:$PORT/api/v1/agent/policy
  curl -s -o /dev/null -H @auth.h -H "If-None-Match: $ETAG" http://127.0.0.1:$PORT/api/v1/agent/policy
done
rm -f auth.h
# The server's own time per agent call (its access log): the upload without process start or
# evaluation on the host.
echo "server time per agent call:"
python3 - <<'PY'
import json, statistics
fetches = {}
runs = 0
for line in open("server.log"):
    if not line.startswith("{"):
        continue
    j = json.loads(line)
    if j.get("route") not in ("/api/v1/agent/policy", "/api/v1/agent/results"):
        continue
    if runs < 6:  # the three runs' fetch and upload
        print("  %s %s %s %.1f ms" % (j["method"], j["route"], j["status"], j["us"] / 1000))
        runs += 1
    else:
        fetches.setdefault(j["status"], []).append((j["us"] / 1000, j["bytes"]))
for status, calls in sorted(fetches.items()):
    ms = [c[0] for c in calls]
    print("  GET /api/v1/agent/policy %s x%d: median %.2f ms, min %.2f, max %.2f; %d body bytes each" % (
        status, len(ms), statistics.median(ms), min(ms), max(ms), calls[0][1]))
PY
kill $SP; wait $SP 2>/dev/null || true
echo "import (server stopped):"; t $B/src/app/qalxan import results.bundle --data data
ls -la results.bundle | awk '{print "bundle bytes:", $5}'

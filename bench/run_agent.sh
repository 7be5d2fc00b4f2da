#!/usr/bin/env bash
# Benchmark: qalxan-agent beside `oscap xccdf eval` (Debian 12's openscap-scanner) on the SCAP
# Security Guide's Debian 12 data stream, each profile evaluated by both on this machine in the
# same run: wall time, CPU time (user+sys), peak RSS (/usr/bin/time -v) and per-rule agreement.
# Usage: bench/run_agent.sh BUILD_DIR [PROFILE ...]
set -euo pipefail
build=${1:?usage: run_agent.sh BUILD_DIR [PROFILE ...]}
shift
profiles=("$@")
[ ${#profiles[@]} -gt 0 ] || profiles=(standard anssi_bp28_minimal anssi_bp28_intermediary anssi_bp28_enhanced anssi_bp28_high)
here=$(cd "$(dirname "$0")" && pwd)
agent="$build/src/agent_cli/qalxan-agent"
[ -x "$agent" ] || { echo "run_agent: build qalxan-agent first ($agent)" >&2; exit 2; }
command -v oscap >/dev/null || { echo "run_agent: oscap missing (scripts/install-deps.sh bench)" >&2; exit 2; }
data=${SSG_DIR:-$build/ssg}
"$here/agent/fetch_ssg.sh" "$data" >&2
ds="$data/ssg-debian12-ds.xml"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

measure() {  # file -> "wall_s cpu_s rss_mb"
  awk -F': ' '/Elapsed/ {n=split($2,t,":"); w=0; for(i=1;i<=n;i++) w=w*60+t[i]}
              /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {r=$2}
              END {printf "%.2f %.2f %.0f\n", w, u+s, r/1024}' "$1"
}

printf "%-26s %6s | %9s %9s %7s | %8s %8s %7s | %7s %7s | %s\n" profile rules \
  oscap_wall oscap_cpu rss_MB agent_wall agent_cpu rss_MB wall_x cpu_x agreement
for p in "${profiles[@]}"; do
  id="xccdf_org.ssgproject.content_profile_$p"
  /usr/bin/time -v -o "$out/oscap.time" oscap xccdf eval --profile "$id" --results "$out/oscap-$p.xml" \
    "$ds" >/dev/null 2>"$out/oscap-$p.err" || true   # oscap exits 2 when a rule fails
  /usr/bin/time -v -o "$out/agent.time" "$agent" run --policy "$ds" --profile "$p" --json \
    >"$out/agent-$p.json"
  read -r ow oc orss < <(measure "$out/oscap.time")
  read -r aw ac arss < <(measure "$out/agent.time")
  cmp=$(python3 "$here/agent/compare.py" "$out/oscap-$p.xml" "$out/agent-$p.json")
  rules=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['rules']))" "$out/agent-$p.json")
  printf "%-26s %6s | %9s %9s %7s | %8s %8s %7s | %7s %7s | %s\n" "$p" "$rules" "$ow" "$oc" "$orss" \
    "$aw" "$ac" "$arss" "$(awk -v a="$ow" -v b="$aw" 'BEGIN{printf "%.0f", a/(b>0?b:0.01)}')" \
    "$(awk -v a="$oc" -v b="$ac" 'BEGIN{printf "%.0f", a/(b>0?b:0.01)}')" "$(echo "$cmp" | head -1)"
  echo "$cmp" | tail -n +2 >&2
done

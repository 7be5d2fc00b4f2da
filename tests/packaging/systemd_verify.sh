#!/usr/bin/env bash
# Checks the agent's systemd units with `systemd-analyze verify` in a throwaway root that holds
# the units, the built qalxan-agent at the path ExecStart names, and the machine's own system
# units (for sysinit.target and timers.target). verify exits 0 even for an unknown key or a bad
# value, so any output fails the test too; a deliberately broken copy proves that it would.
# Usage: systemd_verify.sh UNIT_DIR AGENT_BINARY
set -euo pipefail
units="$1" agent="$2"
command -v systemd-analyze >/dev/null || { echo "systemd-analyze not found: install systemd (make deps-test)"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

make_root() {  # make_root DIR: a root with the units, the agent and mkdir
  mkdir -p "$1/usr/bin" "$1/etc/systemd/system" "$1/usr/lib/systemd"
  cp "$agent" "$1/usr/bin/qalxan-agent"
  cp "$(command -v mkdir)" "$1/usr/bin/mkdir"
  cp "$units"/qalxan-agent.service "$units"/qalxan-agent.timer "$units"/qalxan-agent-online.service \
     "$units"/qalxan-agent-online.timer "$1/etc/systemd/system/"
  ln -s /lib/systemd/system "$1/usr/lib/systemd/system"
}

verify() {  # verify ROOT: prints what systemd-analyze says; fails when it fails
  (cd "$1" && systemd-analyze verify --man=no --root="$1" qalxan-agent.service qalxan-agent.timer \
                qalxan-agent-online.service qalxan-agent-online.timer 2>&1)
}

make_root "$work/good"
if ! out="$(verify "$work/good")" || [ -n "$out" ]; then
  echo "systemd-analyze verify found problems in $units:"
  echo "$out"
  exit 1
fi

make_root "$work/broken"
sed -i 's/^OnUnitActiveSec=.*/OnUnitActiveSec=6x/' "$work/broken/etc/systemd/system/qalxan-agent.timer"
if out="$(verify "$work/broken")" && [ -z "$out" ]; then
  echo "a timer with a bad value passed: the check cannot fail"
  exit 1
fi
echo "systemd units verified: qalxan-agent{,-online}.service, qalxan-agent{,-online}.timer"

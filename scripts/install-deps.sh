#!/usr/bin/env bash
# Installs the Debian packages Qalxan needs, and only the missing ones.
# Usage: scripts/install-deps.sh build|test|bench|postgres ...
set -euo pipefail

build=(cmake g++ make pkg-config ccache
       libboost1.81-dev libboost-json1.81-dev
       libsqlite3-dev libpq-dev libsodium-dev libssl-dev
       libspdlog-dev libfmt-dev libtomlplusplus-dev libcli11-dev libexpected-dev
       zlib1g-dev libcurl4-openssl-dev libxml2-dev libyaml-cpp-dev libpcre2-dev)
# postgresql: the throwaway cluster the store and integration tests also run against.
test=(libgtest-dev libgmock-dev chromium curl openssl python3 postgresql
      openscap-scanner systemd)  # oscap reads the agent's ARF results; systemd-analyze checks its units
bench=(libbenchmark-dev wrk nginx-light time python3 ripgrep openscap-scanner)
postgres=(postgresql libpq-dev)  # a server for a deployment or a benchmark

wanted=()
for group in "$@"; do
  case "$group" in
    build) wanted+=("${build[@]}") ;;
    test) wanted+=("${build[@]}" "${test[@]}") ;;
    bench) wanted+=("${build[@]}" "${bench[@]}") ;;
    postgres) wanted+=("${postgres[@]}") ;;
    *) echo "install-deps: unknown group '$group'" >&2; exit 2 ;;
  esac
done

# Node.js: a machine that already has node and npm (Debian's or another packaging) keeps them;
# otherwise Debian's.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  wanted+=(nodejs npm)
fi

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
readarray -t missing < <(printf "%s\n" "${missing[@]}" | sort -u)

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

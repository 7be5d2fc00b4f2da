#!/usr/bin/env bash
# Fetches the SCAP Security Guide's Debian 12 data stream (ssg-debian12-ds.xml), which Debian 12's
# own ssg-debian (0.1.65) lacks but ssg-debian 0.1.76 from Debian's trixie suite ships.
# The package is downloaded with a private apt configuration (its own sources list, lists and
# cache in a temporary directory): the machine's own sources are never changed.
# Usage: bench/agent/fetch_ssg.sh DEST_DIR   -> DEST_DIR/ssg-debian12-ds.xml
set -euo pipefail
dest=${1:?usage: fetch_ssg.sh DEST_DIR}
version=${SSG_VERSION:-0.1.76-1}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$dest"
[ -s "$dest/ssg-debian12-ds.xml" ] && exit 0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/archives/partial" "$tmp/etc/preferences.d" "$tmp/pkg"
echo "deb $mirror trixie main" > "$tmp/etc/sources.list"
apt_opts=(-o Dir::Etc::SourceList="$tmp/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o Dir::Etc::PreferencesParts="$tmp/etc/preferences.d"
          -o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp" -o Dir::Cache::Archives="$tmp/archives"
          -o Dir::State::status=/dev/null -o APT::Get::List-Cleanup=0 -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" update -qq
(cd "$tmp/pkg" && apt-get "${apt_opts[@]}" download "ssg-debian=$version")
dpkg -x "$tmp"/pkg/ssg-debian_*.deb "$tmp/unpacked"
found=$(find "$tmp/unpacked" -name ssg-debian12-ds.xml | head -1)
[ -n "$found" ] || { echo "fetch_ssg: ssg-debian12-ds.xml not in the package" >&2; exit 1; }
cp "$found" "$dest/ssg-debian12-ds.xml"
echo "fetch_ssg: $dest/ssg-debian12-ds.xml ($(stat -c %s "$dest/ssg-debian12-ds.xml") bytes)"

#!/usr/bin/env bash
# Debian's docker-registry for the pull tests, unpacked into Berth's cache (no service installed or started):
# the tests serve it on a loopback port of their own, with images pushed into it.
set -euo pipefail
root=$(bash "$(dirname "$0")/binaries.sh" registry)
echo "registry: $("$root/usr/bin/docker-registry" --version | awk '{print $NF}') at $root/usr/bin/docker-registry"

#!/usr/bin/env bash
# Command-line tools the tests compare Berth against: Debian's docker-compose (its `config` needs no engine).
# Installed through apt only when missing; a second run only checks.
set -euo pipefail
if command -v docker-compose >/dev/null 2>&1; then
  echo "tools: docker-compose present ($(docker-compose version --short 2>/dev/null || echo unknown version))"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends docker-compose >/dev/null 2>&1 ||
  { apt-get update >/dev/null && apt-get install -y --no-install-recommends docker-compose >/dev/null; }
echo "tools: docker-compose $(docker-compose version --short 2>/dev/null || echo installed)"

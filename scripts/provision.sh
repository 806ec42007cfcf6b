#!/usr/bin/env bash
# Installs and starts what the suites need. Idempotent: a second run only checks.
#   engines.sh      Debian docker.io + podman, started (no systemd here)
#   images.sh       local test images built from host binaries (no registry is reachable)
#   vscode-host.sh  Debian Chromium + a cached code-server and playwright-core
#   tools.sh        Debian docker-compose (the compose parity test compares against its `config`)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for step in engines images vscode-host tools; do
  [ -f "$here/provision/$step.sh" ] && bash "$here/provision/$step.sh"
done

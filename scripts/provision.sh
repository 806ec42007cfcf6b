#!/usr/bin/env bash
# What the suites need (`npm run provision`; `npm test` runs it). Idempotent: a second run only checks. It uses the
# engines that answer and changes nothing under /etc; what it writes lives in Berth's cache (~/.cache/berth).
#   engines.sh      the engines that answer; only on a bare Debian/Ubuntu machine as root: Debian's docker.io + podman
#   images.sh       offline stand-ins for postgres:16-alpine, redis:7-alpine, busybox:stable where they are missing
#   registry.sh     Debian's docker-registry unpacked into the cache, for the pull tests (served on loopback by them)
#   vscode-host.sh  Debian Chromium + a cached code-server and playwright-core
#   tools.sh        Debian docker-compose (the compose parity test compares against its `config`) and neovim
#                   (its LSP client drives `berth lsp` in test/cli/neovim.test.ts)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for step in engines images registry vscode-host tools; do
  [ -f "$here/provision/$step.sh" ] && bash "$here/provision/$step.sh"
done

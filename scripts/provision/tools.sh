#!/usr/bin/env bash
# Command-line tools the tests compare Berth against or drive it from, each through apt only when missing (a
# second run only checks): Debian's docker-compose (its `config` needs no engine) and neovim (its built-in LSP
# client runs `berth lsp` in test/cli/neovim.test.ts), openssh-server (sshd for the ssh engine tests).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt_install() {
  apt-get install -y --no-install-recommends "$1" >/dev/null 2>&1 ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends "$1" >/dev/null; }
}
if command -v docker-compose >/dev/null 2>&1; then
  echo "tools: docker-compose present ($(docker-compose version --short 2>/dev/null || echo unknown version))"
else
  apt_install docker-compose
  echo "tools: docker-compose $(docker-compose version --short 2>/dev/null || echo installed)"
fi
if command -v nvim >/dev/null 2>&1; then
  echo "tools: neovim present ($(nvim --version | head -1))"
else
  apt_install neovim
  echo "tools: $(nvim --version | head -1)"
fi
# openssh-server: the ssh engine tests start their own sshd (own config, key and port; the system's is never
# enabled or started).
if [ -x /usr/sbin/sshd ]; then
  echo "tools: openssh-server present ($(ssh -V 2>&1))"
else
  apt_install openssh-server
  echo "tools: openssh-server installed ($(ssh -V 2>&1))"
fi

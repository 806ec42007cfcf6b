#!/usr/bin/env bash
# Command-line tools the tests compare Berth against or drive it from, each through apt only when missing (a
# second run only checks): Debian's docker-compose (its `config` needs no engine) and neovim (its built-in LSP
# client runs `berth lsp` in test/cli/neovim.test.ts), openssh-server (sshd for the ssh engine tests).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
# Installed with apt only on a bare Debian/Ubuntu machine as root (CI, a fresh VM), as engines.sh decides; elsewhere
# (a developer's laptop, another distribution) nothing is installed: the missing tool is named, and the tests that
# drive it fail saying so.
bare=0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ -r /etc/os-release ] \
  && grep -Eq '^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b' /etc/os-release; then bare=1; fi
apt_install() {
  if [ "$bare" != 1 ]; then
    echo "tools: $1 is missing and is not installed here (not a Debian/Ubuntu machine as root): install it yourself for the tests that use it" >&2
    return 1
  fi
  # Called in `&&` lists, where set -e does not act: a failed install on a bare machine stops provisioning here.
  apt-get install -y --no-install-recommends "$1" >/dev/null 2>&1 ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends "$1" >/dev/null; } || exit 1
}
if command -v docker-compose >/dev/null 2>&1; then
  echo "tools: docker-compose present ($(docker-compose version --short 2>/dev/null || echo unknown version))"
else
  apt_install docker-compose && echo "tools: docker-compose $(docker-compose version --short 2>/dev/null || echo installed)"
fi
if command -v nvim >/dev/null 2>&1; then
  echo "tools: neovim present ($(nvim --version | head -1))"
else
  apt_install neovim && echo "tools: $(nvim --version | head -1)"
fi
# openssh-server: the ssh engine tests start their own sshd (own config, key and port; the system's is never
# enabled or started).
if [ -x /usr/sbin/sshd ]; then
  echo "tools: openssh-server present ($(ssh -V 2>&1))"
else
  apt_install openssh-server && echo "tools: openssh-server installed ($(ssh -V 2>&1))"
fi
exit 0

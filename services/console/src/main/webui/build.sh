#!/usr/bin/env bash
# Builds the console's single-page app into $1 (run by Maven). Installs the npm packages (the versions
# of package-lock.json) only when the lock file changed since the last install. `npm install`, not
# `npm ci`: the registry mirror here lacks other platforms' optional packages (e.g. rollup's Android and
# macOS binaries), which the lock then cannot list, and `npm ci` refuses such a lock.
set -euo pipefail
out=${1:?output folder}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "console: Node.js and npm are needed to build the web console (install them, e.g. apt-get install nodejs npm)." >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund --no-save --loglevel=error
fi
SIDAN_CONSOLE_OUT="$out" npm run --silent build

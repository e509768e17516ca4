#!/usr/bin/env bash
# Builds the console's single-page app into $1 (run by Maven). Installs the npm packages only when
# package-lock.json changed since the last install.
set -euo pipefail
out=${1:?output folder}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "console: Node.js and npm are needed to build the web console (install them, e.g. apt-get install nodejs npm)." >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
SIDAN_CONSOLE_OUT="$out" npm run --silent build

#!/usr/bin/env bash
# Lints an OpenAPI document ($1) as clients and reviewers do: Spectral with its spectral:oas ruleset and
# Redocly with its recommended rules. Exits non-zero when either finds an error (warnings are printed,
# not fatal). Installs the locked npm packages on first use, or when the lock file changed, as the
# console's build does (`npm install`, not `npm ci`, for the same reason: see services/console).
set -euo pipefail
doc=$(cd "$(dirname "${1:?OpenAPI document}")" && pwd)/$(basename "$1")
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "openapi-lint: Node.js and npm are needed (install them, e.g. apt-get install nodejs npm)." >&2
  exit 2
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund --no-save --loglevel=error >&2
fi
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
status=0
echo "== Spectral (spectral:oas)"
node_modules/.bin/spectral lint --ruleset .spectral.yaml --fail-severity error --format text "$doc" || status=1
echo
echo "== Redocly (recommended)"
node_modules/.bin/redocly lint --config redocly.yaml --format stylish "$doc" || status=1
exit $status

#!/usr/bin/env bash
# The Sightline demo: Prometheus with 30 days of history, a live simulator, ClickHouse
# request logs and the app on http://localhost:3000. Usage: npm run demo [-- --reset]
set -euo pipefail
cd "$(dirname "$0")/.."

# npm writes node_modules/.package-lock.json: its age is the install's age
stamp=node_modules/.package-lock.json
[ -f "$stamp" ] || stamp=node_modules
if [ ! -d node_modules ] || [ package-lock.json -nt "$stamp" ]; then
  echo "installing dependencies (node_modules is missing or older than package-lock.json)"
  # exactly the committed lock file (docs/deploying.md)
  npm ci --no-audit --no-fund
fi

exec node --conditions=react-server --import tsx scripts/demo/main.ts "$@"

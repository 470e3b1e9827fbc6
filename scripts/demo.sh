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
  # npm 11 writes lock files without other platforms' optional packages and then refuses
  # them in `npm ci`; `npm install` installs the locked versions and leaves the lock as is.
  npm install --no-audit --no-fund
fi

exec node --conditions=react-server --import tsx scripts/demo/main.ts "$@"

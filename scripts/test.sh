#!/usr/bin/env bash
# npm test: every check, from a fresh clone on a fresh machine. Installs what the tests
# need (npm packages; Debian's prometheus, victoria-metrics and chromium are installed by the
# test setup).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n== %s\n' "$1"; }

# Exactly the committed lock file, as a deployment installs (docs/deploying.md).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci (the committed lock file)"
  npm ci --no-audit --no-fund
fi

step "lint (eslint, zero warnings)"
npx eslint . --max-warnings 0
step "typecheck"
npx tsc --noEmit
step "format check"
npx prettier --check . --log-level warn
step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile=test-results/unit.json
step "integration tests (real Prometheus and VictoriaMetrics, embedded ClickHouse)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile=test-results/integration.json
step "production build"
npx next build
step "end-to-end tests (Chromium)"
npx vitest run --project e2e --reporter=default --reporter=json --outputFile=test-results/e2e.json

# One closing line over every suite, in the plain form CI reads.
node -e '
let p = 0, f = 0;
for (const s of ["unit", "integration", "e2e"]) {
  const r = require(`./test-results/${s}.json`);
  p += r.numPassedTests; f += r.numFailedTests + r.numPendingTests;
}
console.log(`\ntotal: ${p} passed, ${f} failed`); // skipped tests count as failed here
process.exit(f ? 1 : 0);
'

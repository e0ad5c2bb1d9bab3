#!/usr/bin/env bash
# `npm test`: the whole suite — lint, typecheck, unit, integration (real Postgres, real Docker,
# the real runner image) and Playwright (Debian's Chromium) — installing what it needs first.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --browser || exit 1

failed=()
step() {
  local name=$1; shift
  echo; echo "━━ $name ━━"
  if "$@"; then echo "✓ $name"; else echo "✗ $name"; failed+=("$name"); fi
}

# The build comes first: integration tests serve it over HTTP, and its route types are checked.
# Skipped when .next already holds a build of these sources (the same check `npm start` makes).
step "web build" bash scripts/build-web.sh /tmp/skriptoteket-test-build.log
step "lint" npx eslint . --max-warnings=0
step "typecheck" npx tsc --noEmit
step "unit + integration" npx vitest run
step "browser (Playwright)" npx playwright test

echo
if [ ${#failed[@]} -eq 0 ]; then
  echo "All test steps passed."
  exit 0
fi
echo "Failed steps: ${failed[*]}"
exit 1

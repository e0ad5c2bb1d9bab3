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
# Each step's output is kept too, so that the end of the run can repeat what failed: CI shows
# only the tail, after Playwright's output.
vitest_log=$(mktemp -t skriptoteket-vitest-XXXXXX.log)
playwright_log=$(mktemp -t skriptoteket-playwright-XXXXXX.log)
trap 'rm -f "$vitest_log" "$playwright_log"' EXIT
step "unit + integration" bash -o pipefail -c 'npx vitest run 2>&1 | tee "$0"' "$vitest_log"
step "browser (Playwright)" bash -o pipefail -c 'npx playwright test 2>&1 | tee "$0"' "$playwright_log"

echo
if [ ${#failed[@]} -eq 0 ]; then
  echo "All test steps passed."
  exit 0
fi
# The failures again, without colours: vitest's "FAIL file > test" lines and the first lines of
# each error; Playwright's list of failed and flaky journeys.
strip() { sed -E 's/\x1b\[[0-9;]*m//g' "$1"; }
for name in "${failed[@]}"; do
  case $name in
    "unit + integration") echo "── failed in unit + integration:"; strip "$vitest_log" | grep -E -A6 "^ *FAIL " | head -n 120 ;;
    "browser (Playwright)") echo "── failed in Playwright:"; strip "$playwright_log" | grep -E "^ +[0-9]+ (failed|flaky)|^ +\[chromium\]|✘" | head -n 60 ;;
  esac
done
echo "Failed steps: ${failed[*]}"
exit 1

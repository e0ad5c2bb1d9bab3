#!/usr/bin/env bash
# `npm start`: everything from a fresh clone to a running app on http://localhost:3000.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

# Build the web app when its sources changed since the last build.
build_hash=$(git ls-files -s src public next.config.mjs postcss.config.mjs tsconfig.json package-lock.json 2>/dev/null | sha256sum | cut -c1-16)
build_hash="$build_hash-$(git diff --stat -- src public 2>/dev/null | sha256sum | cut -c1-8)"
if [ ! -f .next/BUILD_ID ] || [ "$(cat .next/.skriptoteket-build-hash 2>/dev/null)" != "$build_hash" ]; then
  echo "start: building the web app (next build)" >&2
  npx next build >/tmp/skriptoteket-next-build.log 2>&1 || { tail -40 /tmp/skriptoteket-next-build.log; exit 1; }
  echo "$build_hash" > .next/.skriptoteket-build-hash
fi

exec node --conditions react-server --import tsx src/cli/index.ts start "$@"

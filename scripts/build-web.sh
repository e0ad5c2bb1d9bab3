#!/usr/bin/env bash
# Builds the web app (`next build`) unless .next already holds a build of exactly these sources.
# Used by `npm start` and `npm test`. Usage: build-web.sh [log file]
#
# The stamp is a hash of the contents of everything `next build` reads (tracked or not, so new
# files count too, and no git is needed) next to the BUILD_ID it produced: a `next build` run by
# hand replaces BUILD_ID and so voids the stamp. The stamp is removed before building, so a build
# that fails half-way is never taken for a good one.
set -euo pipefail
cd "$(dirname "$0")/.."

LOG=${1:-/tmp/skriptoteket-next-build.log}
STAMP=.next/.skriptoteket-build-hash

build_hash=$(
  { find src public -type f -print0; printf '%s\0' next.config.mjs postcss.config.mjs tsconfig.json package-lock.json; } |
    LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
)
if [ -f .next/BUILD_ID ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$build_hash $(cat .next/BUILD_ID)" ]; then
  exit 0
fi

echo "build-web: building the web app (next build; log: $LOG)" >&2
rm -f "$STAMP"
npx next build >"$LOG" 2>&1 || { tail -40 "$LOG" >&2; exit 1; }
echo "$build_hash $(cat .next/BUILD_ID)" >"$STAMP"

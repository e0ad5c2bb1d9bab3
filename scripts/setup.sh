#!/usr/bin/env bash
# Brings a machine (a fresh clone, CI, a developer's) up to what Skriptoteket needs, installing
# only what is missing: Node dependencies, a Docker daemon, the runner image and, with
# --browser, Debian's Chromium for the Playwright tests. Idempotent and fast when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
for arg in "$@"; do [ "$arg" = "--browser" ] && want_browser=1; done

say() { echo "setup: $*" >&2; }

# 0. Node itself (package.json "engines"): older versions fail later, far from the cause.
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' ||
  { say "Node.js 20.19 or newer is needed (this is $(node --version 2>/dev/null || echo 'no node'))"; exit 1; }

# 1. Node dependencies, exactly as locked. The stamp makes a second start skip `npm ci`.
lock_hash=$(sha256sum package-lock.json | cut -c1-16)
if [ ! -f node_modules/.skriptoteket-lock-hash ] || [ "$(cat node_modules/.skriptoteket-lock-hash)" != "$lock_hash" ]; then
  say "installing Node dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.skriptoteket-lock-hash
fi

# 2. Docker: the runner executes every tool in a fresh container.
bash scripts/ensure-docker.sh

# 3. The runner image, tagged by a hash of runner-image/ (a no-op when unchanged).
bash runner-image/build.sh >/dev/null

# 4. Chromium for the browser tests (Playwright cannot download its own browser here).
if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; } >/tmp/skriptoteket-chromium-apt.log 2>&1 ||
    { tail -n 20 /tmp/skriptoteket-chromium-apt.log >&2; say "installing chromium failed (needs root and Debian's apt)"; exit 1; }
fi

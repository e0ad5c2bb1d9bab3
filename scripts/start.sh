#!/usr/bin/env bash
# `npm start`: everything from a fresh clone to a running app on http://localhost:3000.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

# Build the web app when its sources changed since the last build.
bash scripts/build-web.sh

exec node --conditions react-server --import tsx src/cli/index.ts start "$@"

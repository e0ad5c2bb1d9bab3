#!/usr/bin/env bash
# Prints the runner image tag, `skriptoteket-runner:<hash>`, for the current contents of
# runner-image/. The TypeScript side (src/server/execution/runner-image.ts) computes the same
# value; the algorithm is specified in README.md ("Image tag") — change both or neither.
#
# hash = first 16 hex chars of sha256( concat over files, sorted bytewise by path, of
#          <relpath> NUL <hex sha256 of file content> LF )
# files = every regular file under runner-image/ (symlinks not followed), except README.md
#         at the top, anything under tests/ at the top, and anything inside a __pycache__
#         directory.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")"

find . -type f \
  ! -path './README.md' ! -path './tests/*' ! -path '*/__pycache__/*' -printf '%P\n' \
  | sort \
  | while IFS= read -r f; do
      h=$(sha256sum -- "$f")
      printf '%s\0%s\n' "$f" "${h%% *}"
    done \
  | sha256sum \
  | { read -r sum _; printf 'skriptoteket-runner:%s\n' "${sum:0:16}"; }

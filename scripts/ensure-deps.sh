#!/usr/bin/env bash
# npm dependencies (when node_modules is missing or older than package-lock.json) and the Prisma
# clients (when prisma/schema.prisma is newer than them). Used by `npm start` and `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x node_modules/.bin/tsx || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[deps] installing npm dependencies…" >&2
  npm install --no-audit --no-fund >&2
fi
if [[ ! -f generated/prisma/sqlite/client.ts || prisma/schema.prisma -nt generated/prisma/sqlite/client.ts ]]; then
  npm run --silent db:generate >&2
fi

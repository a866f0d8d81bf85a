#!/usr/bin/env bash
# npm dependencies (when node_modules is missing or older than package-lock.json), the Prisma
# clients (when prisma/schema.prisma is newer than them) and the compiled yz CLI (when a source is
# newer than it). Used by `npm start` and `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x node_modules/.bin/tsx || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[deps] installing npm dependencies…" >&2
  npm install --no-audit --no-fund >&2
fi
if [[ ! -f generated/prisma/sqlite/client.ts || prisma/schema.prisma -nt generated/prisma/sqlite/client.ts ]]; then
  npm run --silent db:generate >&2
fi
# The yz CLI compiled ahead of time (client/bin/yz.js falls back to tsx while it is missing or older
# than a source it was built from).
node scripts/build-cli.js --if-stale
# The web console (console/, served at /console/), built by Vite when a source is newer than it.
node scripts/build-console.js --if-stale

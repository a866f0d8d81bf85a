#!/usr/bin/env bash
# `npm start`: installs what is missing, then brings the whole system up (scripts/start.ts).
#  - npm dependencies, when node_modules is missing or older than package-lock.json
#  - the Temporal CLI (dev server + Web UI), when no TEMPORAL_ADDRESS is given and `temporal` is not
#    on PATH: go install …/temporal@v1.5.1 into the project's .tools/bin (or reused from the cache)
#  - the Prisma clients, when prisma/schema.prisma is newer than them
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh

if [[ -z "${TEMPORAL_ADDRESS:-}" ]]; then
  tools="$(YZ_TOOLS_BIN="$PWD/.tools/bin" bash scripts/ensure-tools.sh --cli-only)"
  TEMPORAL_CLI="$(sed -n 's/^TEMPORAL_CLI=//p' <<<"$tools")"
  export TEMPORAL_CLI
fi

# One process runs the worker, the API and the sink: a bounded heap and small young generations
# keep its memory flat, and two malloc arenas keep threads' freed memory from piling up (the same
# settings as a lone worker: config/env.ts WORKER_NODE_ARGS and WORKER_ENV).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec node --max-old-space-size=384 --max-semi-space-size=8 --import tsx scripts/start.ts

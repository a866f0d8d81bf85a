#!/usr/bin/env bash
# Runs one benchmark (`npm run bench -- <name> [args]`): makes sure the Temporal CLI is available,
# then runs bench/<name>/main.ts with tsx. Progress goes to stderr; each bench prints one JSON
# object of its figures as the last line on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

available() {
  local names=()
  for f in bench/*/main.ts; do
    [[ -f "$f" ]] && names+=("$(basename "$(dirname "$f")")")
  done
  echo "${names[*]:-(none)}"
}

name="${1:-}"
if [[ -z "$name" || "$name" == "-h" || "$name" == "--help" ]]; then
  echo "usage: npm run bench -- <name> [args...]   (available: $(available))" >&2
  exit 2
fi
shift
if [[ ! "$name" =~ ^[A-Za-z0-9_-]+$ || ! -f "bench/$name/main.ts" ]]; then
  echo "[bench] unknown bench \"$name\" (available: $(available))" >&2
  exit 2
fi

# A bench against an existing Temporal (TEMPORAL_ADDRESS) needs no local CLI.
if [[ -z "${TEMPORAL_ADDRESS:-}" ]]; then
  if tools="$(bash scripts/ensure-tools.sh)"; then
    cli="$(sed -n 's/^TEMPORAL_CLI=//p' <<<"$tools")"
    [[ -n "$cli" ]] && export TEMPORAL_CLI="$cli"
  else
    echo "[bench] scripts/ensure-tools.sh failed; trying the Temporal CLI found elsewhere" >&2
  fi
fi

# The notice benches compare against a plain job queue: BullMQ on a redis-server they start.
if [[ "$name" == announce || "$name" == campaign ]]; then
  if redis="$(bash scripts/ensure-redis.sh)"; then
    export YZ_REDIS_SERVER="$(sed -n 's/^REDIS_SERVER=//p' <<<"$redis")"
  else
    echo "[bench] scripts/ensure-redis.sh failed: the BullMQ peer needs redis-server" >&2
    exit 1
  fi
fi

# The city-scale bench runs on PostgreSQL: the project's own server unless one is given.
if [[ "$name" == scale && -z "${TEST_DATABASE_URL_PG:-}" ]]; then
  pg="$(bash scripts/ensure-postgres.sh)"
  export TEST_DATABASE_URL_PG="$(sed -n 's/^TEST_DATABASE_URL_PG=//p' <<<"$pg")"
fi

# `npm run bench -- campaign -- --people 300` passes the second `--` through: it separates nothing.
[[ "${1:-}" == -- ]] && shift
exec npx tsx "bench/$name/main.ts" "$@"

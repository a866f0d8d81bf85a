#!/usr/bin/env bash
# The project's test command (`npm test`): makes sure the Temporal servers are available, generates
# the Prisma clients, then runs vitest. Extra arguments go to `vitest run`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
tools="$(bash scripts/ensure-tools.sh)"
export TEMPORAL_CLI="$(sed -n 's/^TEMPORAL_CLI=//p' <<<"$tools")"
export TEMPORAL_TEST_SERVER="$(sed -n 's/^TEMPORAL_TEST_SERVER=//p' <<<"$tools")"

# Chinese fonts for PDF certificates (and pdftotext to read them back in tests).
export YZ_CJK_FONT="$(bash scripts/ensure-fonts.sh | sed -n 's/^YZ_CJK_FONT=//p')"

# Chromium for the console's browser tests (test/console/), Debian's package.
export YZ_CHROMIUM="$(bash scripts/ensure-chromium.sh | sed -n 's/^CHROMIUM=//p')"

# PostgreSQL too, so the database tests run on both providers (YZ_TEST_PG=0 for SQLite only).
if [[ -z "${TEST_DATABASE_URL_PG:-}" && "${YZ_TEST_PG:-1}" == 1 ]]; then
  pg="$(bash scripts/ensure-postgres.sh)"
  export TEST_DATABASE_URL_PG="$(sed -n 's/^TEST_DATABASE_URL_PG=//p' <<<"$pg")"
fi

exec npx vitest run "$@"

#!/usr/bin/env bash
# `npm run screenshots`: photographs the console's main pages into docs/screenshots/*.png with
# Debian's Chromium, on a fresh test system (Temporal dev server, database, SMTP sink, worker).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
tools="$(bash scripts/ensure-tools.sh)"
export TEMPORAL_CLI="$(sed -n 's/^TEMPORAL_CLI=//p' <<<"$tools")"
export TEMPORAL_TEST_SERVER="$(sed -n 's/^TEMPORAL_TEST_SERVER=//p' <<<"$tools")"
export YZ_CHROMIUM="$(bash scripts/ensure-chromium.sh | sed -n 's/^CHROMIUM=//p')"
exec npx vitest run --config test/console/screenshots.config.ts "$@"

#!/usr/bin/env bash
# Generates the Prisma clients for both providers from the one canonical schema.
# prisma/postgresql/schema.prisma is derived from prisma/schema.prisma (provider and output only).
# The native schema engine is not needed for `prisma generate`; the CLI only checks that a file
# exists at PRISMA_SCHEMA_ENGINE_BINARY, so a stub is given where no engine was downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p prisma/postgresql
{
  echo '// GENERATED from prisma/schema.prisma by scripts/prisma-generate.sh — do not edit.'
  sed -e 's/provider = "sqlite"/provider = "postgresql"/' \
      -e 's#output       = "../generated/prisma/sqlite"#output       = "../../generated/prisma/postgresql"#' \
      prisma/schema.prisma
} > prisma/postgresql/schema.prisma.tmp
if ! cmp -s prisma/postgresql/schema.prisma.tmp prisma/postgresql/schema.prisma 2>/dev/null; then
  mv prisma/postgresql/schema.prisma.tmp prisma/postgresql/schema.prisma
else
  rm prisma/postgresql/schema.prisma.tmp
fi
stub="${YZ_CACHE:-$HOME/.cache/yanzhen}/prisma-schema-engine-stub"
if [ -z "${PRISMA_SCHEMA_ENGINE_BINARY:-}" ]; then
  mkdir -p "$(dirname "$stub")"
  [ -f "$stub" ] || printf '#!/bin/sh\necho "schema engine stub: use npm run db:migrate" >&2\nexit 1\n' > "$stub"
  chmod +x "$stub"
  export PRISMA_SCHEMA_ENGINE_BINARY="$stub"
fi
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
npx prisma generate --schema prisma/schema.prisma >/dev/null
npx prisma generate --schema prisma/postgresql/schema.prisma >/dev/null
echo "prisma clients generated (generated/prisma/sqlite, generated/prisma/postgresql)"

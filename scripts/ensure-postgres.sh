#!/usr/bin/env bash
# A private PostgreSQL server for tests and CI: installs PostgreSQL if missing (Debian apt), creates
# a cluster under ${YZ_CACHE:-~/.cache/yanzhen}/pg once, starts it on 127.0.0.1:54329 (loopback only,
# trust auth) unless it is already running, and makes the superuser role and database `yanzhen`.
# Prints `TEST_DATABASE_URL_PG=...` on stdout (progress on stderr). Idempotent.
#   YZ_PG_PORT  port (default 54329)      YZ_PGDATA  data directory (default $YZ_CACHE/pg)
set -euo pipefail

YZ_CACHE="${YZ_CACHE:-$HOME/.cache/yanzhen}"
PORT="${YZ_PG_PORT:-54329}"
PGDATA="${YZ_PGDATA:-$YZ_CACHE/pg}"
URL="postgresql://yanzhen@127.0.0.1:$PORT/yanzhen"

log() { echo "[ensure-postgres] $*" >&2; }
die() {
  echo "[ensure-postgres] ERROR: $*" >&2
  exit 1
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# --- binaries -----------------------------------------------------------------------------------
if [[ -z "$(pg_bin)" || ! -x "$(pg_bin)/postgres" ]]; then
  [[ "$(id -u)" == 0 ]] || die "PostgreSQL is not installed and we are not root: apt-get install postgresql"
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is unavailable"
  log "installing PostgreSQL with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || die "apt-get update failed"
  apt-get install -y -qq postgresql >&2 || die "apt-get install postgresql failed"
fi
BIN="$(pg_bin)"
[[ -x "$BIN/postgres" ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"

# --- who runs the server: PostgreSQL refuses to run as root -------------------------------------
as_pg() { "$@"; }
if [[ "$(id -u)" == 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  as_pg() { runuser -u postgres -- "$@"; }
  # The postgres user must be able to reach the data directory; $HOME is often mode 700.
  mkdir -p "$PGDATA"
  if ! as_pg test -x "$PGDATA"; then
    if [[ -z "${YZ_PGDATA:-}" ]]; then
      fallback="/var/tmp/yanzhen-pg"
      log "user postgres cannot reach $PGDATA (a parent directory is private); using $fallback"
      rmdir "$PGDATA" 2>/dev/null || true
      PGDATA="$fallback"
      mkdir -p "$PGDATA"
    else
      die "user postgres cannot reach YZ_PGDATA=$PGDATA"
    fi
  fi
  chown postgres: "$PGDATA"
  chmod 700 "$PGDATA"
else
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
fi

# --- cluster ------------------------------------------------------------------------------------
if [[ ! -f "$PGDATA/PG_VERSION" ]]; then
  log "initdb $PGDATA"
  as_pg "$BIN/initdb" -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >/dev/null || as_pg "$BIN/initdb" -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C >/dev/null || die "initdb failed"
  # Loopback only, no unix socket, and durability traded for speed: this is a test database.
  as_pg tee -a "$PGDATA/postgresql.conf" >/dev/null <<EOF

# --- yanzhen test cluster (scripts/ensure-postgres.sh) ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
fi

pg_up() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2; }

if as_pg "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  log "already running ($PGDATA, port $PORT)"
elif pg_up; then
  log "a server already answers on 127.0.0.1:$PORT (not $PGDATA); reusing it"
else
  log "starting PostgreSQL on 127.0.0.1:$PORT ($PGDATA)"
  as_pg "$BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start >/dev/null ||
    {
      tail -n 20 "$PGDATA/server.log" >&2 || true
      die "pg_ctl start failed (log: $PGDATA/server.log)"
    }
fi
for _ in $(seq 1 50); do pg_up && break || sleep 0.2; done
pg_up || die "PostgreSQL does not answer on 127.0.0.1:$PORT"

# --- role and database --------------------------------------------------------------------------
psql_as() {
  local user="$1" db="$2" sql="$3"
  "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U "$user" -d "$db" -tAc "$sql"
}
admin=postgres
psql_as "$admin" postgres 'SELECT 1' >/dev/null 2>&1 || admin=yanzhen
psql_as "$admin" postgres 'SELECT 1' >/dev/null 2>&1 ||
  die "cannot connect to 127.0.0.1:$PORT as postgres or yanzhen (is another server on that port?)"
if [[ "$(psql_as "$admin" postgres "SELECT 1 FROM pg_roles WHERE rolname = 'yanzhen'")" != 1 ]]; then
  psql_as "$admin" postgres 'CREATE ROLE yanzhen LOGIN SUPERUSER' >/dev/null
fi
if [[ "$(psql_as "$admin" postgres "SELECT 1 FROM pg_database WHERE datname = 'yanzhen'")" != 1 ]]; then
  psql_as "$admin" postgres 'CREATE DATABASE yanzhen OWNER yanzhen' >/dev/null
fi
psql_as yanzhen yanzhen 'SELECT 1' >/dev/null || die "cannot connect as $URL"

echo "TEST_DATABASE_URL_PG=$URL"

#!/usr/bin/env bash
# redis-server for the notice benches' job-queue peer (BullMQ): installs Debian's redis-server
# package if it is missing (apt-get, as scripts/ensure-postgres.sh does for PostgreSQL). Starts
# nothing: each bench starts its own redis-server on a free loopback port, without persistence,
# in a temporary folder, and stops it. Prints `REDIS_SERVER=/path/to/redis-server` on stdout
# (progress on stderr). Idempotent.
set -euo pipefail

log() { echo "[ensure-redis] $*" >&2; }
die() {
  echo "[ensure-redis] ERROR: $*" >&2
  exit 1
}

if ! command -v redis-server >/dev/null 2>&1; then
  [[ "$(id -u)" == 0 ]] || die "redis-server is not installed and we are not root: apt-get install redis-server"
  command -v apt-get >/dev/null 2>&1 || die "redis-server is not installed and apt-get is unavailable"
  log "installing redis-server with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || die "apt-get update failed"
  apt-get install -y -qq redis-server >&2 || die "apt-get install redis-server failed"
  # The package's own service (port 6379) is not ours to run; the benches start their own.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now redis-server >&2 2>/dev/null || true; fi
fi
bin="$(command -v redis-server)" || die "no redis-server on PATH after installing"
log "$("$bin" --version)"
echo "REDIS_SERVER=$bin"

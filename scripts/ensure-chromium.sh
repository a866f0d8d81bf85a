#!/usr/bin/env bash
# Chromium for the console's browser tests (test/console/*.test.ts drive it with playwright-core;
# Playwright's own browser download is not reachable, Debian's package is). Quiet when a browser
# is present; prints CHROMIUM=<path>. YZ_CHROMIUM names another binary.
set -euo pipefail
for bin in "${YZ_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [[ -n "$bin" && -x "$bin" ]]; then
    echo "CHROMIUM=$bin"
    exit 0
  fi
done
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
  echo "[chromium] installing Debian's chromium…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2 ||
    { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2; }
  echo "CHROMIUM=/usr/bin/chromium"
  exit 0
fi
echo "[chromium] no chromium found: install it (apt-get install chromium) or set YZ_CHROMIUM" >&2
exit 1

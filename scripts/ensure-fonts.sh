#!/usr/bin/env bash
# Chinese fonts for PDF completion certificates (结业证书) and poppler's pdftotext, which the tests
# use to read the certificates back: Debian's fonts-noto-cjk and poppler-utils, installed with
# apt-get when missing. Prints `YZ_CJK_FONT=<path to NotoSansCJK-Regular.ttc>` on stdout.
set -euo pipefail
log() { echo "[ensure-fonts] $*" >&2; }
die() {
  echo "[ensure-fonts] ERROR: $*" >&2
  exit 1
}
find_font() {
  local f
  for f in "${YZ_CJK_FONT:-}" /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc; do
    [[ -n "$f" && -f "$f" ]] && echo "$f" && return 0
  done
  return 1
}
if ! find_font >/dev/null || ! command -v pdftotext >/dev/null 2>&1; then
  [[ "$(id -u)" == 0 ]] || die "fonts-noto-cjk or poppler-utils is missing and we are not root: apt-get install fonts-noto-cjk poppler-utils"
  command -v apt-get >/dev/null 2>&1 || die "fonts-noto-cjk is missing and apt-get is unavailable"
  log "installing fonts-noto-cjk and poppler-utils with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || die "apt-get update failed"
  apt-get install -y -qq fonts-noto-cjk poppler-utils >&2 || die "apt-get install fonts-noto-cjk poppler-utils failed"
fi
font="$(find_font)" || die "no Noto Sans CJK font after installing fonts-noto-cjk"
echo "YZ_CJK_FONT=$font"

#!/usr/bin/env bash
# Copies the SDF glyph ranges the map's labels use into dashboard/app/vendor/glyphs/ (committed, like the
# plotly.js bundle). Source: a checkout of protomaps/basemaps-assets (Noto Sans, SIL OFL 1.1, PBFs made with
# maplibre/font-maker). Usage: tools/glyphs/copy_glyphs.sh /path/to/basemaps-assets
set -euo pipefail
src=${1:?usage: $0 /path/to/basemaps-assets}
dest=$(cd "$(dirname "$0")/../.." && pwd)/dashboard/app/vendor/glyphs
# Latin, Latin Extended, combining marks and Greek, Cyrillic, punctuation (– ’ …). Regular: places; Medium:
# countries and regions; Italic: seas (English names only). Other ranges are answered empty by the app.
copy() {
  local font=$1; shift
  mkdir -p "$dest/$font"
  for range in "$@"; do cp "$src/fonts/$font/$range.pbf" "$dest/$font/$range.pbf"; done
}
rm -rf "$dest/Noto Sans "*
copy "Noto Sans Regular" 0-255 256-511 768-1023 1024-1279 8192-8447
copy "Noto Sans Medium" 0-255 256-511 1024-1279 8192-8447
copy "Noto Sans Italic" 0-255 256-511
cp "$src/fonts/OFL.txt" "$dest/OFL.txt"
du -sh "$dest"

#!/usr/bin/env bash
# Renders the hicolor PNG icons from resources/icons/rsmi-studio.svg. The PNGs are committed, so the
# build never needs this script: run it again only after changing the SVG.
# Needs rsvg-convert (Debian package librsvg2-bin).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
icons=$root/resources/icons
command -v rsvg-convert >/dev/null || { echo "make-icons.sh: needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 1; }
for size in 16 32 48 64 128 256; do
  rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio "$icons/rsmi-studio.svg" \
    --output "$icons/rsmi-studio-$size.png"
done
echo "wrote $icons/rsmi-studio-{16,32,48,64,128,256}.png"

#!/usr/bin/env bash
# Quick start: install what is missing, build, and start RSMI Studio.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"
exec "$root/${RSMI_BUILD_DIR:-build}/app/rsmi-studio" "$@"

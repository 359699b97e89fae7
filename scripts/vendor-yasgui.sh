#!/usr/bin/env bash
# Re-vendor the query UI editor: install @zazuko/yasgui from the npm registry into a temporary
# folder and copy its built, minified files into src/lisllm/server/static/yasgui/ (no source maps).
set -euo pipefail
VERSION="${1:-4.6.2}"
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts "@zazuko/yasgui@$VERSION" >/dev/null)
cp "$work/node_modules/@zazuko/yasgui/build/yasgui.min.js" "$work/node_modules/@zazuko/yasgui/build/yasgui.min.css" \
   src/lisllm/server/static/yasgui/
echo "vendored @zazuko/yasgui $VERSION into src/lisllm/server/static/yasgui/ (update LICENSE if the version changed)"

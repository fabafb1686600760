#!/usr/bin/env bash
# Refresh vendor/plotly-map-<version>.min.js: plotly.js's official "map" partial bundle from npm,
# at the plotly.js version of the installed Python plotly package (run after upgrading plotly).
# Needs node/npm; the app works without the file (it then falls back to Dash's full bundle).
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-$(.venv/bin/python -c 'from plotly.offline import get_plotlyjs_version as v; print(v())')}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "plotly.js@${version}" >/dev/null && tar -xzf "plotly.js-${version}.tgz")
rm -f vendor/plotly-map-*.min.js.gz
gzip -9 -n -c "$tmp/package/dist/plotly-map.min.js" > "vendor/plotly-map-${version}.min.js.gz"   # kept as sent
cp "$tmp/package/LICENSE" vendor/plotly.js-LICENSE
sha256sum "$tmp/package/dist/plotly-map.min.js"   # of the file as published (vendor/README.md)

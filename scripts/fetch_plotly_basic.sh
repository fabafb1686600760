#!/usr/bin/env bash
# Refresh vendor/plotly-basic-<version>.min.js.gz: plotly.js's official "basic" partial bundle
# (scatter, bar, pie — every chart this dashboard draws; maps are MapLibre's) from npm, at the
# plotly.js version of the installed Python plotly package. Needs npm. The app works without the
# file (dcc.Graph then loads Dash's full plotly.js bundle).
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-$(.venv/bin/python -c 'from plotly.offline import get_plotlyjs_version as v; print(v())')}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "plotly.js-basic-dist-min@${version}" >/dev/null && tar -xzf "plotly.js-basic-dist-min-${version}.tgz")
rm -f vendor/plotly-basic-*.min.js.gz
gzip -9 -n -c "$tmp/package/plotly-basic.min.js" > "vendor/plotly-basic-${version}.min.js.gz"   # kept as sent
cp "$tmp/package/LICENSE" vendor/plotly.js-LICENSE
sha256sum "$tmp/package/plotly-basic.min.js"   # of the file as published (vendor/README.md)

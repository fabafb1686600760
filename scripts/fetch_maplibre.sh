#!/usr/bin/env bash
# Refresh vendor/maplibre-gl-<version>/: MapLibre GL JS (ES module, its worker and CSS) from npm,
# stored gzipped as it is sent. Needs node/npm. Usage: scripts/fetch_maplibre.sh [version]
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-6.20.0}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "maplibre-gl@${version}" >/dev/null && tar -xzf "maplibre-gl-${version}.tgz")
rm -rf vendor/maplibre-gl-*
out="vendor/maplibre-gl-${version}"
mkdir -p "$out"
for f in maplibre-gl.mjs maplibre-gl-worker.mjs maplibre-gl.css; do
  # the published files carry a source-map comment pointing at maps we do not ship
  sed -e 's#//\# sourceMappingURL=.*$##' -e 's#/\*\# sourceMappingURL=.*\*/##' "$tmp/package/dist/$f" \
    | gzip -9 -n > "$out/$f.gz"
done
cp "$tmp/package/LICENSE.txt" "$out/LICENSE.txt"
(cd "$tmp/package/dist" && sha256sum maplibre-gl.mjs maplibre-gl-worker.mjs maplibre-gl.css)   # as published

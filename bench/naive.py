"""The naive baseline's map figure (bench only): one plotly ``choroplethmap`` trace with the
GeoJSON inline — what a textbook app re-sends on every switch."""

from __future__ import annotations

import gzip
import json

import numpy as np

from dashboard.palette import PALETTE, has_value, value_range


def naive_figure(units, ind, geo, geo_key: str, lang: str, *, context: tuple[str, ...], center, zoom) -> dict:
    """The whole map with its GeoJSON inline (what a naive app re-sends on every switch)."""

    def load(key: str) -> dict:
        return json.loads(gzip.decompress(geo.payload(key)))

    has = has_value(units)
    values = units["value"].to_numpy(float)
    lo, hi = value_range(values[has], robust=True)
    z = np.where(has, values, np.nan)
    layers = [{"sourcetype": "geojson", "source": load(k), "type": "line", "color": "#111111"} for k in context]
    return {
        "data": [
            {
                "type": "choroplethmap",
                "geojson": load(geo_key),
                "featureidkey": "id",
                "locations": units["code"].astype(str).tolist(),
                "z": [None if np.isnan(x) else float(x) for x in z],
                "zmin": lo,
                "zmax": hi,
                "colorscale": PALETTE,
                "marker": {"line": {"color": "#ffffff", "width": 0.5}},
                "colorbar": {"title": {"text": ind.unit(lang)}},
                "hovertemplate": "%{properties.name}: %{z}",
            }
        ],
        "layout": {
            "map": {
                "style": "white-bg",
                "center": {"lon": center[0], "lat": center[1]},
                "zoom": zoom,
                "layers": layers,
            },
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        },
    }

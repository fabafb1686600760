"""Figure builders: plain dicts (fast to serialise, no deep copies), unit-tested without Dash.

Maps are MapLibre ``choroplethmap`` traces on a blank style (no tiles, no network beyond our
own server); their GeoJSON is a URL to a versioned, cached route, so switching the indicator
or year sends only values (see :func:`focus_map_updates`).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from geodata.catalog import Indicator

from .i18n import fmt_number, fmt_pct, t, translate_mapping

#: ColorBrewer YlGnBu: sequential and colour-blind safe; greys below are outside its hues
PALETTE = [[0.0, "#ffffd9"], [0.125, "#edf8b1"], [0.25, "#c7e9b4"], [0.375, "#7fcdbb"], [0.5, "#41b6c4"],
           [0.625, "#1d91c0"], [0.75, "#225ea8"], [0.875, "#253494"], [1.0, "#081d58"]]
NO_VALUE_STYLES = (("secret", "#3b3b3b"), ("missing_or_secret", "#666666"), ("missing", "#8c8c8c"))  # each ≥ 3:1 on white
REST_COLOR = "#f0f0f0"
ROLE_STYLE = {
    "focus_area": {"color": "#0b3c8c", "dash": "solid", "width": 4, "symbol": "circle"},
    "rest_of_gemeente": {"color": "#b8510d", "dash": "dash", "width": 2.5, "symbol": "square"},
    "gemeente": {"color": "#5a5a5a", "dash": "dot", "width": 2.5, "symbol": "diamond"},
    "nl": {"color": "#111111", "dash": "longdash", "width": 2, "symbol": "x"},
    "focus_average": {"color": "#6a3d9a", "dash": "dashdot", "width": 2, "symbol": "triangle-up"},
}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def separators(lang: str) -> str:
    """Plotly ``separators``: decimal then thousands."""
    return ",." if lang == "nl" else ".,"


def status_label(status: str, lang: str) -> str:
    key = f"status_{status}"
    try:
        return t(key, lang)
    except KeyError:
        return status


def _range(values: np.ndarray, *, robust: bool = False) -> tuple[float, float]:
    """Colour range; ``robust`` clips to the 5th–95th percentile so one outlier (a business
    area with few inhabitants) does not wash out the rest — hover still shows exact values."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0, 1.0
    if robust and finite.size >= 12:
        lo, hi = (float(x) for x in np.percentile(finite, [5, 95]))
    else:
        lo, hi = float(finite.min()), float(finite.max())
    if math.isclose(lo, hi):
        pad = abs(lo) * 0.05 or 1.0
        lo, hi = lo - pad, hi + pad
    return lo, hi


# ----------------------------------------------------------------------------- maps
#
# Every trace of a map lists *all* units of its layer in a fixed order (``locations`` never
# changes while the geometry stays); a unit is drawn by the trace whose ``z`` is a number there
# and skipped (``null``) by the others. A switch of indicator or year therefore only sends ``z``
# arrays (plus range, colour-bar title and hover text), never locations or geometry.

#: maps with more units than this get lean hover text (status only where partial)
RICH_HOVER_MAX = 1500


def _has_value(units: pd.DataFrame) -> np.ndarray:
    return (units["status"].isin(["ok", "partial"]) & units["value"].notna()).to_numpy()


def _no_value_mask(units: pd.DataFrame, status: str, has: np.ndarray | None = None) -> np.ndarray:
    has = _has_value(units) if has is None else has
    st = units["status"].to_numpy()
    if status == "missing":  # anything else without a value counts as missing
        return ~has & ~np.isin(st, ["secret", "missing_or_secret"])
    return ~has & (st == status)


def _z(values: np.ndarray, mask: np.ndarray, decimals: int) -> list:
    rounded = np.round(values.astype(float), max(decimals, 0)).astype(object)
    rounded[~mask] = None
    return rounded.tolist()


def _value_hover(ind: Indicator, lang: str) -> str:
    fmt = f",.{max(ind.decimals, 0)}f"
    return ("<b>%{properties.name}</b><br>" + t("hover_value", lang) + ": %{z:" + fmt + "} " + ind.unit(lang)
            + "%{text}<extra></extra>")


def map_value_updates(units: pd.DataFrame, ind: Indicator, *, lang: str) -> dict[tuple, object]:
    """Everything of a map that depends on the indicator and year, as ``{path: value}`` (the
    callback turns it into a ``dash.Patch``; the initial figure is built from the same dict)."""
    has = _has_value(units)
    values = units["value"].to_numpy(float)
    lo, hi = _range(values[has], robust=True)
    rich = len(units) <= RICH_HOVER_MAX
    st = units["status"].to_numpy()
    if rich:
        mapping = units["mapping"].fillna("").astype(str).to_numpy() if "mapping" in units else np.full(len(units), "")
        text = [f"<br>{t('hover_status', lang)}: {status_label(s, lang)}"
                + (f"<br><i>{translate_mapping(m, lang)}</i>" if m and m != "bron" else "") if h else ""
                for s, m, h in zip(st, mapping, has)]
    else:
        text = np.where(has & (st == "partial"), f" ({status_label('partial', lang)})", "").tolist()
    updates: dict[tuple, object] = {
        ("data", 0, "z"): _z(values, has, ind.decimals),
        ("data", 0, "text"): text,
        ("data", 0, "zmin"): lo, ("data", 0, "zmax"): hi,
        ("data", 0, "name"): ind.name(lang),
        ("data", 0, "hovertemplate"): _value_hover(ind, lang),
        ("data", 0, "colorbar", "title", "text"): ind.unit(lang),
        ("data", 0, "showscale"): bool(has.any()),  # no colour bar without colours
    }
    for i, (status, _) in enumerate(NO_VALUE_STYLES, start=1):
        mask = _no_value_mask(units, status, has)
        z = np.full(len(mask), None, dtype=object)
        z[mask] = 1
        updates[("data", i, "z")] = z.tolist()
        updates[("data", i, "showlegend")] = bool(mask.any())
    return updates


def _apply(fig: dict, updates: dict[tuple, object]) -> dict:
    for path, value in updates.items():
        target = fig
        for key in path[:-1]:
            target = target.setdefault(key, {}) if isinstance(target, dict) else target[key]
        target[path[-1]] = value
    return fig


def make_map(units: pd.DataFrame, ind: Indicator, *, lang: str, geojson_url: str, rest_url: str | None = None,
             outline_url: str | None = None, center: tuple[float, float], zoom: float, uirevision: str,
             outline_width: float = 3, line_width: float = 0.8,
             fit_bounds: tuple[float, float, float, float] | None = None, big: bool = False) -> dict:
    """Choropleth of the units of one layer on a blank MapLibre style (no tiles, no network).

    ``units``: ``code, value, status`` (and ``mapping``). Units without a value are drawn in
    their own grey per status with a legend entry (never left out); names come from the
    GeoJSON's ``properties.name``. ``rest_url``: the rest of the municipality as a light-grey
    layer underneath; ``outline_url``: focus-area outlines as a dark line on top.
    """
    locations = units["code"].astype(str).tolist()
    marker = {"line": {"color": "#ffffff", "width": line_width}, "opacity": 0.95}
    data = [{"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "id", "locations": locations,
             "colorscale": PALETTE, "marker": marker, "showlegend": False,
             "colorbar": {"title": {"text": ""}, "thickness": 14, "len": 0.75}}]
    for status, color in NO_VALUE_STYLES:
        data.append({
            "type": "choroplethmap", "name": status_label(status, lang), "geojson": geojson_url,
            "featureidkey": "id", "locations": locations, "colorscale": [[0, color], [1, color]], "zmin": 0,
            "zmax": 1, "showscale": False, "marker": marker,
            "hovertemplate": "<b>%{properties.name}</b><br>" + t("hover_status", lang) + ": "
                             + status_label(status, lang) + "<extra></extra>",
        })
    layers = []
    if rest_url:
        layers.append({"sourcetype": "geojson", "source": rest_url, "type": "fill", "color": REST_COLOR,
                       "opacity": 1.0, "below": "traces"})
    if outline_url:
        layers.append({"sourcetype": "geojson", "source": outline_url, "type": "line", "color": "#111111",
                       "line": {"width": outline_width}})
    fig = {
        "data": data,
        "layout": {
            "map": {"style": "white-bg", "center": {"lon": center[0], "lat": center[1]}, "zoom": zoom,
                    "layers": layers, "uirevision": uirevision},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "legend": {"orientation": "h", "yanchor": "bottom", "y": 0.01, "x": 0.01,
                       "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 22 if big else 13}},
            "uirevision": uirevision, "separators": separators(lang),
            # projector mode: type readable from the back of a room
            "font": {"family": FONT, "size": 22 if big else 14, "color": "#000000" if big else "#1a1a1a"},
            "paper_bgcolor": "#ffffff",
            # assets/app.js fits the map to these bounds once per key, whatever the panel's size
            "meta": {"units": len(locations), "fit": list(fit_bounds) if fit_bounds else None, "fitkey": uirevision},
        },
    }
    return _apply(fig, map_value_updates(units, ind, lang=lang))


# ----------------------------------------------------------------------------- charts

def _axis(title: str = "") -> dict:
    return {"title": {"text": title}, "gridcolor": "#e3e3e3", "zerolinecolor": "#9a9a9a", "automargin": True,
            "tickfont": {"size": 13}}


def make_timeseries(bench: pd.DataFrame, ind: Indicator, *, lang: str, names: dict[str, str],
                    baseline: int | None) -> dict:
    """The focus area against the rest of its municipality, the municipality, the Netherlands and
    the 20-area average; partial values as open markers; the 0-meting as a vertical line."""
    data = []
    for role in ("focus_area", "rest_of_gemeente", "gemeente", "focus_average", "nl"):
        sub = bench[(bench["role"] == role) & bench["status"].isin(["ok", "partial"])].sort_values("period")
        if sub.empty:
            continue
        style = ROLE_STYLE[role]
        partial = (sub["status"] == "partial").to_numpy()
        symbols = [style["symbol"] + ("-open" if p else "") for p in partial]
        cov = [fmt_pct(c, lang) for c in sub["coverage"]]
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": names.get(role, role),
            "x": sub["period"].astype(int).tolist(), "y": [round(float(v), 6) for v in sub["value"]],
            "line": {"color": style["color"], "dash": style["dash"], "width": style["width"]},
            "marker": {"symbol": symbols, "size": 10 if role == "focus_area" else 8, "color": style["color"],
                       "line": {"width": 2, "color": style["color"]}},
            "customdata": [[fmt_number(v, ind.decimals, lang), status_label(s, lang), c]
                           for v, s, c in zip(sub["value"], sub["status"], cov)],
            "hovertemplate": "%{x}: <b>%{customdata[0]}</b> " + ind.unit(lang) + "<br>"
                             + t("hover_status", lang) + ": %{customdata[1]} · " + t("coverage", lang)
                             + " %{customdata[2]}<extra>" + names.get(role, role) + "</extra>",
        })
    shapes, annotations = [], []
    if baseline is not None:
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": baseline, "x1": baseline, "y0": 0,
                       "y1": 1, "line": {"color": "#444", "width": 1.5, "dash": "dot"}})
        annotations.append({"x": baseline, "y": 1.02, "xref": "x", "yref": "paper", "showarrow": False,
                            "text": t("baseline", lang) + f" {baseline}", "font": {"size": 13},
                            "xanchor": "left"})
    years = sorted({x for tr in data for x in tr["x"]})
    return {
        "data": data,
        "layout": {
            "xaxis": {**_axis(), "tickmode": "array", "tickvals": years, "ticktext": [str(y) for y in years]},
            "yaxis": _axis(ind.unit(lang)),
            "shapes": shapes, "annotations": annotations,
            "legend": {"orientation": "h", "y": -0.1, "yanchor": "top", "font": {"size": 13}},
            "margin": {"l": 10, "r": 10, "t": 30, "b": 10}, "hovermode": "closest",
            "separators": separators(lang), "font": {"family": FONT, "size": 14, "color": "#1a1a1a"},
            "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff", "uirevision": ind.id,
        },
    }


def make_ranking(rank: pd.DataFrame, ind: Indicator, *, lang: str, labels: dict[str, str]) -> dict:
    """Dot plot of the 20 areas for one year, each with its municipality and the Netherlands."""
    rank = rank.copy()
    rank["_sort"] = rank["value"].fillna(-np.inf if ind.direction != "lower_better" else np.inf)
    rank = rank.sort_values("_sort", ascending=ind.direction == "lower_better")
    y = rank["name"].tolist()
    has = rank["value"].notna()
    data = [
        {"type": "scatter", "mode": "markers", "name": labels["gemeente"], "y": y,
         "x": [None if pd.isna(v) else round(float(v), 6) for v in rank["gemeente_value"]],
         "marker": {"symbol": "diamond-open", "size": 11, "color": ROLE_STYLE["gemeente"]["color"],
                    "line": {"width": 2}},
         "customdata": rank["gemeente_name"].tolist(),
         "hovertemplate": "%{customdata}: %{x}<extra></extra>"},
        {"type": "scatter", "mode": "markers", "name": labels["focus_area"], "y": y,
         "x": [None if pd.isna(v) else round(float(v), 6) for v in rank["value"]],
         "marker": {"symbol": ["circle" if s == "ok" else "circle-open" for s in rank["status"]], "size": 13,
                    "color": ROLE_STYLE["focus_area"]["color"], "line": {"width": 2,
                                                                         "color": ROLE_STYLE["focus_area"]["color"]}},
         "customdata": [[fmt_number(v, ind.decimals, lang), status_label(s, lang)]
                        for v, s in zip(rank["value"], rank["status"])],
         "hovertemplate": "<b>%{y}</b>: %{customdata[0]} (%{customdata[1]})<extra></extra>"},
    ]
    shapes, annotations = [], []
    nl = rank["nl_value"].dropna()
    if len(nl):
        x = float(nl.iloc[0])
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
                       "line": {"color": "#111", "dash": "longdash", "width": 2}})
        annotations.append({"x": x, "y": 0, "yref": "paper", "yanchor": "top", "showarrow": False, "yshift": -22,
                            "text": f"{labels['nl']} {fmt_number(x, ind.decimals, lang)}", "font": {"size": 13}})
    missing = rank.loc[~has, "name"].tolist()
    return {
        "data": data,
        "layout": {
            "xaxis": _axis(ind.unit(lang)), "yaxis": {**_axis(), "autorange": "reversed", "type": "category"},
            "shapes": shapes, "annotations": annotations,
            "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "font": {"size": 13}},
            "margin": {"l": 10, "r": 20, "t": 40, "b": 40}, "separators": separators(lang),
            "font": {"family": FONT, "size": 14, "color": "#1a1a1a"},
            "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
            "meta": {"missing": missing},
        },
    }


def sparkline_svg(points: list[tuple[int, float]], *, x_range: tuple[float, float], y_range: tuple[float, float],
                  reference: list[tuple[int, float]] | None = None, width: int = 200, height: int = 60) -> str:
    """A tiny SVG line (cheap to draw: twenty of these replace a 20-subplot chart).

    >>> svg = sparkline_svg([(2020, 1.0), (2024, 2.0)], x_range=(2020, 2024), y_range=(0, 2))
    >>> svg.startswith("<svg") and "polyline" in svg
    True
    """
    pad = 6

    def xy(p: tuple[int, float]) -> tuple[float, float]:
        x0, x1 = x_range
        y0, y1 = y_range
        return (pad + (p[0] - x0) / ((x1 - x0) or 1) * (width - 2 * pad),
                height - pad - (p[1] - y0) / ((y1 - y0) or 1) * (height - 2 * pad))

    def pts(points_: list[tuple[int, float]]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in map(xy, points_))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">',
             f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#fff" stroke="#c9ced6"/>']
    if reference:
        parts.append(f'<polyline fill="none" stroke="#6b6b6b" stroke-width="1.5" stroke-dasharray="3 3" '
                     f'points="{pts(reference)}"/>')
    if points:
        color = ROLE_STYLE["focus_area"]["color"]
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2.5" points="{pts(points)}"/>')
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{color}"/>' for x, y in map(xy, points)]
    parts.append("</svg>")
    return "".join(parts)


def sparkline_data(series: pd.DataFrame, names: dict[str, str], nl: pd.DataFrame | None = None
                   ) -> tuple[dict[str, list[tuple[int, float]]], list[tuple[int, float]], tuple, tuple]:
    """Points per focus area (``series``: focus_area, period, value, status), the national
    reference and shared x and y ranges, so the small multiples are comparable."""
    ok = series[series["status"].isin(["ok", "partial"]) & series["value"].notna()]
    points = {fid: [(int(p), float(v)) for p, v in
                    ok[ok["focus_area"] == fid].sort_values("period")[["period", "value"]].itertuples(index=False)]
              for fid in names}
    ref = [] if nl is None else [(int(p), float(v)) for p, v in nl[["period", "value"]].itertuples(index=False)]
    values = [v for pts in points.values() for _, v in pts] + [v for _, v in ref]
    years = [p for pts in points.values() for p, _ in pts] + [p for p, _ in ref]
    y = _range(np.array(values, dtype=float)) if values else (0.0, 1.0)
    pad = (y[1] - y[0]) * 0.08
    x = (min(years), max(years)) if years else (0, 1)
    return points, ref, x, (y[0] - pad, y[1] + pad)


def _palette_color(x: float) -> str:
    """Colour of a normalised value (0–1) on PALETTE, linearly interpolated."""
    x = min(max(x, 0.0), 1.0)
    for (a, ca), (b, cb) in zip(PALETTE, PALETTE[1:]):
        if x <= b:
            f = (x - a) / ((b - a) or 1)
            rgb = [round(int(ca[i:i + 2], 16) * (1 - f) + int(cb[i:i + 2], 16) * f) for i in (1, 3, 5)]
            return "#" + "".join(f"{c:02x}" for c in rgb)
    return PALETTE[-1][1]


def static_map_svg(shapes: list[tuple[str, object]], units: pd.DataFrame, *, outline=None, context=None,
                   width: int = 520, height: int = 360) -> str:
    """A printable choropleth as SVG (no WebGL, no network): ``shapes`` are (code, shapely
    geometry in lon/lat); ``units`` the map's ``code, value, status``; ``outline`` a geometry
    drawn on top; ``context`` a geometry drawn underneath in light grey.

    >>> from shapely.geometry import box
    >>> u = pd.DataFrame({"code": ["a", "b"], "value": [1.0, None], "status": ["ok", "secret"]})
    >>> svg = static_map_svg([("a", box(5, 52, 5.1, 52.1)), ("b", box(5.1, 52, 5.2, 52.1))], u)
    >>> svg.count("<path"), "#3b3b3b" in svg
    (2, True)
    """
    import shapely

    geoms = [g for _, g in shapes] + ([outline] if outline is not None else [])
    minx, miny, maxx, maxy = shapely.total_bounds(geoms) if geoms else (0, 0, 1, 1)
    kx = math.cos(math.radians((miny + maxy) / 2))  # lon degrees are shorter than lat degrees here
    sx = (width - 8) / (((maxx - minx) * kx) or 1)
    sy = (height - 8) / ((maxy - miny) or 1)
    scale = min(sx, sy)

    def path(g) -> str:
        out = []
        for poly in shapely.get_parts(g):
            if poly.geom_type != "Polygon":
                continue
            for ring in [poly.exterior, *poly.interiors]:
                pts = [f"{4 + (x - minx) * kx * scale:.1f},{4 + (maxy - y) * scale:.1f}" for x, y in ring.coords]
                out.append("M" + "L".join(pts) + "Z")
        return "".join(out)

    by_code = units.set_index("code")
    has = _has_value(units)
    lo, hi = _range(units["value"].to_numpy(float)[has], robust=True)
    grey = dict(NO_VALUE_STYLES)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}">']
    if context is not None:
        parts.append(f'<path d="{path(context)}" fill="{REST_COLOR}" stroke="#cccccc" stroke-width="0.5"/>')
    for code, g in shapes:
        if code not in by_code.index:
            continue
        row = by_code.loc[code]
        if row["status"] in ("ok", "partial") and pd.notna(row["value"]):
            fill = _palette_color((float(row["value"]) - lo) / ((hi - lo) or 1))
        else:
            fill = grey.get(row["status"], grey["missing"])
        parts.append(f'<path d="{path(g)}" fill="{fill}" stroke="#ffffff" stroke-width="0.6" fill-rule="evenodd"/>')
    if outline is not None:
        parts.append(f'<path d="{path(outline)}" fill="none" stroke="#111111" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


def legend_svg(lo: float, hi: float, texts: tuple[str, str], width: int = 220) -> str:
    """A horizontal colour ramp with its end values, for the printed map."""
    stops = "".join(f'<stop offset="{p * 100:.0f}%" stop-color="{c}"/>' for p, c in PALETTE)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="34" viewBox="0 0 {width} 34">'
            f'<defs><linearGradient id="g">{stops}</linearGradient></defs>'
            f'<rect x="0" y="0" width="{width}" height="14" fill="url(#g)" stroke="#555"/>'
            f'<text x="0" y="30" font-size="12" font-family="sans-serif">{texts[0]}</text>'
            f'<text x="{width}" y="30" font-size="12" font-family="sans-serif" text-anchor="end">{texts[1]}</text></svg>')

"""Figure builders: plain dicts (fast to serialise, no deep copies), unit-tested without Dash.

Maps are drawn by MapLibre GL JS in the browser (assets/app.js; no tiles, no network beyond our
own server): geometry from versioned, cached GeoJSON URLs, colours from a per-switch payload of
values only (:func:`map_payload`), painted as MapLibre feature state.
"""
from __future__ import annotations

import math
import zlib

import numpy as np
import pandas as pd

from geodata.catalog import Indicator
from geodata.vocab import HAS_VALUE, Method, Status

from .i18n import fmt_number, fmt_pct, method_text, t

#: ColorBrewer YlGnBu: sequential and colour-blind safe; greys below are outside its hues
PALETTE = [[0.0, "#ffffd9"], [0.125, "#edf8b1"], [0.25, "#c7e9b4"], [0.375, "#7fcdbb"], [0.5, "#41b6c4"],
           [0.625, "#1d91c0"], [0.75, "#225ea8"], [0.875, "#253494"], [1.0, "#081d58"]]
#: greys for the statuses without a value, each ≥ 3:1 on white
NO_VALUE_STYLES = ((Status.SECRET, "#3b3b3b"), (Status.MISSING_OR_SECRET, "#666666"), (Status.MISSING, "#8c8c8c"))
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


def value_range(values: np.ndarray, *, robust: bool = False) -> tuple[float, float]:
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
# A map's geometry is drawn by MapLibre from a versioned GeoJSON URL (features in a fixed order;
# ``generateId`` numbers them 0…n-1), fetched once and cached. A switch of indicator or year
# fetches only a map payload (:func:`map_payload`, itself cached under a versioned URL): one
# number and one status digit per feature, in that order, plus the colour range and legend;
# assets/app.js paints them as MapLibre *feature state* (no re-tessellation, no plotly re-plot,
# no Dash re-render).

#: status → the digit sent per feature (0 and 1 carry a value)
STATUS_CODES = {Status.OK: 0, Status.PARTIAL: 1, Status.SECRET: 2, Status.MISSING_OR_SECRET: 3, Status.MISSING: 4}
#: maps with more units than this send no per-unit mapping notes for the hover
RICH_HOVER_MAX = 1500


def has_value(units: pd.DataFrame) -> np.ndarray:
    st = np.asarray(units["status"], dtype=object)
    return ((st == Status.OK) | (st == Status.PARTIAL)) & ~np.isnan(np.asarray(units["value"], dtype=float))


def _status_digits(units: pd.DataFrame, has: np.ndarray) -> np.ndarray:
    """One code per unit: anything without a value that is not (possibly) secret counts as missing."""
    st = np.asarray(units["status"], dtype=object)
    codes = np.full(len(units), STATUS_CODES[Status.MISSING], dtype=np.int8)
    codes[st == Status.SECRET] = STATUS_CODES[Status.SECRET]
    codes[st == Status.MISSING_OR_SECRET] = STATUS_CODES[Status.MISSING_OR_SECRET]
    codes[has] = STATUS_CODES[Status.OK]
    codes[has & (st == Status.PARTIAL)] = STATUS_CODES[Status.PARTIAL]
    return codes


def align_units(units: pd.DataFrame, codes: list[str] | tuple[str, ...] | pd.Index) -> pd.DataFrame:
    """``units`` in the order of the geometry's features; a feature without a row is ``missing``
    (shown as such, never left blank); rows without a feature are dropped (the first row of a
    duplicated code wins).

    >>> u = pd.DataFrame({"code": ["b", "x"], "value": [2.0, 9.0], "status": ["ok", "ok"]})
    >>> align_units(u, ["a", "b"])[["code", "value", "status"]].values.tolist()
    [['a', nan, 'missing'], ['b', 2.0, 'ok']]
    """
    index = codes if isinstance(codes, pd.Index) else pd.Index(list(codes))
    pos = index.get_indexer(np.asarray(units["code"], dtype=object))  # -1: no such feature
    rows = np.flatnonzero(pos >= 0)
    rows = rows[::-1]  # numpy fancy assignment keeps the last write: reversed, the first row wins
    value = np.full(len(index), np.nan)
    value[pos[rows]] = np.asarray(units["value"], dtype=float)[rows]
    status = np.full(len(index), Status.MISSING.value, dtype=object)
    status[pos[rows]] = np.asarray(units["status"], dtype=object)[rows]
    # object columns stay object (no conversion to Arrow strings: this runs on every map switch)
    out = {"code": pd.Series(np.asarray(index, dtype=object), dtype=object), "value": value,
           "status": pd.Series(status, dtype=object)}
    if "method" in units:
        method = np.full(len(index), None, dtype=object)
        method[pos[rows]] = np.asarray(units["method"], dtype=object)[rows]
        out["method"] = pd.Series(method, dtype=object)
    return pd.DataFrame(out)


def map_values(units: pd.DataFrame, ind: Indicator, *, lang: str, geojson_url: str) -> dict:
    """Everything of a map that depends on the indicator and year (a few bytes per feature).

    ``units`` must be aligned to the features of ``geojson_url`` (:func:`align_units`).
    ``v``: values rounded to the indicator's decimals (``None`` without a value); ``s``: one
    status digit per feature (:data:`STATUS_CODES`); ``lo``/``hi``: colour range.
    """
    has = has_value(units)
    values = units["value"].to_numpy(float)
    lo, hi = value_range(values[has], robust=True)
    rounded = np.round(values, max(ind.decimals, 0)).astype(object)
    rounded[~has] = None
    digits = _status_digits(units, has)
    out = {
        "geo": geojson_url,
        # identifies the painted state: the browser skips a repaint of identical values
        "token": f"{ind.id}|{lang}|{geojson_url}|{zlib.crc32(np.where(has, values, 0).tobytes() + digits.tobytes()):08x}",
        "v": rounded.tolist(), "s": (digits + 48).astype(np.uint8).tobytes().decode("ascii"),
        "lo": lo, "hi": hi, "dec": max(ind.decimals, 0), "unit": ind.unit(lang), "lang": lang,
        "palette": PALETTE,
        "greys": {str(STATUS_CODES[s]): c for s, c in NO_VALUE_STYLES},
        "labels": {"value": t("hover_value", lang), "status": t("hover_status", lang),
                   **{str(code): status_label(s, lang) for s, code in STATUS_CODES.items()}},
    }
    if len(units) <= RICH_HOVER_MAX and "method" in units:
        notes = units["method"].fillna("").astype(str).where(has, "")
        notes = notes.map(lambda m: "" if m in ("", Method.SOURCE) else method_text(m, lang))
        table = sorted(set(notes) - {""})
        if table:
            index = {m: i + 1 for i, m in enumerate(table)}
            out["m"] = [index.get(m, 0) for m in notes]
            out["ml"] = ["", *table]
    return out


def legend_spec(values: dict) -> dict:
    """What the map legend shows: the colour ramp with its range (clipped ends marked ≤ / ≥) and
    one grey swatch per status without a value that occurs on the map."""
    digits = set(values["s"])
    v = [x for x in values["v"] if x is not None]
    return {
        "unit": values["unit"], "lo": values["lo"], "hi": values["hi"], "dec": values["dec"],
        "ramp": [c for _, c in PALETTE], "has_values": bool(v),
        "clip_lo": bool(v) and min(v) < values["lo"], "clip_hi": bool(v) and max(v) > values["hi"],
        "greys": [(values["labels"][str(STATUS_CODES[s])], c) for s, c in NO_VALUE_STYLES
                  if str(STATUS_CODES[s]) in digits],
    }


def map_payload(units: pd.DataFrame, ind: Indicator, *, lang: str, geojson_url: str, fit: tuple[float, ...],
                fitkey: str, rest_url: str | None = None, outline_url: str | None = None,
                outline_width: float = 3, line_width: float = 0.8) -> dict:
    """What the browser needs to draw one map state: the layers (URLs of versioned GeoJSON), the
    bounds to fit once per ``fitkey``, the values (:func:`map_values`) and the legend."""
    values = map_values(units, ind, lang=lang, geojson_url=geojson_url)
    values["base"] = {"rest": rest_url, "outline": outline_url, "fit": [round(float(x), 5) for x in fit],
                      "fitkey": fitkey, "rest_color": REST_COLOR, "outline_width": outline_width,
                      "line_width": line_width}
    values["legend"] = legend_spec(values)
    values["legend"]["ramp_label"] = t("legend_ramp", lang, lo="{lo}", hi="{hi}")
    return values


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
        sub = bench[(bench["role"] == role) & bench["status"].isin(HAS_VALUE)].sort_values("period")
        if sub.empty:
            continue
        style = ROLE_STYLE[role]
        partial = (sub["status"] == Status.PARTIAL).to_numpy()
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
         "marker": {"symbol": ["circle" if s == Status.OK else "circle-open" for s in rank["status"]], "size": 13,
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
    ok = series[series["status"].isin(HAS_VALUE) & series["value"].notna()]
    points = {fid: [(int(p), float(v)) for p, v in
                    ok[ok["focus_area"] == fid].sort_values("period")[["period", "value"]].itertuples(index=False)]
              for fid in names}
    ref = [] if nl is None else [(int(p), float(v)) for p, v in nl[["period", "value"]].itertuples(index=False)]
    values = [v for pts in points.values() for _, v in pts] + [v for _, v in ref]
    years = [p for pts in points.values() for p, _ in pts] + [p for p, _ in ref]
    y = value_range(np.array(values, dtype=float)) if values else (0.0, 1.0)
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
    has = has_value(units)
    lo, hi = value_range(units["value"].to_numpy(float)[has], robust=True)
    grey = dict(NO_VALUE_STYLES)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}">']
    if context is not None:
        parts.append(f'<path d="{path(context)}" fill="{REST_COLOR}" stroke="#cccccc" stroke-width="0.5"/>')
    for code, g in shapes:
        if code not in by_code.index:
            continue
        row = by_code.loc[code]
        if row["status"] in HAS_VALUE and pd.notna(row["value"]):
            fill = _palette_color((float(row["value"]) - lo) / ((hi - lo) or 1))
        else:
            fill = grey.get(row["status"], grey[Status.MISSING])
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

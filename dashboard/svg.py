"""Static SVG graphics (no WebGL, no script): sparklines, the printable map and its legend."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from geodata.vocab import HAS_VALUE, Status

from .palette import NO_VALUE_STYLES, PALETTE, REST_COLOR, ROLE_STYLE, has_value, palette_color, value_range


def sparkline_svg(
    points: list[tuple[int, float]],
    *,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    reference: list[tuple[int, float]] | None = None,
    width: int = 200,
    height: int = 60,
) -> str:
    """A tiny SVG line (cheap to draw: twenty of these replace a 20-subplot chart).

    >>> svg = sparkline_svg([(2020, 1.0), (2024, 2.0)], x_range=(2020, 2024), y_range=(0, 2))
    >>> svg.startswith("<svg") and "polyline" in svg
    True
    """
    pad = 6

    def xy(p: tuple[int, float]) -> tuple[float, float]:
        x0, x1 = x_range
        y0, y1 = y_range
        return (
            pad + (p[0] - x0) / ((x1 - x0) or 1) * (width - 2 * pad),
            height - pad - (p[1] - y0) / ((y1 - y0) or 1) * (height - 2 * pad),
        )

    def pts(points_: list[tuple[int, float]]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in map(xy, points_))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#fff" stroke="#c9ced6"/>',
    ]
    if reference:
        parts.append(
            f'<polyline fill="none" stroke="#6b6b6b" stroke-width="1.5" stroke-dasharray="3 3" '
            f'points="{pts(reference)}"/>'
        )
    if points:
        color = ROLE_STYLE["focus_area"]["color"]
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2.5" points="{pts(points)}"/>')
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{color}"/>' for x, y in map(xy, points)]
    parts.append("</svg>")
    return "".join(parts)


def sparkline_data(
    series: pd.DataFrame, names: dict[str, str], nl: pd.DataFrame | None = None
) -> tuple[dict[str, list[tuple[int, float]]], list[tuple[int, float]], tuple, tuple]:
    """Points per focus area (``series``: focus_area, period, value, status), the national
    reference and shared x and y ranges, so the small multiples are comparable."""
    ok = series[series["status"].isin(HAS_VALUE) & series["value"].notna()]
    points = {
        fid: [
            (int(p), float(v))
            for p, v in ok[ok["focus_area"] == fid].sort_values("period")[["period", "value"]].itertuples(index=False)
        ]
        for fid in names
    }
    ref = [] if nl is None else [(int(p), float(v)) for p, v in nl[["period", "value"]].itertuples(index=False)]
    values = [v for pts in points.values() for _, v in pts] + [v for _, v in ref]
    years = [p for pts in points.values() for p, _ in pts] + [p for p, _ in ref]
    y = value_range(np.array(values, dtype=float)) if values else (0.0, 1.0)
    pad = (y[1] - y[0]) * 0.08
    x = (min(years), max(years)) if years else (0, 1)
    return points, ref, x, (y[0] - pad, y[1] + pad)


def static_map_svg(
    shapes: list[tuple[str, object]],
    units: pd.DataFrame,
    *,
    outline=None,
    context=None,
    width: int = 520,
    height: int = 360,
) -> str:
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
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
    ]
    if context is not None:
        parts.append(f'<path d="{path(context)}" fill="{REST_COLOR}" stroke="#cccccc" stroke-width="0.5"/>')
    for code, g in shapes:
        if code not in by_code.index:
            continue
        row = by_code.loc[code]
        if row["status"] in HAS_VALUE and pd.notna(row["value"]):
            fill = palette_color((float(row["value"]) - lo) / ((hi - lo) or 1))
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
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="34" viewBox="0 0 {width} 34">'
        f'<defs><linearGradient id="g">{stops}</linearGradient></defs>'
        f'<rect x="0" y="0" width="{width}" height="14" fill="url(#g)" stroke="#555"/>'
        f'<text x="0" y="30" font-size="12" font-family="sans-serif">{texts[0]}</text>'
        f'<text x="{width}" y="30" font-size="12" font-family="sans-serif" text-anchor="end">{texts[1]}</text></svg>'
    )

"""Colours, line styles and the shared small helpers of every figure: one place for the look."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from geodata.vocab import Status

from .i18n import t

#: ColorBrewer YlGnBu: sequential and colour-blind safe; greys below are outside its hues
PALETTE = [
    [0.0, "#ffffd9"],
    [0.125, "#edf8b1"],
    [0.25, "#c7e9b4"],
    [0.375, "#7fcdbb"],
    [0.5, "#41b6c4"],
    [0.625, "#1d91c0"],
    [0.75, "#225ea8"],
    [0.875, "#253494"],
    [1.0, "#081d58"],
]
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


def has_value(units: pd.DataFrame) -> np.ndarray:
    st = np.asarray(units["status"], dtype=object)
    return ((st == Status.OK) | (st == Status.PARTIAL)) & ~np.isnan(np.asarray(units["value"], dtype=float))


def palette_color(x: float) -> str:
    """Colour of a normalised value (0–1) on PALETTE, linearly interpolated."""
    x = min(max(x, 0.0), 1.0)
    for (a, ca), (b, cb) in zip(PALETTE, PALETTE[1:]):
        if x <= b:
            f = (x - a) / ((b - a) or 1)
            rgb = [round(int(ca[i : i + 2], 16) * (1 - f) + int(cb[i : i + 2], 16) * f) for i in (1, 3, 5)]
            return "#" + "".join(f"{c:02x}" for c in rgb)
    return PALETTE[-1][1]


#: change maps, from worse (0) to better (1): red–blue (colour-blind safe, ColorBrewer RdBu)
DIVERGING_GOOD = [
    [i / 8, c]
    for i, c in enumerate(
        ["#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac"]
    )
]
#: change maps of an indicator without a direction of good: down (0) to up (1), ColorBrewer PuOr
DIVERGING_NEUTRAL = [
    [i / 8, c]
    for i, c in enumerate(
        ["#b35806", "#e08214", "#fdb863", "#fee0b6", "#f7f7f7", "#d8daeb", "#b2abd2", "#8073ac", "#542788"]
    )
]


def change_palette(direction: str) -> list:
    """The diverging scale of a change map, laid out from the lowest change (0) to the highest (1):
    for an indicator where lower is better, a fall is blue (better).

    >>> change_palette("lower_better")[0][1], change_palette("higher_better")[0][1]
    ('#2166ac', '#b2182b')
    """
    if direction == "neutral":
        return DIVERGING_NEUTRAL
    colours = [c for _, c in DIVERGING_GOOD]
    if direction == "lower_better":
        colours = colours[::-1]
    return [[i / 8, c] for i, c in enumerate(colours)]

"""Map payloads: what the browser needs to paint one map state (values only, never geometry).

Maps are drawn by MapLibre GL JS in the browser (assets/app.js; no tiles, no network beyond our
own server): geometry from versioned, cached GeoJSON URLs, colours from a per-switch payload of
values only (:func:`map_payload`), painted as MapLibre feature state.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from geodata.catalog import Indicator
from geodata.vocab import Method, Status

from .i18n import method_text, t
from .palette import NO_VALUE_STYLES, PALETTE, REST_COLOR, has_value, status_label, value_range

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
    out = {
        "code": pd.Series(np.asarray(index, dtype=object), dtype=object),
        "value": value,
        "status": pd.Series(status, dtype=object),
    }
    if "method" in units:
        method = np.full(len(index), None, dtype=object)
        method[pos[rows]] = np.asarray(units["method"], dtype=object)[rows]
        out["method"] = pd.Series(method, dtype=object)
    return pd.DataFrame(out)


def map_values(
    units: pd.DataFrame, ind: Indicator, *, lang: str, geojson_url: str, lohi: tuple[float, float] | None = None
) -> dict:
    """Everything of a map that depends on the indicator and year (a few bytes per feature).

    ``units`` must be aligned to the features of ``geojson_url`` (:func:`align_units`).
    ``v``: values rounded to the indicator's decimals (``None`` without a value); ``s``: one
    status digit per feature (:data:`STATUS_CODES`); ``lo``/``hi``: colour range.
    """
    has = has_value(units)
    values = units["value"].to_numpy(float)
    lo, hi = lohi if lohi is not None else value_range(values[has], robust=True)
    rounded = np.round(values, max(ind.decimals, 0)).astype(object)
    rounded[~has] = None
    digits = _status_digits(units, has)
    out = {
        "geo": geojson_url,
        # identifies the painted state: the browser skips a repaint of identical values
        "token": f"{ind.id}|{lang}|{geojson_url}|{zlib.crc32(np.where(has, values, 0).tobytes() + digits.tobytes()):08x}",
        "v": rounded.tolist(),
        "s": (digits + 48).astype(np.uint8).tobytes().decode("ascii"),
        "lo": lo,
        "hi": hi,
        "dec": max(ind.decimals, 0),
        "unit": ind.unit(lang),
        "lang": lang,
        "palette": PALETTE,
        "greys": {str(STATUS_CODES[s]): c for s, c in NO_VALUE_STYLES},
        "labels": {
            "value": t("hover_value", lang),
            "status": t("hover_status", lang),
            **{str(code): status_label(s, lang) for s, code in STATUS_CODES.items()},
        },
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
        "unit": values["unit"],
        "lo": values["lo"],
        "hi": values["hi"],
        "dec": values["dec"],
        "ramp": [c for _, c in values.get("palette", PALETTE)],
        "has_values": bool(v),
        "clip_lo": bool(v) and min(v) < values["lo"],
        "clip_hi": bool(v) and max(v) > values["hi"],
        "greys": [
            (values["labels"][str(STATUS_CODES[s])], c) for s, c in NO_VALUE_STYLES if str(STATUS_CODES[s]) in digits
        ],
    }


def map_payload(
    units: pd.DataFrame,
    ind: Indicator,
    *,
    lang: str,
    geojson_url: str,
    fit: tuple[float, ...],
    fitkey: str,
    rest_url: str | None = None,
    outline_url: str | None = None,
    outline_width: float = 3,
    line_width: float = 0.8,
    lohi: tuple[float, float] | None = None,
    reference: tuple[str, float] | None = None,
    labels_url: str | None = None,
) -> dict:
    """What the browser needs to draw one map state: the layers (URLs of versioned GeoJSON), the
    bounds to fit once per ``fitkey``, the values (:func:`map_values`) and the legend."""
    values = map_values(units, ind, lang=lang, geojson_url=geojson_url, lohi=lohi)
    values["base"] = {
        "rest": rest_url,
        "outline": outline_url,
        "fit": [round(float(x), 5) for x in fit],
        "fitkey": fitkey,
        "rest_color": REST_COLOR,
        "outline_width": outline_width,
        "line_width": line_width,
        "labels": labels_url,
    }
    values["legend"] = legend_spec(values)
    values["legend"]["ramp_label"] = t("legend_ramp", lang, lo="{lo}", hi="{hi}")
    if ind.direction in ("higher_better", "lower_better"):
        values["legend"]["direction"] = t(f"legend_{ind.direction}", lang)
    if reference is not None and reference[1] is not None and np.isfinite(reference[1]):
        values["legend"]["ref"] = {"label": reference[0], "value": round(float(reference[1]), 6)}
    return values

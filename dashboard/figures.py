"""Chart builders: plain plotly figure dicts (fast to serialise, no deep copies), unit-tested
without Dash."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.catalog import Indicator
from geodata.vocab import HAS_VALUE, Status

from .i18n import fmt_number, fmt_pct, t
from .palette import FONT, ROLE_STYLE, separators, status_label


def padded_range(values: pd.Series, pad: float = 0.06) -> list[float] | None:
    """An axis range around the values drawn (None: let plotly choose), so a marker or line that
    is not drawn (e.g. a legend-only entry) cannot stretch the axis.

    >>> padded_range(pd.Series([-0.25, 0.0]))
    [-0.265, 0.015]
    >>> padded_range(pd.Series([float("nan")])) is None
    True
    """
    v = pd.to_numeric(values, errors="coerce").dropna()
    if v.empty:
        return None
    lo, hi = float(v.min()), float(v.max())
    span = (hi - lo) or abs(hi) or 1.0
    return [round(lo - pad * span, 6), round(hi + pad * span, 6)]


def plot_values(values) -> list[float | None]:
    """Values as plotly takes them: rounded (a shorter payload), None where there is none.

    >>> plot_values(pd.Series([1.23456789, float("nan")]))
    [1.234568, None]
    """
    return [None if pd.isna(v) else round(float(v), 6) for v in values]


def house_layout(lang: str) -> dict:
    """What every chart's layout shares: the language's separators, the house font, white paper."""
    return {
        "separators": separators(lang),
        "font": {"family": FONT, "size": 14, "color": "#1a1a1a"},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
    }


def axis_style(title: str = "") -> dict:
    """An axis in the house style, titled ``title``."""
    return {
        "title": {"text": title},
        "gridcolor": "#e3e3e3",
        "zerolinecolor": "#9a9a9a",
        "automargin": True,
        "tickfont": {"size": 13},
    }


def _with_gaps(sub: pd.DataFrame, y, years: list[int]) -> tuple[pd.DataFrame, list]:
    """A gap (no value) half a year before each year in ``years``, so the line breaks there.

    >>> f, y = _with_gaps(pd.DataFrame({"period": [2019, 2022], "value": [1.0, 2.0], "status": "ok",
    ...                                 "coverage": 1.0}), [1.0, 2.0], [2022])
    >>> f["period"].tolist(), y
    ([2019.0, 2021.5, 2022.0], [1.0, nan, 2.0])
    """
    y = list(y)
    if not years:
        return sub, y
    rows, values = [], []
    for (_, row), v in zip(sub.iterrows(), y):
        if int(row["period"]) in years:
            gap = row.copy()
            gap["period"], gap["value"] = row["period"] - 0.5, np.nan
            rows.append(gap)
            values.append(np.nan)
        rows.append(row)
        values.append(v)
    out = pd.DataFrame(rows).reset_index(drop=True)
    out["period"] = out["period"].astype(float)
    return out, values


def as_index(sub: pd.DataFrame, baseline: int | None) -> pd.Series | None:
    """Values as an index (``baseline`` year = 100), or None when that year has no value.

    >>> as_index(pd.DataFrame({"period": [2022, 2024], "value": [200.0, 210.0]}), 2022).tolist()
    [100.0, 105.0]
    """
    base = sub.loc[sub["period"] == baseline, "value"]
    if baseline is None or base.empty or not base.iloc[0]:
        return None
    return sub["value"] / float(base.iloc[0]) * 100


def _series_trace(sub: pd.DataFrame, y, role: str, ind: Indicator, lang: str, name: str, *, index: bool) -> dict:
    """One benchmark's line: partial values as open markers, the hover with value, status and coverage."""
    style = ROLE_STYLE[role]
    partial = (sub["status"] == Status.PARTIAL).to_numpy()
    symbols = [style["symbol"] + ("-open" if p else "") for p in partial]
    cov = [fmt_pct(c, lang) for c in sub["coverage"]]
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "meta": str(role),
        "x": [None if pd.isna(p) else (float(p) if p % 1 else int(p)) for p in sub["period"]],
        "y": plot_values(y),
        "line": {"color": style["color"], "dash": style["dash"], "width": style["width"]},
        "marker": {
            "symbol": symbols,
            "size": 10 if role == "focus_area" else 8,
            "color": style["color"],
            "line": {"width": 2, "color": style["color"]},
        },
        "customdata": [
            [fmt_number(v, ind.decimals, lang), status_label(s, lang), c, fmt_number(i, 1, lang)]
            for v, s, c, i in zip(sub["value"], sub["status"], cov, y)
        ],
        "hovertemplate": "%{x}: <b>%{customdata[0]}</b> "
        + ind.unit(lang)
        + (f" ({t('index', lang)} %{{customdata[3]}})" if index else "")
        + "<br>"
        + t("hover_status", lang)
        + ": %{customdata[1]} · "
        + t("coverage", lang)
        + " %{customdata[2]}<extra>"
        + name
        + "</extra>",
    }


def _time_marks(baseline: int | None, breaks: dict[str, list[int]] | None, lang: str) -> tuple[list, list]:
    """The 0-meting as a dotted vertical line with its label, and a note where a line breaks."""
    shapes, annotations = [], []
    if baseline is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": baseline,
                "x1": baseline,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#444", "width": 1.5, "dash": "dot"},
            }
        )
        annotations.append(
            {
                "x": baseline,
                "y": 1.02,
                "xref": "x",
                "yref": "paper",
                "showarrow": False,
                "text": t("baseline", lang) + f" {baseline}",
                "font": {"size": 13},
                "xanchor": "left",
            }
        )
    if any(breaks.values() if breaks else []):
        first = min(y for ys in breaks.values() for y in ys)
        annotations.append(
            {
                "x": first - 0.5,
                "y": 0.0,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "text": t("series_break", lang),
                "font": {"size": 12, "color": "#444"},
            }
        )
    return shapes, annotations


def make_timeseries(
    bench: pd.DataFrame,
    ind: Indicator,
    *,
    lang: str,
    names: dict[str, str],
    baseline: int | None,
    index_year: int | None = None,
    breaks: dict[str, list[int]] | None = None,
) -> dict:
    """The focus area against the rest of its municipality, the municipality, the Netherlands and
    the 20-area benchmark; partial values as open markers; the 0-meting as a vertical line.
    ``index_year``: every line as an index (its own value in that year = 100; for counts, whose
    levels differ by orders of magnitude between an area and the Netherlands); a line without a
    value in that year is left out (and named in the layout's ``meta.no_index``)."""
    data, no_index = [], []
    index = index_year is not None
    for role in ("focus_area", "rest_of_gemeente", "gemeente", "focus_average", "nl"):
        sub = bench[(bench["role"] == role) & bench["status"].isin(HAS_VALUE)].sort_values("period")
        if sub.empty:
            continue
        y = sub["value"]
        if index:
            y = as_index(sub, index_year)
            if y is None:
                no_index.append(names.get(role, role))
                continue
        sub, y = _with_gaps(sub, y, (breaks or {}).get(str(role), []))
        data.append(_series_trace(sub, y, role, ind, lang, names.get(role, role), index=index))
    shapes, annotations = _time_marks(baseline, breaks, lang)
    years = sorted({x for tr in data for x in tr["x"] if x is not None and float(x).is_integer()})
    return {
        "data": data,
        "layout": {
            "xaxis": {**axis_style(), "tickmode": "array", "tickvals": years, "ticktext": [str(y) for y in years]},
            "yaxis": axis_style(t("index_axis", lang, year=index_year) if index else ind.unit(lang)),
            "shapes": shapes,
            "annotations": annotations,
            "meta": {"index": index, "no_index": no_index},
            "legend": {"orientation": "h", "y": -0.1, "yanchor": "top", "font": {"size": 13}},
            "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
            "hovermode": "closest",
            **house_layout(lang),
            "uirevision": ind.id,
        },
    }


#: the smallest text on a projected screen (px): projector mode promises it everywhere
PROJECTOR_TEXT = 24
PROJECTOR_ROLES = ("focus_area", "rest_of_gemeente", "nl")


def for_projector(fig: dict, names: dict[str, str] | None = None) -> dict:
    """The same chart for a projected screen: every text at least 24 px, no mode bar clutter,
    fewer ticks (a copy; the figure given is not changed).

    >>> f = for_projector({"data": [], "layout": {"font": {"size": 14}, "xaxis": {"tickfont": {"size": 13}},
    ...                    "annotations": [{"font": {"size": 13}}]}})
    >>> f["layout"]["font"]["size"], f["layout"]["xaxis"]["tickfont"]["size"], f["layout"]["annotations"][0]
    (24, 24, {'font': {'size': 24}, 'y': 0.02, 'yanchor': 'bottom', 'xshift': 4})
    """
    layout = dict(fig.get("layout", {}))
    size = {"size": PROJECTOR_TEXT}
    # three lines a room can tell apart: the area, the rest of its municipality, the Netherlands
    data = [
        {**tr, "name": (names or {}).get(tr.get("meta"), tr.get("name"))}
        for tr in fig.get("data", [])
        if tr.get("meta", "focus_area") in PROJECTOR_ROLES
    ]
    layout["font"] = {**layout.get("font", {}), **size}
    for axis in ("xaxis", "yaxis"):
        if axis in layout:
            ax = dict(layout[axis])
            ax["tickfont"] = {**ax.get("tickfont", {}), **size}
            title = ax.get("title")
            if isinstance(title, dict):
                ax["title"] = {**title, "font": {**title.get("font", {}), **size}}
            if ax.get("type") != "category":
                ax["nticks"] = 6
            if axis == "xaxis":  # every year labelled does not fit at 24 px
                ax.pop("tickvals", None), ax.pop("ticktext", None)
                ax.update(tickmode="auto", tickformat="d")
            layout[axis] = ax
    if "legend" in layout:
        layout["legend"] = {**layout["legend"], "font": {**layout["legend"].get("font", {}), **size}}
    # the 0-meting label at the foot of its line, clear of the legend on top
    layout["annotations"] = [
        {**a, "font": {**a.get("font", {}), **size}, "y": 0.02, "yanchor": "bottom", "xshift": 4}
        for a in layout.get("annotations", [])
    ]
    years = [x for tr in data for x in tr.get("x", []) if x is not None]
    if years and "xaxis" in layout:
        layout["xaxis"] = {**layout["xaxis"], "range": [min(years) - 0.5, max(years) + 0.5]}
    layout["hoverlabel"] = {"font": size}
    layout["legend"] = {**layout.get("legend", {}), "orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0}
    layout["margin"] = {"l": 10, "r": 10, "t": 70, "b": 10}
    return {**fig, "data": data, "layout": layout}

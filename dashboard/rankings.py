"""The two rankings of the 20 focus areas on the nationwide page: by their figure in one year
(a dot plot) and by their change between two years (bars); each with the area's municipality and
the Netherlands as references. Plain plotly figure dicts, unit-tested without Dash."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.catalog import Indicator
from geodata.vocab import Rule, Status

from .cards import judge
from .figures import axis_style, house_layout, padded_range, plot_values
from .i18n import fmt_number, t
from .palette import ROLE_STYLE, status_label

#: bar colours of the change ranking, as on the change map (blue better, red worse)
CHANGE_COLOURS = {"better": "#2166ac", "worse": "#b2182b", "neutral": "#8073ac", "equal": "#9a9a9a"}


def make_ranking(rank: pd.DataFrame, ind: Indicator, *, lang: str, labels: dict[str, str]) -> dict:
    """Dot plot of the 20 areas for one year, each with its municipality and the Netherlands."""
    rank = rank.copy()
    rank["_sort"] = rank["value"].fillna(-np.inf if ind.direction != "lower_better" else np.inf)
    rank = rank.sort_values("_sort", ascending=ind.direction == "lower_better")
    y = rank["name"].tolist()
    areas = {
        "type": "scatter",
        "mode": "markers",
        "name": labels["focus_area"],
        "y": y,
        "x": plot_values(rank["value"]),
        "marker": {
            "symbol": ["circle" if s == Status.OK else "circle-open" for s in rank["status"]],
            "size": 13,
            "color": ROLE_STYLE["focus_area"]["color"],
            "line": {"width": 2, "color": ROLE_STYLE["focus_area"]["color"]},
        },
        "customdata": [
            [fmt_number(v, ind.decimals, lang), status_label(s, lang)] for v, s in zip(rank["value"], rank["status"])
        ],
        "hovertemplate": "<b>%{y}</b>: %{customdata[0]} (%{customdata[1]})<extra></extra>",
    }
    missing = rank.loc[rank["value"].isna(), "name"].tolist()
    if ind.rule == Rule.SUM:  # counts: a municipality or the country is not on an area's scale
        return _ranking_figure([areas], [], axis_style(ind.unit(lang)), [rank["value"]], lang, missing)
    gemeenten = _gemeente_trace(rank, "gemeente_value", labels["gemeente"], ROLE_STYLE["gemeente"]["color"])
    data = [gemeenten, areas]
    nl = rank["nl_value"].dropna()
    shapes = _nl_line(nl, data, f"{labels['nl']} {{}}", ind, lang)
    drawn = [rank["value"], rank["gemeente_value"], nl]
    return _ranking_figure(data, shapes, axis_style(ind.unit(lang)), drawn, lang, missing)


def make_change_ranking(rank: pd.DataFrame, ind: Indicator, *, first: int, last: int, lang: str, labels: dict) -> dict:
    """The 20 areas by their change between two years (``geodata.compare.change_ranking``, best
    first): a bar per area coloured better/worse, a diamond for its municipality, a dashed line
    for the Netherlands; the areas without a comparable change are listed, not drawn."""
    shown = rank[rank["change"].notna()]
    fmt = [fmt_number(v, ind.decimals, lang) for v in shown["change"]]
    bars = {
        "type": "bar",
        "orientation": "h",
        "name": labels["focus_area"],
        "y": shown["name"].tolist(),
        "x": plot_values(shown["change"]),
        "marker": {"color": [CHANGE_COLOURS[judge(c, ind.direction)] for c in shown["change"]]},
        "customdata": [
            [f, fmt_number(a, ind.decimals, lang), fmt_number(b, ind.decimals, lang)]
            for f, a, b in zip(fmt, shown["first_value"], shown["last_value"])
        ],
        "hovertemplate": f"<b>%{{y}}</b>: %{{customdata[0]}} ({first}: %{{customdata[1]}}, "
        f"{last}: %{{customdata[2]}})<extra></extra>",
    }
    data = [bars, _gemeente_trace(shown, "gemeente_change", labels["gemeente"], "#111")]
    nl = shown["nl_change"].dropna()
    shapes = _nl_line(nl, data, f"{labels['nl']} {{}}", ind, lang)
    unit = t("unit_points", lang) if "%" in ind.unit_nl else ind.unit(lang)
    xaxis = {**axis_style(t("change_axis", lang, first=first, last=last, unit=unit)), "zeroline": True}
    drawn = [shown["change"], shown["gemeente_change"], nl, pd.Series([0.0])]
    missing = rank.loc[rank["change"].isna(), "name"].tolist()
    figure = _ranking_figure(data, shapes, xaxis, drawn, lang, missing)
    figure["layout"]["barmode"] = "overlay"
    return figure


def _gemeente_trace(rank: pd.DataFrame, column: str, name: str, colour: str) -> dict:
    """Each area's municipality as an open diamond on the area's row, named in the hover."""
    return {
        "type": "scatter",
        "mode": "markers",
        "name": name,
        "y": rank["name"].tolist(),
        "x": plot_values(rank[column]),
        "marker": {"symbol": "diamond-open", "size": 11, "color": colour, "line": {"width": 2}},
        "customdata": rank["gemeente_name"].tolist(),
        "hovertemplate": "%{customdata}: %{x}<extra></extra>",
    }


def _ranking_figure(
    data: list, shapes: list, xaxis: dict, drawn: list[pd.Series], lang: str, missing: list[str]
) -> dict:
    """What the two rankings share: the 20 names top-down, the x axis fitted to what is drawn, the
    legend on top, the house style; the areas not drawn named in ``meta.missing``."""
    layout = {
        "xaxis": {**xaxis, "range": padded_range(pd.concat(drawn))},
        "yaxis": {**axis_style(), "autorange": "reversed", "type": "category"},
        "shapes": shapes,
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "font": {"size": 13}},
        "margin": {"l": 10, "r": 20, "t": 40, "b": 40},
        **house_layout(lang),
        "meta": {"missing": missing},
    }
    return {"data": data, "layout": layout}


def _nl_line(nl: pd.Series, data: list, name: str, ind: Indicator, lang: str) -> list[dict]:
    """The Netherlands as a dashed vertical line across a ranking (returned as its shape) and an
    entry in the legend (added to ``data``); nothing when there is no national value."""
    if not len(nl):
        return []
    x = float(nl.iloc[0])
    data.append(_legend_line(name.format(fmt_number(x, ind.decimals, lang))))
    line = {"color": "#111", "dash": "longdash", "width": 2}
    return [{"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1, "line": line}]


def _legend_line(name: str) -> dict:
    """A legend entry for a reference line drawn as a shape (shapes have no legend entry)."""
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": [None],
        "y": [None],
        "line": {"color": "#111", "dash": "longdash", "width": 2},
        "hoverinfo": "skip",
    }

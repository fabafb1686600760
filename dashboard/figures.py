"""Chart builders: plain plotly figure dicts (fast to serialise, no deep copies), unit-tested
without Dash."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.catalog import Indicator
from geodata.vocab import HAS_VALUE, Status

from .i18n import fmt_number, fmt_pct, t
from .palette import FONT, ROLE_STYLE, separators, status_label


def _axis(title: str = "") -> dict:
    return {
        "title": {"text": title},
        "gridcolor": "#e3e3e3",
        "zerolinecolor": "#9a9a9a",
        "automargin": True,
        "tickfont": {"size": 13},
    }


def as_index(sub: pd.DataFrame, baseline: int | None) -> pd.Series | None:
    """Values as an index (``baseline`` year = 100), or None when that year has no value.

    >>> as_index(pd.DataFrame({"period": [2022, 2024], "value": [200.0, 210.0]}), 2022).tolist()
    [100.0, 105.0]
    """
    base = sub.loc[sub["period"] == baseline, "value"]
    if baseline is None or base.empty or not base.iloc[0]:
        return None
    return sub["value"] / float(base.iloc[0]) * 100


def make_timeseries(
    bench: pd.DataFrame,
    ind: Indicator,
    *,
    lang: str,
    names: dict[str, str],
    baseline: int | None,
    index_year: int | None = None,
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
        style = ROLE_STYLE[role]
        partial = (sub["status"] == Status.PARTIAL).to_numpy()
        symbols = [style["symbol"] + ("-open" if p else "") for p in partial]
        cov = [fmt_pct(c, lang) for c in sub["coverage"]]
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": names.get(role, role),
                "x": sub["period"].astype(int).tolist(),
                "y": [round(float(v), 6) for v in y],
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
                + names.get(role, role)
                + "</extra>",
            }
        )
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
    years = sorted({x for tr in data for x in tr["x"]})
    return {
        "data": data,
        "layout": {
            "xaxis": {**_axis(), "tickmode": "array", "tickvals": years, "ticktext": [str(y) for y in years]},
            "yaxis": _axis(t("index_axis", lang, year=index_year) if index else ind.unit(lang)),
            "shapes": shapes,
            "annotations": annotations,
            "meta": {"index": index, "no_index": no_index},
            "legend": {"orientation": "h", "y": -0.1, "yanchor": "top", "font": {"size": 13}},
            "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
            "hovermode": "closest",
            "separators": separators(lang),
            "font": {"family": FONT, "size": 14, "color": "#1a1a1a"},
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
            "uirevision": ind.id,
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
        {
            "type": "scatter",
            "mode": "markers",
            "name": labels["gemeente"],
            "y": y,
            "x": [None if pd.isna(v) else round(float(v), 6) for v in rank["gemeente_value"]],
            "marker": {
                "symbol": "diamond-open",
                "size": 11,
                "color": ROLE_STYLE["gemeente"]["color"],
                "line": {"width": 2},
            },
            "customdata": rank["gemeente_name"].tolist(),
            "hovertemplate": "%{customdata}: %{x}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": labels["focus_area"],
            "y": y,
            "x": [None if pd.isna(v) else round(float(v), 6) for v in rank["value"]],
            "marker": {
                "symbol": ["circle" if s == Status.OK else "circle-open" for s in rank["status"]],
                "size": 13,
                "color": ROLE_STYLE["focus_area"]["color"],
                "line": {"width": 2, "color": ROLE_STYLE["focus_area"]["color"]},
            },
            "customdata": [
                [fmt_number(v, ind.decimals, lang), status_label(s, lang)]
                for v, s in zip(rank["value"], rank["status"])
            ],
            "hovertemplate": "<b>%{y}</b>: %{customdata[0]} (%{customdata[1]})<extra></extra>",
        },
    ]
    shapes, annotations = [], []
    nl = rank["nl_value"].dropna()
    if len(nl):
        x = float(nl.iloc[0])
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#111", "dash": "longdash", "width": 2},
            }
        )
        annotations.append(
            {
                "x": x,
                "y": 0,
                "yref": "paper",
                "yanchor": "top",
                "showarrow": False,
                "yshift": -22,
                "text": f"{labels['nl']} {fmt_number(x, ind.decimals, lang)}",
                "font": {"size": 13},
            }
        )
    missing = rank.loc[~has, "name"].tolist()
    return {
        "data": data,
        "layout": {
            "xaxis": _axis(ind.unit(lang)),
            "yaxis": {**_axis(), "autorange": "reversed", "type": "category"},
            "shapes": shapes,
            "annotations": annotations,
            "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "font": {"size": 13}},
            "margin": {"l": 10, "r": 20, "t": 40, "b": 40},
            "separators": separators(lang),
            "font": {"family": FONT, "size": 14, "color": "#1a1a1a"},
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
            "meta": {"missing": missing},
        },
    }


#: bar colours of the change ranking, as on the change map (blue better, red worse)
CHANGE_COLOURS = {"better": "#2166ac", "worse": "#b2182b", "neutral": "#8073ac", "equal": "#9a9a9a"}


def make_change_ranking(rank: pd.DataFrame, ind: Indicator, *, first: int, last: int, lang: str, labels: dict) -> dict:
    """The 20 areas by their change between two years (``geodata.compare.change_ranking``, best
    first): a bar per area coloured better/worse, a diamond for its municipality, a dashed line
    for the Netherlands; the areas without a comparable change are listed, not drawn."""
    shown = rank[rank["change"].notna()]
    y = shown["name"].tolist()
    verdicts = [_verdict(c, ind.direction) for c in shown["change"]]
    fmt = [fmt_number(v, ind.decimals, lang) for v in shown["change"]]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": labels["focus_area"],
            "y": y,
            "x": [round(float(v), 6) for v in shown["change"]],
            "marker": {"color": [CHANGE_COLOURS[v] for v in verdicts]},
            "customdata": [
                [f, fmt_number(a, ind.decimals, lang), fmt_number(b, ind.decimals, lang)]
                for f, a, b in zip(fmt, shown["first_value"], shown["last_value"])
            ],
            "hovertemplate": f"<b>%{{y}}</b>: %{{customdata[0]}} ({first}: %{{customdata[1]}}, "
            f"{last}: %{{customdata[2]}})<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": labels["gemeente"],
            "y": y,
            "x": [None if pd.isna(v) else round(float(v), 6) for v in shown["gemeente_change"]],
            "marker": {"symbol": "diamond-open", "size": 11, "color": "#111", "line": {"width": 2}},
            "customdata": shown["gemeente_name"].tolist(),
            "hovertemplate": "%{customdata}: %{x}<extra></extra>",
        },
    ]
    shapes = []
    nl = shown["nl_change"].dropna()
    if len(nl):
        x = float(nl.iloc[0])
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#111", "dash": "longdash", "width": 2},
            }
        )
        data.append(  # in the legend too (a shape has no legend entry)
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"{labels['nl']} {fmt_number(x, ind.decimals, lang)}",
                "x": [None],
                "y": [None],
                "line": {"color": "#111", "dash": "longdash", "width": 2},
                "hoverinfo": "skip",
            }
        )
    unit = t("unit_points", lang) if "%" in ind.unit_nl else ind.unit(lang)
    return {
        "data": data,
        "layout": {
            "xaxis": {**_axis(t("change_axis", lang, first=first, last=last, unit=unit)), "zeroline": True},
            "yaxis": {**_axis(), "autorange": "reversed", "type": "category"},
            "shapes": shapes,
            "barmode": "overlay",
            "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "font": {"size": 13}},
            "margin": {"l": 10, "r": 20, "t": 40, "b": 40},
            "separators": separators(lang),
            "font": {"family": FONT, "size": 14, "color": "#1a1a1a"},
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
            "meta": {"missing": rank.loc[rank["change"].isna(), "name"].tolist()},
        },
    }


def _verdict(change: float, direction: str) -> str:
    if abs(change) < 1e-9:
        return "equal"
    if direction == "neutral":
        return "neutral"
    return "better" if (change > 0) == (direction == "higher_better") else "worse"

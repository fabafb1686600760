"""The two rankings of the 20 focus areas on the nationwide page: by their figure in one year
(dots) and by their change between two years (bars); each with the area's municipality and the
Netherlands as references.

Drawn as static HTML (``dashboard/markup.py`` writes it, ``assets/style.css`` lays it out): a
list of rows, each with the area's name, its marks placed in percent of a shared scale, and its
value printed. Interaction adds little here — every value is on its row, the municipality's in
the row's text alternative and hover text, the Netherlands in the legend — and without it the
nationwide page needs no plotly.js at all (its evaluation and first render were ~250 ms of
blocked main thread on a 2-core machine). The text is CSS text, so projector mode and a phone
size it like the rest of the page. Built from plain ``dash.html`` components, unit-tested
without a browser."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from dash import html

from geodata.catalog import Indicator
from geodata.vocab import Rule, Status

from .cards import judge
from .figures import padded_range
from .i18n import fmt_number, t
from .palette import status_label

#: bar colours of the change ranking, as on the change map (blue better, red worse)
CHANGE_COLOURS = {"better": "#2166ac", "worse": "#b2182b", "neutral": "#8073ac", "equal": "#9a9a9a"}


@dataclass(frozen=True)
class Scale:
    """The value axis shared by every row: ``lo`` at 0 %, ``hi`` at 100 %."""

    lo: float
    hi: float

    @classmethod
    def around(cls, drawn: list[pd.Series]) -> Scale:
        """Fitted to what is drawn (padded a little), so nothing undrawn stretches it."""
        span = padded_range(pd.concat([pd.Series(s, dtype=float) for s in drawn]))
        return cls(*span) if span else cls(0.0, 1.0)

    def at(self, x: float) -> float:
        """``x`` in percent of the scale, clipped to 0–100.

        >>> Scale(0, 10).at(2.5), Scale(0, 10).at(12)
        (25.0, 100.0)
        """
        return round(min(100.0, max(0.0, (x - self.lo) / ((self.hi - self.lo) or 1) * 100)), 2)

    def ticks(self, target: int = 5) -> tuple[list[float], int]:
        """Round values inside the scale (steps of 1, 2, 2.5 or 5 × 10ⁿ) and the decimals they need.

        >>> Scale(8.8, 31.2).ticks()
        ([10.0, 15.0, 20.0, 25.0, 30.0], 0)
        >>> Scale(-0.06, 0.03).ticks()
        ([-0.06, -0.04, -0.02, 0.0, 0.02], 2)
        >>> Scale(0, 120).ticks(), Scale(0, 11).ticks()
        (([0.0, 25.0, 50.0, 75.0, 100.0], 0), ([0.0, 2.5, 5.0, 7.5, 10.0], 1))
        """
        raw = (self.hi - self.lo) / target
        if not raw > 0:
            return [self.lo], 0
        exponent = math.floor(math.log10(raw))
        multiple = next((m for m in (1, 2, 2.5, 5) if m * 10**exponent >= raw), None)
        if multiple is None:
            multiple, exponent = 1, exponent + 1
        step = multiple * 10**exponent
        first = math.ceil(self.lo / step - 1e-9) * step
        ticks = [round(first + i * step, 10) + 0.0 for i in range(int((self.hi - first) / step + 1e-9) + 1)]
        return ticks, max(0, -exponent + (1 if multiple == 2.5 else 0))


def make_ranking(rank: pd.DataFrame, ind: Indicator, *, lang: str, labels: dict[str, str]) -> html.Figure:
    """The 20 areas for one year, best first, each with its municipality (a diamond) and the
    Netherlands (a dashed line); an area without a figure keeps its row, without a dot."""
    rank = rank.copy()
    rank["_sort"] = rank["value"].fillna(-np.inf if ind.direction != "lower_better" else np.inf)
    rank = rank.sort_values("_sort", ascending=ind.direction == "lower_better", kind="stable")
    counts = ind.rule == Rule.SUM  # a municipality or the country is not on an area's scale
    nl = pd.Series(dtype=float) if counts else rank["nl_value"].dropna()
    drawn = [rank["value"]] if counts else [rank["value"], rank["gemeente_value"], nl]
    scale = Scale.around(drawn)
    rows = []
    for r in rank.itertuples():
        value = fmt_number(r.value, ind.decimals, lang)
        about = [f"{r.name}: {value}" + ("" if r.status == Status.OK else f" ({status_label(r.status, lang)})")]
        marks = []
        if not counts and pd.notna(r.gemeente_value):
            marks.append(_mark("rk-gm", scale.at(r.gemeente_value)))
            about.append(f"{r.gemeente_name} {fmt_number(r.gemeente_value, ind.decimals, lang)}")
        if pd.notna(r.value):
            marks.append(_mark("rk-dot" if r.status == Status.OK else "rk-dot rk-dot-open", scale.at(r.value)))
        rows.append(_row(r.name, value, marks, about))
    keys = [("rk-key-dot", labels["focus_area"])]
    if not counts:
        keys.append(("rk-key-gm", labels["gemeente"]))
    return _figure("rk-values", rows, keys, scale, nl, ind, lang, labels, ind.unit(lang))


def make_change_ranking(
    rank: pd.DataFrame, ind: Indicator, *, first: int, last: int, lang: str, labels: dict
) -> html.Figure:
    """The areas by their change between two years (``geodata.compare.change_ranking``, best
    first): a bar from zero per area coloured better/worse, a diamond for its municipality, a
    dashed line for the Netherlands; the areas without a comparable change are left out (the
    page names them under the chart)."""
    shown = rank[rank["change"].notna()]
    nl = shown["nl_change"].dropna()
    scale = Scale.around([shown["change"], shown["gemeente_change"], nl, pd.Series([0.0])])
    zero = scale.at(0.0)
    rows = []
    for r in shown.itertuples():
        x = scale.at(r.change)
        verdict = judge(r.change, ind.direction)
        text = fmt_number(r.change, ind.decimals, lang, signed=True)
        span = f"{first}: {fmt_number(r.first_value, ind.decimals, lang)}, {last}: {fmt_number(r.last_value, ind.decimals, lang)}"
        about = [f"{r.name}: {text} ({span})"]
        bar = html.Span(
            className=f"rk-bar rk-bar-{verdict}",
            style={"left": f"{min(x, zero)}%", "width": f"{round(abs(x - zero), 2)}%"},
        )
        marks = [bar]
        if pd.notna(r.gemeente_change):
            marks.append(_mark("rk-gm", scale.at(r.gemeente_change)))
            about.append(f"{r.gemeente_name} {fmt_number(r.gemeente_change, ind.decimals, lang, signed=True)}")
        rows.append(_row(r.name, text, marks, about))
    unit = t("unit_points", lang) if "%" in ind.unit_nl else ind.unit(lang)
    title = t("change_axis", lang, first=first, last=last, unit=unit)
    keys = [("rk-key-bar", labels["focus_area"]), ("rk-key-gm", labels["gemeente"])]
    return _figure("rk-changes", rows, keys, scale, nl, ind, lang, labels, title, zero=zero)


def ranked_names(figure: html.Figure) -> list[str]:
    """The area names of a ranking, top to bottom (for callers and tests)."""
    rows = figure.children[1].children[1].children
    return [row.children[0].children for row in rows]


def _mark(kind: str, at: float) -> html.Span:
    return html.Span(className=kind, style={"left": f"{at}%"})


def _row(name: str, value: str, marks: list, about: list[str]) -> html.Li:
    """One area: its name, its marks on the shared scale (hover text: every figure of the row),
    its value; the municipality's figure for screen readers, who do not see the diamond."""
    return html.Li(
        className="rk-row",
        children=[
            html.Span(name, className="rk-name"),
            html.Span(marks, className="rk-track", title=" · ".join(about), **{"aria-hidden": "true"}),
            html.Span(value, className="rk-value"),
            html.Span("; " + "; ".join(about[1:]), className="visually-hidden") if len(about) > 1 else None,
        ],
    )


def _figure(kind, rows, keys, scale: Scale, nl: pd.Series, ind, lang, labels, axis_title, zero=None) -> html.Figure:
    """What both rankings share: the legend on top, the gridlines and reference lines behind the
    rows, the tick labels and the axis title below."""
    ticks, decimals = scale.ticks()
    lines = [html.Span(className="rk-grid", style={"left": f"{scale.at(v)}%"}) for v in ticks]
    if zero is not None:
        lines.append(html.Span(className="rk-zero", style={"left": f"{zero}%"}))
    legend = [html.Span(text, className=f"rk-key {cls}") for cls, text in keys]
    if len(nl):
        x = float(nl.iloc[0])
        lines.append(html.Span(className="rk-nl", style={"left": f"{scale.at(x)}%"}))
        signed = zero is not None
        legend.append(
            html.Span(
                f"{labels['nl']} {fmt_number(x, ind.decimals, lang, signed=signed)}", className="rk-key rk-key-nl"
            )
        )
    tick_labels = [
        html.Span(fmt_number(v, decimals, lang), className="rk-tick", style={"left": f"{scale.at(v)}%"}) for v in ticks
    ]
    widest = max((len(row.children[2].children) for row in rows), default=1)
    return html.Figure(
        className=f"rk {kind}",
        style={"--rk-v": f"{widest + 1}ch"},  # the value column as wide as its longest value
        children=[
            html.Figcaption(legend, className="rk-legend"),
            html.Div(
                className="rk-body",
                children=[
                    html.Div(html.Div(lines, className="rk-lines"), className="rk-plot", **{"aria-hidden": "true"}),
                    html.Ol(rows, className="rk-rows"),
                ],
            ),
            html.Div(html.Div(tick_labels, className="rk-ticks"), className="rk-axis", **{"aria-hidden": "true"}),
            html.P(axis_title, className="rk-axis-title"),
        ],
    )

"""Gebiedsprofiel (``/profiel?gebied=…``): every kernindicator of one focus area at a glance — its
latest figure against the rest of the gemeente, the Netherlands and the 20 areas, the change since
the 0-meting and a small trend — grouped by action line, on one screen and one printed page."""

from __future__ import annotations

import math
from datetime import date

from dash import Input, Output, State, html, no_update

from geodata.catalog import Indicator
from geodata.codes import NL_CODE
from geodata.compare import Summary, summarise
from geodata.store import Store
from geodata.vocab import HAS_VALUE, Rule

from .. import ids
from ..cards import difference_text
from ..components import present_links, svg_image
from ..context import AppContext
from ..i18n import fmt_number, t
from ..registry import REGISTRY, Page
from ..shell import LayoutContext, line_label
from ..svg import sparkline_svg

LINES = ("2", "3", "4")


def layout(c: LayoutContext) -> list:
    return [
        html.Div(
            className="title-bar",
            children=[
                html.H2(t("pf_title", c.lang), className="page-title"),
                html.Div(
                    className="present-tools",
                    children=[
                        *present_links(c, "profiel"),
                        html.Button(t("print", c.lang), id="pf-print", className="button present-on"),
                        html.Div(id="pf-print-sink", hidden=True),
                    ],
                ),
            ],
        ),
        html.Article(id="pf-body", className="profile", role="region", **{"aria-live": "polite"}),
    ]


page = REGISTRY.add(Page("profiel", "/profiel", "nav_profiel", layout, controls=("area",), order=15, presentable=True))


@page.callback(
    Output("pf-body", "children"),
    Input(ids.AREA, "value"),
    Input(page.container_id, "hidden"),
    State(ids.LANG, "data"),
)
def show_profile(c: AppContext, area, hidden, lang):
    """The profile of the chosen focus area."""
    if hidden:
        return no_update
    return build_profile(c.store, area, lang, c.baseline_year, today=date.today())


page.clientside("print", Output("pf-print-sink", "title"), Input("pf-print", "n_clicks"), prevent_initial_call=True)


def build_profile(store: Store, area: str, lang: str, baseline_year: int, *, today: date) -> list:
    fa = store.focus_area(area)
    population = summarise(store, area, "population", None, baseline_year)
    head = [
        html.H3(fa.name, className="pf-name"),
        html.P(
            [
                f"{t('role_gemeente', lang)} {store.area_name(fa.gemeente)}",
                f" · {fmt_number(population.value, 0, lang)} {t('inhabitants', lang)} ({population.period})"
                if population.value is not None
                else "",
                f" · {t('composition', lang)}: {t('confidence', lang)} {fa.confidence}",
                f" · {t('printed_on', lang)} {today.strftime('%d-%m-%Y')}",
            ],
            className="pf-meta",
        ),
    ]
    sections = [profile_section(store, area, line, lang, baseline_year) for line in LINES]
    return [html.Header(head, className="pf-head"), *sections, html.P(t("pf_note", lang), className="pf-note")]


def profile_section(store: Store, area: str, line: str, lang: str, baseline_year: int) -> html.Section:
    inds = store.catalog.for_action_line(line, core_only=True)
    rows = [profile_row(store, area, ind, lang, baseline_year) for ind in inds]
    header = html.Tr(
        [
            html.Th(t(key, lang), scope="col", className=cls)
            for key, cls in (
                ("indicator", "pf-ind"),
                ("pf_col_value", "pf-num"),
                ("vs_rest", ""),
                ("vs_nl", ""),
                ("pf_col_average", "pf-num"),
                ("pf_col_change", ""),
                ("pf_col_trend", "pf-trend"),
            )
        ]
    )
    caption = f"{line_label(line, lang)} — {t('pf_caption', lang, area=store.focus_area(area).name)}"
    return html.Section(
        className="pf-line",
        children=[
            html.H3(line_label(line, lang)),
            html.Table(
                [html.Caption(caption, className="visually-hidden"), html.Thead(header), html.Tbody(rows)],
                className="pf-table",
            ),
        ],
    )


def profile_row(store: Store, area: str, ind: Indicator, lang: str, baseline_year: int) -> html.Tr:
    name = html.Th([ind.name(lang), html.Small(f" {ind.unit(lang)}", className="pf-unit")], scope="row")
    if not ind.available:
        return html.Tr([name, html.Td(t("not_available", lang), colSpan=6, className="pf-na")], className="pf-row-na")
    s = summarise(store, area, ind.id, None, baseline_year)
    if s.value is None:
        return html.Tr([name, html.Td(t("no_value", lang), colSpan=6, className="pf-na")], className="pf-row-na")
    sized = ind.rule == Rule.SUM  # counts of areas of different size are not compared
    cells = [
        html.Td([html.Strong(fmt_number(s.value, ind.decimals, lang)), html.Small(f" {s.period}")], className="pf-num"),
        _diff_cell(None if sized else s.diff_rest, ind, lang, t("vs_rest", lang)),
        _diff_cell(None if sized else s.diff_nl, ind, lang, t("vs_nl", lang)),
        html.Td(
            [
                _label(t("pf_col_average", lang)),
                "–" if sized or s.focus_average is None else fmt_number(s.focus_average, ind.decimals, lang),
            ],
            className="pf-num",
        ),
        _change_cell(s, ind, lang),
        html.Td(_trend(store, area, ind, lang), className="pf-trend"),
    ]
    return html.Tr([name, *cells])


def _label(text: str) -> html.Span:
    """The column's name inside the cell, shown only where the table is laid out without its
    column heads (a phone)."""
    return html.Span(f"{text}: ", className="pf-label")


def _diff_cell(diff: float | None, ind: Indicator, lang: str, against: str) -> html.Td:
    if diff is None:
        return html.Td([_label(against), "–"], className="pf-cmp")
    text, cls = difference_text(diff, ind, lang, "")
    return html.Td([_label(against), text.strip()], className=f"pf-cmp {cls}")


def _change_cell(s: Summary, ind: Indicator, lang: str) -> html.Td:
    label = _label(t("pf_col_change", lang))
    if s.change is None:
        text = t("pf_no_later", lang, year=s.period) if s.baseline_period == s.period else t("vg_single_year", lang)
        return html.Td([label, text], className="pf-cmp cmp-none")
    text, cls = difference_text(s.change, ind, lang, "")
    base = f"{t('baseline', lang)} {s.baseline_period}: {fmt_number(s.baseline_value, ind.decimals, lang)}"
    return html.Td([label, html.Span(text.strip()), html.Small(base, className="pf-base")], className=f"pf-cmp {cls}")


def _trend(store: Store, area: str, ind: Indicator, lang: str):
    """The area's years (solid) and the Netherlands (dashed) on the indicator's own scale; counts
    alone (a national total is not on the area's scale)."""
    own = _points(store.series(ind.id, area))
    if len(own) < 2:
        return "–"
    ref = [] if ind.rule == Rule.SUM else _points(store.series(ind.id, NL_CODE))
    years = [p for p, _ in own + ref]
    values = [v for _, v in own + ref]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.1 or abs(hi) * 0.05 or 1.0
    svg = sparkline_svg(
        own, x_range=(min(years), max(years)), y_range=(lo - pad, hi + pad), reference=ref, width=120, height=34
    )
    first, last = own[0], own[-1]
    alt = (
        f"{t('pf_col_trend', lang)} {ind.name(lang)}: {first[0]} {fmt_number(first[1], ind.decimals, lang)}, "
        f"{last[0]} {fmt_number(last[1], ind.decimals, lang)}"
    )
    return svg_image(svg, alt=alt, class_name="pf-spark")


def _points(series: dict) -> list[tuple[int, float]]:
    return [
        (int(p), float(r[0]))
        for p, r in sorted(series.items())
        if r[1] in HAS_VALUE and r[0] is not None and math.isfinite(r[0])
    ]

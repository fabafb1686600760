"""Factsheet (``/factsheet?gebied=…``): one printable A4 page per focus area — the map, the
kernindicatoren of action lines 2–4, the sources and the print date."""

from __future__ import annotations

from datetime import date

from dash import Input, Output, State, html, no_update

from .. import about, ids, views
from ..cards import build_card
from ..components import svg_image
from ..context import AppContext, as_year
from ..i18n import fmt_number, t
from ..registry import REGISTRY, Page
from ..shell import LayoutContext, line_label
from ..svg import legend_svg


def layout(c: LayoutContext) -> list:
    return [
        html.Div(
            className="title-bar no-print",
            children=[
                html.P(t("factsheet_hint", c.lang)),
                html.Button(t("print", c.lang), id=ids.PRINT_BUTTON, className="button"),
                html.Div(id=ids.PRINT_SINK, hidden=True),
            ],
        ),
        html.Article(id=ids.FACTSHEET, className="factsheet"),
    ]


page = REGISTRY.add(Page("factsheet", "/factsheet", "nav_factsheet", layout, nav=False, order=95))


def build_factsheet(
    data, *, lang: str, printed: str, indicator_name: str, unit: str, fmt, provenance: dict | None = None
) -> list:
    """The A4 factsheet: map, kernindicatoren of the three action lines, sources, date."""
    fa, svg, (lo, hi, has_values), lines, sources = data
    cards = [fs_line(line, items, lang, provenance) for line, items in lines.items()]
    legend = svg_image(legend_svg(lo, hi, (fmt(lo), fmt(hi))), alt="", class_name="fs-legend") if has_values else None
    return [
        html.Header(
            className="fs-head",
            children=[
                html.H2(f"{fa.name} — {t('factsheet_title', lang)}"),
                html.P(
                    f"{t('printed_on', lang)} {printed} · {t('composition', lang)}: {t('confidence', lang)} "
                    f"{fa.confidence}"
                ),
            ],
        ),
        html.Div(
            className="fs-top",
            children=[
                html.Figure(
                    className="fs-map",
                    children=[
                        svg_image(svg, alt=f"{t('map_title', lang)}: {indicator_name}"),
                        html.Figcaption(
                            [
                                html.Span(f"{indicator_name} ({unit})"),
                                legend,
                                html.Span(t("secret_legend", lang), className="fs-note"),
                            ]
                        ),
                    ],
                ),
                html.Div(cards[0], className="fs-first"),
            ],
        ),
        *cards[1:],
        html.Footer(
            className="fs-sources",
            children=[
                html.H3(t("sources", lang)),
                html.Ul([html.Li(f"{s.title} — {s.publisher}, {s.table}, {s.licence}") for s in sources]),
                html.P(t("footer", lang)),
            ],
        ),
    ]


def fs_line(line: str, items: list, lang: str, provenance: dict | None = None) -> html.Section:
    """The cards of one action line that have a figure (each with its change since the 0-meting);
    the kernindicatoren without one are named in a line, not given an empty card."""
    shown = [(ind, s) for ind, s in items if s is not None and s.value is not None]
    empty = [ind.name(lang) for ind, s in items if s is None or s.value is None]
    return html.Section(
        className="fs-line",
        children=[
            html.H3(line_label(line, lang)),
            html.Div(
                [build_card(summary, ind, lang, provenance=(provenance or {}).get(ind.id)) for ind, summary in shown],
                className="fs-cards",
            )
            if shown
            else None,
            html.P(t("fs_without", lang, names="; ".join(empty)), className="fs-note fs-without") if empty else None,
        ],
    )


@page.callback(
    Output(ids.FACTSHEET, "children"),
    Input(ids.AREA, "value"),
    Input(ids.INDICATOR, "value"),
    Input(ids.YEAR, "value"),
    Input(page.container_id, "hidden"),
    State(ids.LANG, "data"),
)
def show_factsheet(c: AppContext, area, indicator, year, hidden, lang):
    """Compose the printable A4 factsheet of the chosen focus area."""
    if hidden:
        return no_update
    ind = c.store.indicator(indicator)
    data = views.factsheet_data(c.store, area, indicator, as_year(year), c.baseline_year)
    return build_factsheet(
        data,
        lang=lang,
        printed=date.today().strftime("%d-%m-%Y"),
        indicator_name=f"{ind.name(lang)} {as_year(year) or ''}".strip(),
        unit=ind.unit(lang),
        fmt=lambda v: fmt_number(v, ind.decimals, lang),
        provenance={
            i.id: about.provenance_text(c.store, summary, lang) for items in data[3].values() for i, summary in items
        },
    )


page.clientside(
    "print", Output(ids.PRINT_SINK, "title"), Input(ids.PRINT_BUTTON, "n_clicks"), prevent_initial_call=True
)

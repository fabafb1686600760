"""Nationwide page (``/landelijk``): the map of the Netherlands, the 20 areas ranked, and their
trends as small multiples."""

from __future__ import annotations

from dash import Input, Output, State, dcc, html, no_update

from .. import ids, views
from ..components import GRAPH_CONFIG, map_frame, panel, sparks, table_data, table_toggle
from ..context import AppContext
from ..i18n import t
from ..registry import REGISTRY, Page
from ..shell import LayoutContext
from ..state import resolve_view


def layout(c: LayoutContext) -> list:
    lang = c.lang
    return [
        html.Div(id=ids.NAT_MAP_SINK, hidden=True),
        html.H2(t("nat_title", lang), className="page-title"),
        html.Div(
            className="grid-national",
            children=[
                panel(
                    t("nat_map", lang),
                    html.P(id=ids.NAT_MAP_STATUS, className="map-status"),
                    map_frame(ids.NAT_MAP, lang, extra_class="map-frame-nl"),
                    html.P(t("secret_legend", lang), className="legend-note"),
                    class_name="panel-map",
                ),
                panel(
                    t("nat_ranking", lang),
                    dcc.Graph(id=ids.NAT_RANKING, config=GRAPH_CONFIG, style={"height": "660px"}),
                    html.P(t("ranking_note", lang), className="legend-note"),
                    table_toggle(ids.NAT_TABLE, lang),
                ),
            ],
        ),
        panel(
            t("nat_sparks", lang),
            html.P(t("sparks_note", lang), className="legend-note"),
            html.Div(id=ids.NAT_SPARKS, className="sparks"),
        ),
        html.P(html.A(t("download", lang), id=ids.NAT_DOWNLOAD, href="#", className="download-link")),
    ]


page = REGISTRY.add(
    Page("national", "/landelijk", "nav_national", layout, controls=("line", "indicator", "year", "level"), order=20)
)
#: line, indicator, year, hidden — and the language
VIEW = (
    Input(ids.LINE, "value"),
    Input(ids.INDICATOR, "value"),
    Input(ids.YEAR, "value"),
    Input(page.container_id, "hidden"),
    State(ids.LANG, "data"),
)
#: the same with the map level: line, indicator, year, level, hidden, language
MAP_VIEW = (*VIEW[:3], Input(ids.NAT_LEVEL, "value"), *VIEW[3:])


@page.callback(Output(ids.NAT_MAP_STATUS, "children"), *MAP_VIEW)
def show_national_status(c: AppContext, line, indicator, year, level, hidden, lang):
    """What the map of the Netherlands shows (how many units with and without a figure)."""
    if hidden:
        return no_update
    indicator, year = resolve_view(c.meta, line, indicator, year)
    level = level if level in views.NATIONAL_LAYERS else "gemeente"
    ind = c.store.indicator(indicator)
    units = views.national_map_units(c.store, ind, year, level)
    return views.national_map_status(units, ind, year, level, lang)


@page.callback(
    Output(ids.NAT_RANKING, "figure"),
    Output(ids.NAT_SPARKS, "children"),
    Output(ids.NAT_TABLE + "-data", "data"),
    Output(ids.NAT_DOWNLOAD, "href"),
    *VIEW,
)
def show_national_panels(c: AppContext, line, indicator, year, hidden, lang):
    """Rank the 20 areas and draw their trends for the chosen indicator (nationwide page)."""
    if hidden:
        return (no_update,) * 4
    indicator, year = resolve_view(c.meta, line, indicator, year)
    rank, items, header, rows = views.national_panels(c.store, c.store.indicator(indicator), year, lang)
    return rank, sparks(items), table_data(header, rows), views.download_href(indicator, level="focus_area", lang=lang)


page.clientside(
    "nationalMap",
    Output(ids.NAT_MAP_SINK, "title"),
    Input(ids.INDICATOR, "value"),
    Input(ids.YEAR, "value"),
    Input(ids.NAT_LEVEL, "value"),
    Input(page.container_id, "hidden"),
    Input(ids.LANG, "data"),
)

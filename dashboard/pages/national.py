"""Nationwide page (``/landelijk``): the map of the Netherlands, the 20 areas ranked, and their
trends as small multiples — for one year, or as the change between two years
(``weergave=verandering&van=2014``: from 2014 to the chosen year)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html, no_update

from .. import ids, national_views, views
from ..components import (
    control,
    map_frame,
    panel,
    present_links,
    sparks,
    table_data,
    table_toggle,
)
from ..context import AppContext
from ..i18n import t
from ..markup import fill_slot, slot, to_html
from ..registry import REGISTRY, Page
from ..shell import LayoutContext
from ..state import PageParam, choice_param, resolve_view

MODES = ("waarde", "verandering")
MODE, FROM, SPAN = "nat-mode", "nat-from", "nat-change-span"


def _from(raw, meta):
    """A year of any indicator (whether it suits the chosen one is decided with it, later)."""
    if raw in (None, ""):
        return "", None
    years = {str(y) for ps in meta.periods.values() for y in ps}
    return (raw, None) if raw in years else ("", "vg_bad_value")


PARAMS = (PageParam("weergave", MODE, choice_param(MODES, "waarde")), PageParam("van", FROM, _from))


def mode_controls(c: LayoutContext) -> html.Section:
    lang, state = c.lang, c.state
    years = [str(y) for y in c.config.get("view", {}).get("periods", {}).get(state.indicator, [])]
    chosen = state.param("van") or ""
    change = state.param("weergave") == "verandering"
    return html.Section(
        className="controls nat-modes",
        **{"aria-label": t("nat_mode", lang)},
        children=[
            control(
                t("nat_mode", lang),
                dbc.Select(
                    id=MODE,
                    options=[{"label": t(f"nat_mode_{m}", lang), "value": m} for m in MODES],
                    value=state.param("weergave") or "waarde",
                    className="select",
                ),
                MODE,
                wrapper_id="nat-control-mode",
            ),
            control(
                t("nat_from", lang),
                dbc.Select(
                    id=FROM,
                    options=[{"label": t("baseline", lang), "value": ""}] + [{"label": y, "value": y} for y in years],
                    value=chosen,
                    className="select",
                ),
                FROM,
                wrapper_id="nat-control-from",
                hidden=not change,
            ),
        ],
    )


def map_opens(c: LayoutContext) -> list[str] | None:
    """The map's view as assets/app.js ``nationalMap`` will be called with it (components.map_frame);
    none in the change view, whose two years the server resolves in a callback."""
    state = c.state
    if not state.indicator or state.param("weergave") == "verandering":
        return None
    return [f"nl-{state.level}", state.indicator, state.year_text, c.lang]


def layout(c: LayoutContext) -> list:
    lang = c.lang
    return [
        html.Div(id=ids.NAT_MAP_SINK, hidden=True),
        html.Div(id=SPAN, hidden=True, title=""),
        html.Div(
            className="title-bar",
            children=[
                html.H2(t("nat_title", lang), className="page-title"),
                html.Div(className="present-tools", children=present_links(c, "national")),
            ],
        ),
        mode_controls(c),
        html.Div(
            className="grid-national",
            children=[
                panel(
                    t("nat_map", lang),
                    html.P(id=ids.NAT_MAP_STATUS, className="map-status"),
                    map_frame(ids.NAT_MAP, lang, extra_class="map-frame-nl", opens=map_opens(c)),
                    html.P(t("secret_legend", lang), className="legend-note"),
                    class_name="panel-map",
                ),
                panel(
                    t("nat_ranking", lang),
                    *slot(ids.NAT_RANKING, className="ranking-box"),
                    html.P(t("ranking_note", lang), className="legend-note", id="nat-ranking-note"),
                    table_toggle(ids.NAT_TABLE, lang),
                    class_name="panel-ranking",
                ),
            ],
        ),
        panel(
            t("nat_sparks", lang),
            html.P(t("sparks_note", lang), className="legend-note"),
            *slot(ids.NAT_SPARKS, className="sparks"),
        ),
        html.P(html.A(t("download", lang), id=ids.NAT_DOWNLOAD, href="#", className="download-link")),
    ]


page = REGISTRY.add(
    Page(
        "national",
        "/landelijk",
        "nav_national",
        layout,
        controls=("line", "indicator", "year", "level"),
        order=20,
        params=PARAMS,
        presentable=True,
    )
)
#: line, indicator, year, view mode, change-from year, hidden — and the language
VIEW = (
    Input(ids.LINE, "value"),
    Input(ids.INDICATOR, "value"),
    Input(ids.YEAR, "value"),
    Input(MODE, "value"),
    Input(FROM, "value"),
    Input(page.container_id, "hidden"),
    State(ids.LANG, "data"),
)
#: the same with the map level: line, indicator, year, mode, from, level, hidden, language
MAP_VIEW = (*VIEW[:5], Input(ids.NAT_LEVEL, "value"), *VIEW[5:])


def change_span(c: AppContext, mode, indicator: str, first, year: int | None) -> tuple[int, int] | None:
    """The two years of the change view, or None in the one-year view."""
    if mode != "verandering":
        return None
    return national_views.change_years(c.meta, indicator, first, year, c.baseline_year)


def show_national_status(c: AppContext, line, indicator, year, mode, first, level, hidden, lang):
    """What the map of the Netherlands shows (how many units with and without a figure), and in
    the change view the two years it compares (``2014-2020``, read by the map in the browser)."""
    if hidden:
        return no_update, no_update
    indicator, year = resolve_view(c.meta, line, indicator, year)
    level = level if level in national_views.NATIONAL_LAYERS else "gemeente"
    ind = c.store.indicator(indicator)
    span = change_span(c, mode, indicator, first, year)
    if mode == "verandering":
        return national_views.national_change_status(
            c.store, ind, span, level, lang
        ), f"{indicator}|{span[0]}-{span[1]}" if span else ""
    units = national_views.national_map_units(c.store, ind, year, level)
    return national_views.national_map_status(units, ind, year, level, lang), ""


@page.callback(
    Output(ids.NAT_RANKING + "-html", "data"),
    Output(ids.NAT_SPARKS + "-html", "data"),
    Output(ids.NAT_TABLE + "-data", "data"),
    Output("nat-ranking-note", "children"),
    *VIEW,
)
def show_national_panels(c: AppContext, line, indicator, year, mode, first, hidden, lang):
    """Rank the 20 areas (by value, or by change) and draw their trends (nationwide page); the
    ranking is static HTML (dashboard/rankings.py), put in place by assets/app.js."""
    if hidden:
        return (no_update,) * 4
    indicator, year = resolve_view(c.meta, line, indicator, year)
    ind = c.store.indicator(indicator)
    rank, items, header, rows = national_views.national_panels(c.store, ind, year, lang)
    note = t("ranking_note", lang)
    span = change_span(c, mode, indicator, first, year)
    if span:
        rank, header, rows, frame = national_views.national_change_panels(c.store, ind, *span, lang)
        missing = frame.loc[frame["change"].isna(), "name"].tolist()
        note = t("nat_change_note", lang) + (
            " " + t("nat_change_missing", lang, names=", ".join(missing)) if missing else ""
        )
    return to_html(rank), to_html(sparks(items)), table_data(header, rows), note


def show_national_download(c: AppContext, line, indicator, year, mode, first, level, hidden, lang):
    """The CSV of what the map shows: every gemeente, wijk or buurt of the chosen level."""
    if hidden:
        return no_update
    indicator, _ = resolve_view(c.meta, line, indicator, year)
    level = level if level in national_views.NATIONAL_LAYERS else "gemeente"
    return views.download_href(indicator, level=level, lang=lang)


def show_change_years(c: AppContext, indicator, mode, lang):
    """The years the change can start from: those of the chosen indicator."""
    years = [str(y) for y in c.meta.periods.get(indicator, ())][:-1]
    options = [{"label": t("baseline", lang), "value": ""}] + [{"label": y, "value": y} for y in years]
    return options, "control", {} if mode == "verandering" else {"display": "none"}


@page.callback(
    Output(ids.NAT_MAP_STATUS, "children"),
    Output(SPAN, "title"),
    Output(ids.NAT_DOWNLOAD, "href"),
    Output(FROM, "options"),
    Output("nat-control-mode", "className"),
    Output("nat-control-from", "style"),
    *MAP_VIEW,
)
def show_national_view(c: AppContext, line, indicator, year, mode, first, level, hidden, lang):
    """The map's status and change span, the CSV link and the change-year choice in one response:
    each response of Dash is one more React render (~50–150 ms of main thread on a slow machine
    when the page opens), so what changes together is sent together."""
    if hidden:
        return (no_update,) * 6
    status, span = show_national_status(c, line, indicator, year, mode, first, level, hidden, lang)
    href = show_national_download(c, line, indicator, year, mode, first, level, hidden, lang)
    indicator, _ = resolve_view(c.meta, line, indicator, year)
    return status, span, href, *show_change_years(c, indicator, mode, lang)


fill_slot(page, ids.NAT_RANKING)
fill_slot(page, ids.NAT_SPARKS)

page.clientside(
    "nationalMap",
    Output(ids.NAT_MAP_SINK, "title"),
    Input(ids.INDICATOR, "value"),
    Input(ids.YEAR, "value"),
    Input(ids.NAT_LEVEL, "value"),
    Input(page.container_id, "hidden"),
    Input(ids.LANG, "data"),
    Input(MODE, "value"),
    Input(SPAN, "title"),
)

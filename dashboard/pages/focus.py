"""Focus-area page (``/``): map of the area's buurten, kernindicatoren cards, the trend against the
benchmarks and what the figure is (information panel)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update

from .. import about, ids, views
from ..cards import build_card
from ..components import GRAPH_CONFIG, chart_box, map_frame, panel, table_data, table_toggle
from ..context import AppContext
from ..figures import for_projector
from ..i18n import t
from ..registry import REGISTRY, Page
from ..shell import LayoutContext
from ..state import PageParam, choice_param, resolve_view

#: seconds per slide of the projector-mode slideshow
SLIDE_MS = 12_000


def layout(c: LayoutContext) -> list:
    lang = c.lang
    return [
        dcc.Interval(id=ids.SLIDESHOW, interval=SLIDE_MS, disabled=True),
        html.Div(id=ids.MAP_SINK, hidden=True),
        html.Div(className="title-bar", children=[html.H2(id=ids.TITLE, className="page-title"), present_tools(c)]),
        html.Div(className="grid-focus", children=[map_panel(c), cards_panel(lang)]),
        html.Div(className="grid-series", children=[series_panel(lang), info_panel(lang)]),
        html.P(html.A(t("download", lang), id=ids.DOWNLOAD, href="#", className="download-link")),
    ]


def present_tools(c: LayoutContext) -> html.Div:
    """Projector mode and the factsheet; in projector mode the slideshow, the way out and the keys."""
    lang = c.lang
    return html.Div(
        className="present-tools",
        children=[
            dcc.Link(
                t("present_on", lang),
                id=ids.view_link("focus", present=True),
                href=c.href(page="focus", present=True),
                className="button present-on",
            ),
            dcc.Link(
                t("factsheet_link", lang),
                id=ids.view_link("factsheet"),
                href=c.href(page="factsheet", present=False),
                className="button present-on",
            ),
            html.Button(
                slideshow_label(False, lang),
                id=ids.SLIDESHOW_BUTTON,
                className="button present-only",
                **{"aria-pressed": "false"},
            ),
            dcc.Link(
                t("present_off", lang),
                id=ids.view_link("focus", present=False),
                href=c.href(page="focus", present=False),
                className="button present-only present-exit",
            ),
            html.P(t("present_keys", lang), className="present-keys present-only"),
        ],
    )


def map_panel(c: LayoutContext) -> html.Section:
    """The map of the area's buurten with what it shows, its colour scale, a summary and a table."""
    lang = c.lang
    return panel(
        t("map_title", lang),
        html.P(id=ids.MAP_STATUS, className="map-status"),
        scale_control(c),
        map_frame(ids.MAP, lang, opens=map_opens(c)),
        html.P(t("secret_legend", lang), className="legend-note"),
        html.P(id=ids.MAP_SUMMARY, className="summary"),
        table_toggle(ids.MAP_TABLE, lang),
        class_name="panel-map",
    )


def map_opens(c: LayoutContext) -> list[str] | None:
    """The focus map's view as assets/app.js ``focusMap`` will be called with it (components.map_frame)."""
    state = c.state
    if not state.area or not state.indicator:
        return None
    return [f"focus-{state.area}", state.indicator, state.year_text, c.lang, state.param("schaal") or "nl"]


def cards_panel(lang: str) -> html.Section:
    """The kernindicatoren cards (filled by :func:`show_cards`), a region the keyboard can scroll."""
    return html.Section(
        [html.H3(t("cards_title", lang), className="panel-title"), html.Div(id=ids.CARDS, className="cards")],
        className="panel panel-cards",
        tabIndex="0",
        role="region",
        **{"aria-label": t("cards_title", lang)},
    )


def series_panel(lang: str) -> html.Section:
    """The trend against the benchmarks (filled by :func:`show_series`), also as a table."""
    graph = dcc.Graph(id=ids.SERIES, config=GRAPH_CONFIG, className="series-graph", style={"height": "500px"})
    return panel(
        t("series_title", lang),
        chart_box(graph),
        table_toggle(ids.SERIES_TABLE, lang),
        class_name="panel-series chart-panel",
    )


def info_panel(lang: str) -> html.Section:
    """What the figure is (filled by :func:`show_series`)."""
    return panel(t("info_title", lang), html.Div(id=ids.INFO), class_name="panel-info")


def scale_control(c: LayoutContext) -> html.Div:
    """The colour scale of the map (``schaal=``): the Netherlands' range by default (README: why)."""
    lang = c.lang
    return html.Div(
        className="map-scale present-on-hide",
        children=[
            html.Label(t("map_scale", lang), htmlFor=SCALE),
            dbc.Select(
                id=SCALE,
                options=[{"label": t(f"map_scale_{s}", lang), "value": s} for s in views.SCALES],
                value=c.state.param("schaal") or "nl",
                className="select",
            ),
        ],
    )


SCALE = "map-scale"
page = REGISTRY.add(
    Page(
        "focus",
        "/",
        "nav_focus",
        layout,
        controls=("area", "line", "indicator", "year"),
        order=10,
        presentable=True,
        params=(PageParam("schaal", SCALE, choice_param(views.SCALES, "nl")),),
    )
)
#: what the panels draw from: the raw controls (resolved with state.resolve_view) and whether the
#: page shows — area, line, indicator, year, hidden — and the language
VIEW = (
    Input(ids.AREA, "value"),
    Input(ids.LINE, "value"),
    Input(ids.INDICATOR, "value"),
    Input(ids.YEAR, "value"),
    Input(page.container_id, "hidden"),
    State(ids.LANG, "data"),
)


@page.callback(
    Output(ids.MAP_STATUS, "children"),
    Output(ids.MAP_SUMMARY, "children"),
    Output(ids.MAP_TABLE + "-data", "data"),
    Output(ids.TITLE, "children"),
    *VIEW,
)
def show_focus_texts(c: AppContext, area, line, indicator, year, hidden, lang):
    """The words around the focus-area map: title, what it shows, a summary sentence, a table."""
    if hidden:
        return (no_update,) * 4
    indicator, year = resolve_view(c.meta, line, indicator, year)
    ind = c.store.indicator(indicator)
    view = views.focus_map_view(c.store, area, indicator, year)
    table = table_data(
        [t("table_area", lang), f"{t('table_value', lang)} ({ind.unit(lang)})", t("table_status", lang)],
        views.unit_table_rows(view, ind, lang),
    )
    title = f"{c.store.focus_area(area).name} — {ind.name(lang)}" + (f" ({year})" if year else "")
    return (
        views.map_status_text(view, ind, year, lang),
        views.summary_sentence(c.store, area, ind, year, lang, c.baseline_year),
        table,
        title,
    )


@page.callback(Output(ids.CARDS, "children"), *VIEW)
def show_cards(c: AppContext, area, line, indicator, year, hidden, lang):
    """Show the kernindicatoren of the chosen action line for the chosen area."""
    if hidden:
        return no_update
    indicator, year = resolve_view(c.meta, line, indicator, year)
    return [
        build_card(
            card.summary,
            card.ind,
            lang,
            selected=card.selected,
            extra=card.extra,
            note=card.note,
            provenance=card.provenance,
        )
        for card in views.line_cards(c.store, area, line, indicator, year, lang, c.baseline_year)
    ]


@page.callback(
    Output(ids.SERIES, "figure"),
    Output(ids.SERIES_TABLE + "-data", "data"),
    Output(ids.INFO, "children"),
    Output(ids.DOWNLOAD, "href"),
    *VIEW,
    Input(ids.ROOT, "className"),
)
def show_series(c: AppContext, area, line, indicator, year, hidden, lang, root_class=""):
    """Draw the time series and the information panel for the chosen indicator (in projector
    mode with text for the far end of a meeting room)."""
    if hidden:
        return (no_update,) * 4
    indicator, year = resolve_view(c.meta, line, indicator, year)
    ind = c.store.indicator(indicator)
    fig, header, rows = views.series_view(c.store, area, ind, lang, c.baseline_year)
    if "presenting" in (root_class or "").split():
        short = {
            "focus_area": t("role_focus_area", lang),
            "rest_of_gemeente": t("role_rest_short", lang),
            "nl": t("role_nl", lang),
        }
        fig = for_projector(fig, short)
    info = about.info_items(c.store, area, ind, year, lang, c.baseline_year)
    info_list = html.Dl([x for label, text in info for x in (html.Dt(label), html.Dd(text))], className="info")
    return fig, table_data(header, rows), info_list, views.download_href(indicator, area=area, lang=lang)


@page.callback(
    Output(ids.SLIDESHOW, "disabled"),
    Output(ids.SLIDESHOW_BUTTON, "children"),
    Output(ids.SLIDESHOW_BUTTON, "aria-pressed"),
    Input(ids.SLIDESHOW_BUTTON, "n_clicks"),
    Input(ids.ROOT, "className"),
    State(ids.SLIDESHOW, "disabled"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def toggle_slideshow(c: AppContext, clicks, root_class, disabled, lang, *, trigger: str | None = None):
    """Start or pause the slideshow of kernindicatoren (WCAG 2.2.2: pausable, stoppable); leaving
    projector mode stops it."""
    trigger = trigger or ctx.triggered_id
    if trigger == ids.ROOT:
        if "presenting" in (root_class or "") or disabled:
            return no_update, no_update, no_update
        running = False
    else:
        running = bool(disabled)  # it was paused, so it runs now
    return not running, slideshow_label(running, lang), str(running).lower()


def slideshow_label(running: bool, lang: str) -> list:
    """The button's text with a play or pause icon drawn in CSS (no glyph a font may lack)."""
    icon = html.Span(className="icon icon-pause" if running else "icon icon-play", **{"aria-hidden": "true"})
    return [icon, t("slideshow_pause" if running else "slideshow_play", lang)]


@page.callback(
    Output(ids.INDICATOR, "value", allow_duplicate=True),
    Input(ids.SLIDESHOW, "n_intervals"),
    State(ids.AREA, "value"),
    State(ids.LINE, "value"),
    State(ids.INDICATOR, "value"),
    prevent_initial_call=True,
)
def next_slide(c: AppContext, n_intervals, area, line, indicator):
    """Step the slideshow to the next indicator of the action line that has a figure for the area
    (no slide of a grey map without a card). Not when the page is built later (opened from another
    page): Dash then calls this with the new Interval's 0 although ``prevent_initial_call``, since
    the output (the shared indicator control) was not inserted with it."""
    if not n_intervals:
        return no_update
    return views.next_indicator_for(c.store, c.meta, area, line, indicator)


# the map draws itself in the browser (assets/app.js): one cached payload per change, painted as
# MapLibre feature state — no server callback, no re-render
page.clientside(
    "focusMap",
    Output(ids.MAP_SINK, "title"),
    Input(ids.AREA, "value"),
    Input(ids.INDICATOR, "value"),
    Input(ids.YEAR, "value"),
    Input(page.container_id, "hidden"),
    Input(ids.LANG, "data"),
    Input(SCALE, "value"),
)

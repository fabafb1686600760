"""Thin callbacks: read inputs, call pure functions, turn known errors into a message."""
from __future__ import annotations

import logging
from urllib.parse import urlencode
from dataclasses import dataclass

import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, State, ctx, html, no_update

from geodata.errors import GeodataError
from geodata.settings import Settings
from geodata.store import Store, summarise

from . import ids, views
from .cards import build_card
from .geo import GeoAssets, fit_view
from .i18n import fmt_number, t
from .layout import build_factsheet, build_sparks, indicator_options, notices, table_data, year_options
from .state import Meta, ViewState, decode, encode, resolve_view, with_changes

logger = logging.getLogger(__name__)

PAGE_IDS = {"focus": ids.PAGE_FOCUS, "national": ids.PAGE_NATIONAL, "data": ids.PAGE_DATA, "a11y": ids.PAGE_A11Y,
            "factsheet": ids.PAGE_FACTSHEET}
NAV_PAGES = ("focus", "national", "data", "a11y")
# what the panels of a page draw from: the raw controls (resolved with state.resolve_view) and
# whether the page shows — (area,) line, indicator, year, hidden
FOCUS_VIEW = (Input(ids.AREA, "value"), Input(ids.LINE, "value"), Input(ids.INDICATOR, "value"),
              Input(ids.YEAR, "value"), Input(ids.PAGE_FOCUS, "hidden"))
NATIONAL_VIEW = (Input(ids.LINE, "value"), Input(ids.INDICATOR, "value"), Input(ids.YEAR, "value"),
                 Input(ids.PAGE_NATIONAL, "hidden"))
# the same with the map level: line, indicator, year, level, hidden
NATIONAL_MAP_VIEW = (*NATIONAL_VIEW[:3], Input(ids.NAT_LEVEL, "value"), NATIONAL_VIEW[3])


@dataclass
class AppContext:
    store: Store
    geo: GeoAssets
    meta: Meta
    settings: Settings


def as_year(value: object) -> int | None:
    """The year control is a native <select>: its value arrives as text."""
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def resolve_controls(trigger: str | None, pathname: str | None, search: str | None, controls: dict,
                     meta: Meta, lang: str) -> tuple[ViewState, list[str]]:
    """The state after a URL change or a control change (pure; unit-tested)."""
    if trigger in (None, ids.URL):
        return decode(pathname, search, meta)
    state, _ = decode(pathname, search, meta)
    area = controls.get("area") or state.area
    line = controls.get("line") or state.line
    indicator = controls.get("indicator") or state.indicator
    year = as_year(controls.get("year"))
    level = controls.get("level") or state.level
    if trigger == ids.LINE and meta.line_of(indicator) != line:
        indicator = ""  # a new action line starts at its default indicator
    params = {"gebied": area, "lijn": line, "indicator": indicator, "taal": lang, "niveau": level,
              "presentatie": "1" if state.present else ""}
    if indicator and year is not None and year in meta.periods.get(indicator, ()):
        params["jaar"] = str(year)
    return decode(pathname, "?" + urlencode({k: v for k, v in params.items() if v}), meta)


def register_callbacks(app, c: AppContext) -> None:
    store, geo, meta, settings = c.store, c.geo, c.meta, c.settings

    @app.callback(
        Output(ids.AREA, "value"), Output(ids.LINE, "value"), Output(ids.INDICATOR, "options"),
        Output(ids.INDICATOR, "value"), Output(ids.YEAR, "options"), Output(ids.YEAR, "value"),
        Output(ids.NAT_LEVEL, "value"), Output(ids.URL, "search"), Output(ids.NOTICE, "children"),
        Input(ids.URL, "pathname"), Input(ids.URL, "search"), Input(ids.AREA, "value"), Input(ids.LINE, "value"),
        Input(ids.INDICATOR, "value"), Input(ids.YEAR, "value"), Input(ids.NAT_LEVEL, "value"),
        State("lang", "data"),
    )
    def sync_state(pathname, search, area, line, indicator, year, level, lang):
        """Keep the controls and the URL in step: a URL change sets the controls, a control change
        sets the URL (one callback, so the two never loop). Unchanged props are not re-sent, so
        nothing downstream runs twice."""
        trigger = ctx.triggered_id
        state, msgs = resolve_controls(trigger, pathname, search,
                                       {"area": area, "line": line, "indicator": indicator, "year": year,
                                        "level": level}, meta, lang)
        state = with_changes(state, lang=lang)
        _, new_search = encode(state)
        from_url = trigger in (None, ids.URL)

        def keep(new, old):
            return no_update if new == old else new

        return (
            keep(state.area, area), keep(state.line, line),
            # options follow the line and the indicator (the trigger is the new value, so compare by trigger)
            indicator_options(store.catalog, state.line, lang)
            if from_url or trigger == ids.LINE or state.line != line else no_update,
            keep(state.indicator, indicator),
            year_options(meta.periods.get(state.indicator, ()))
            if from_url or trigger in (ids.LINE, ids.INDICATOR) or state.indicator != indicator else no_update,
            keep(str(state.year) if state.year is not None else "", year), keep(state.level, level),
            keep(new_search, search),
            notices(msgs) if msgs else no_update,
        )

    # Page chrome follows the URL in the browser (no server round trip), so the panels never wait
    # for it: which page shows, projector mode, and the links that carry the current view.
    app.clientside_callback(
        ClientsideFunction(namespace="zof", function_name="pageChrome"),
        *[Output(pid, "hidden") for pid in PAGE_IDS.values()],
        Output("control-area", "style"), Output("control-level", "style"), Output("controls", "hidden"),
        Output(ids.LANG_LINK, "href"), Output(ids.ROOT, "className"), Output(ids.PRESENT_LINK, "href"),
        Output(ids.PRESENT_EXIT, "href"), Output(ids.FACTSHEET_LINK, "href"),
        *[Output(f"nav-{p}", "href") for p in NAV_PAGES], *[Output(f"nav-{p}", "className") for p in NAV_PAGES],
        Input(ids.URL, "pathname"), Input(ids.URL, "search"),
        *[State(pid, "hidden") for pid in PAGE_IDS.values()], State(ids.ROOT, "className"),
    )

    @app.callback(
        Output(ids.MAP_STATUS, "children"), Output(ids.MAP_SUMMARY, "children"), Output(ids.MAP_TABLE + "-data", "data"),
        Output(ids.TITLE, "children"),
        *FOCUS_VIEW, State("lang", "data"),
    )
    def show_focus_texts(area, line, indicator, year, hidden, lang):
        """The words around the focus-area map: title, what it shows, a summary sentence, a table."""
        if hidden:
            return (no_update,) * 4
        indicator, year = resolve_view(meta, line, indicator, year)
        try:
            ind = store.indicator(indicator)
            view = views.focus_map_view(store, area, indicator, year)
        except GeodataError as err:
            return str(err), no_update, no_update, no_update
        table = table_data([t("table_area", lang), f"{t('table_value', lang)} ({ind.unit(lang)})",
                             t("table_status", lang)], views.unit_table_rows(view, ind, lang))
        title = f"{store.focus_area(area).name} — {ind.name(lang)}" + (f" ({year})" if year else "")
        return (views.map_status_text(view, ind, year, lang),
                views.summary_sentence(store, area, ind, year, lang, settings.baseline_year), table, title)

    # The maps draw themselves in the browser (assets/app.js): on a change of area, indicator, year
    # or level they fetch one cached payload and repaint — no server callback, no plotly re-plot.
    if not settings.naive_maps:
        app.clientside_callback(
            "function (area, indicator, year, hidden, lang, config, figure) {"
            " return window.zofMaps.show('focus-map', hidden, config, figure, 'focus-' + area, indicator, year,"
            " lang); }",
            Output(ids.MAP, "figure"), Output(ids.MAP_SINK, "title"),
            Input(ids.AREA, "value"), Input(ids.INDICATOR, "value"), Input(ids.YEAR, "value"),
            Input(ids.PAGE_FOCUS, "hidden"), Input("lang", "data"), State(ids.MAP_CONFIG, "data"),
            State(ids.MAP, "figure"),
        )
        app.clientside_callback(
            "function (indicator, year, level, hidden, lang, config, figure) {"
            " return window.zofMaps.show('nat-map', hidden, config, figure, 'nl-' + level, indicator, year, lang); }",
            Output(ids.NAT_MAP, "figure"), Output(ids.NAT_MAP_SINK, "title"),
            Input(ids.INDICATOR, "value"), Input(ids.YEAR, "value"), Input(ids.NAT_LEVEL, "value"),
            Input(ids.PAGE_NATIONAL, "hidden"), Input("lang", "data"), State(ids.MAP_CONFIG, "data"),
            State(ids.NAT_MAP, "figure"),
        )
    else:  # benchmark baseline only: the whole map re-sent as a go.Figure with inline GeoJSON
        @app.callback(Output(ids.MAP, "figure"), *FOCUS_VIEW, State("lang", "data"))
        def naive_focus_map(area, line, indicator, year, hidden, lang):
            if hidden:
                return no_update
            indicator, year = resolve_view(meta, line, indicator, year)
            view = views.focus_map_view(store, area, indicator, year)
            v = fit_view(geo.bounds(f"outline-{area}"))
            return go.Figure(views.naive_map(view.units, store.indicator(indicator), geo, view.geo_key, lang,
                                             center=(v.lon, v.lat), zoom=v.zoom, context=(f"outline-{area}",)))

        @app.callback(Output(ids.NAT_MAP, "figure"), *NATIONAL_MAP_VIEW, State("lang", "data"))
        def naive_national_map(line, indicator, year, level, hidden, lang):
            if hidden:
                return no_update
            indicator, year = resolve_view(meta, line, indicator, year)
            ind = store.indicator(indicator)
            units = views.national_map_units(store, ind, year, level)
            return go.Figure(views.naive_map(units, ind, geo, f"nl-{level}", lang, center=(5.3, 52.15), zoom=6.2,
                                             context=("outline-all",)))

    @app.callback(
        Output(ids.CARDS, "children"),
        *FOCUS_VIEW, State("lang", "data"),
    )
    def show_cards(area, line, indicator, year, hidden, lang):
        """Show the kernindicatoren of the chosen action line for the chosen area."""
        if hidden:
            return no_update
        indicator, year = resolve_view(meta, line, indicator, year)
        try:
            store.focus_area(area)
        except GeodataError:
            return no_update
        cards = []
        core = store.catalog.for_action_line(line, core_only=True)
        extra = [i for i in store.catalog.for_action_line(line) if i.available and not i.core]
        if not core:
            core, extra = extra[:6], []
        for ind in [*core, *extra]:
            summary = None
            if ind.available:
                summary = summarise(store, area, ind.id, year if ind.id == indicator else None,
                                    settings.baseline_year)
            cards.append(build_card(summary, ind, lang, selected=ind.id == indicator, extra=ind in extra))
        return cards

    @app.callback(
        Output(ids.SERIES, "figure"), Output(ids.SERIES_TABLE + "-data", "data"), Output(ids.INFO, "children"),
        Output(ids.DOWNLOAD, "href"),
        *FOCUS_VIEW, State("lang", "data"),
    )
    def show_series(area, line, indicator, year, hidden, lang):
        """Draw the time series and the information panel for the chosen indicator."""
        if hidden:
            return (no_update,) * 4
        indicator, year = resolve_view(meta, line, indicator, year)
        try:
            ind = store.indicator(indicator)
            fig, header, rows = views.series_view(store, area, ind, lang, settings.baseline_year)
            info = views.info_items(store, area, ind, year, lang, settings.baseline_year)
        except GeodataError as err:
            return no_update, no_update, str(err), no_update
        info_list = html.Dl([x for label, text in info for x in (html.Dt(label), html.Dd(text))], className="info")
        return fig, table_data(header, rows), info_list, views.download_href(indicator, area=area)

    @app.callback(
        Output("nat-map-status", "children"),
        *NATIONAL_MAP_VIEW, State("lang", "data"),
    )
    def show_national_status(line, indicator, year, level, hidden, lang):
        """What the map of the Netherlands shows (how many units with and without a figure)."""
        if hidden:
            return no_update
        indicator, year = resolve_view(meta, line, indicator, year)
        level = level if level in views.NATIONAL_LAYERS else "gemeente"
        try:
            ind = store.indicator(indicator)
            units = views.national_map_units(store, ind, year, level)
        except GeodataError as err:
            return str(err)
        return views.national_map_status(units, ind, year, level, lang)

    @app.callback(
        Output(ids.NAT_RANKING, "figure"), Output(ids.NAT_SPARKS, "children"), Output(ids.NAT_TABLE + "-data", "data"),
        Output(ids.NAT_DOWNLOAD, "href"),
        *NATIONAL_VIEW, State("lang", "data"),
    )
    def show_national_panels(line, indicator, year, hidden, lang):
        """Rank the 20 areas and draw their trends for the chosen indicator (nationwide page)."""
        if hidden:
            return (no_update,) * 4
        indicator, year = resolve_view(meta, line, indicator, year)
        try:
            ind = store.indicator(indicator)
            rank, sparks, header, rows = views.national_panels(store, ind, year, lang)
        except GeodataError:
            return (no_update,) * 4
        return rank, build_sparks(sparks), table_data(header, rows), views.download_href(indicator, level="focus_area")

    @app.callback(
        Output(ids.SLIDESHOW, "disabled"), Output(ids.SLIDESHOW_BUTTON, "children"),
        Output(ids.SLIDESHOW_BUTTON, "aria-pressed"),
        Input(ids.SLIDESHOW_BUTTON, "n_clicks"), Input(ids.ROOT, "className"), State(ids.SLIDESHOW, "disabled"),
        State("lang", "data"), prevent_initial_call=True,
    )
    def toggle_slideshow(_, root_class, disabled, lang):
        """Start or pause the slideshow of kernindicatoren (WCAG 2.2.2: pausable, stoppable);
        leaving projector mode stops it."""
        if ctx.triggered_id == ids.ROOT:
            if "presenting" in (root_class or "") or disabled:
                return no_update, no_update, no_update
            running = False
        else:
            running = bool(disabled)  # it was paused, so it runs now
        return not running, t("slideshow_pause" if running else "slideshow_play", lang), str(running).lower()

    @app.callback(
        Output(ids.INDICATOR, "value", allow_duplicate=True),
        Input(ids.SLIDESHOW, "n_intervals"), State(ids.LINE, "value"), State(ids.INDICATOR, "value"),
        prevent_initial_call=True,
    )
    def next_slide(_, line, indicator):
        """Step the slideshow to the next indicator with data in the action line."""
        return views.next_indicator(meta, line, indicator, step=1)

    @app.callback(
        Output(ids.FACTSHEET, "children"),
        Input(ids.AREA, "value"), Input(ids.INDICATOR, "value"), Input(ids.YEAR, "value"),
        Input(ids.PAGE_FACTSHEET, "hidden"), State("lang", "data"),
    )
    def show_factsheet(area, indicator, year, hidden, lang):
        """Compose the printable A4 factsheet of the chosen focus area."""
        if hidden:
            return no_update
        try:
            ind = store.indicator(indicator)
            data = views.factsheet_data(store, area, indicator, as_year(year), settings.baseline_year)
        except GeodataError as err:
            return str(err)
        from datetime import date
        from .figures import legend_svg
        return build_factsheet(data, lang=lang, printed=date.today().strftime("%d-%m-%Y"), build_card=build_card,
                               legend_svg=legend_svg, indicator_name=f"{ind.name(lang)} {as_year(year) or ''}".strip(),
                               unit=ind.unit(lang), fmt=lambda v: fmt_number(v, ind.decimals, lang))

    for table in (ids.MAP_TABLE, ids.SERIES_TABLE, ids.NAT_TABLE):
        app.clientside_callback(f"function (data) {{ return window.zofTables.render({table!r}, data); }}",
                                Output(table, "title"), Input(table + "-data", "data"))

    app.clientside_callback(
        "function(n) { if (n) { window.print(); } return window.dash_clientside.no_update; }",
        Output(ids.PRINT_BUTTON, "title"), Input(ids.PRINT_BUTTON, "n_clicks"), prevent_initial_call=True,
    )

    app.clientside_callback(
        "function(lang) { document.documentElement.lang = lang || 'nl'; return window.dash_clientside.no_update; }",
        Output("lang-sink", "children"), Input("lang", "data"),
    )

"""Layout builders: ``build_*() -> component``. Text comes from the catalogue or i18n."""
from __future__ import annotations

import json

from dash import dash_table, dcc, html
import dash_bootstrap_components as dbc

from geodata.catalog import Catalog
from geodata.focus import FocusArea

from . import ids
from .figures import base_map
from .i18n import t
from .state import LINES, ViewState, encode, with_changes

GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "scrollZoom": False,
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"], "locale": "nl"}
MAP_CONFIG = {**GRAPH_CONFIG, "scrollZoom": False}
#: what a map graph shows until its page is first opened (a MapLibre map on a hidden page would
#: cost a WebGL context, a worker pool and a second of plotly work at every first render)
EMPTY_FIGURE = {"data": [], "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False},
                                       "margin": {"l": 0, "r": 0, "t": 0, "b": 0}}}


def line_label(line: str, lang: str) -> str:
    return t(f"line_{line}", lang)


def indicator_options(catalog: Catalog, line: str, lang: str) -> list[dict]:
    out = []
    for ind in catalog.for_action_line(line):
        if ind.available:
            label = ind.name(lang) + (" ★" if ind.core else "")
            out.append({"label": label, "value": ind.id})
    return out


def year_options(periods: tuple[int, ...] | list[int]) -> list[dict]:
    # a native <select> carries text values; callbacks turn them back into years
    return [{"label": str(p), "value": str(p)} for p in periods]


def area_options(areas: list[FocusArea], gemeente_names: dict[str, str]) -> list[dict]:
    return [{"label": f"{fa.name} ({gemeente_names.get(fa.gemeente, fa.gemeente)})", "value": fa.id}
            for fa in sorted(areas, key=lambda a: a.name)]


def _control(label: str, component, control_id: str, *, hidden: bool = False, wrapper_id: str | None = None,
             wide: bool = False):
    props = {"className": "control control-wide" if wide else "control", "style": {"display": "none"} if hidden else {}}
    if wrapper_id:
        props["id"] = wrapper_id
    return html.Div([html.Label(label, htmlFor=control_id, className="control-label"), component], **props)


def build_header(state: ViewState) -> html.Header:
    lang = state.lang
    other = "en" if lang == "nl" else "nl"
    _, other_search = encode(with_changes(state, lang=other))
    nav = []
    for page, key in (("focus", "nav_focus"), ("national", "nav_national"), ("data", "nav_data"),
                      ("a11y", "nav_a11y")):
        path, search = encode(with_changes(state, page=page))
        nav.append(dcc.Link(t(key, lang), href=path + search, id=f"nav-{page}",
                            className="nav-link" + (" active" if state.page == page else "")))
    path, _ = encode(state)
    return html.Header(className="site-header", children=[
        html.A(t("skip_link", lang), href="#main", className="skip-link"),
        html.Div(className="brand", children=[
            html.H1(t("app_title", lang), className="app-title"),
            html.P(t("app_subtitle", lang), className="app-subtitle"),
        ]),
        html.Nav(nav, id=ids.NAV, className="site-nav", **{"aria-label": "Hoofdnavigatie" if lang == "nl" else "Main"}),
        html.A(t("other_lang", lang), id=ids.LANG_LINK, href=path + other_search, className="lang-link",
               lang=other, title=t("other_lang_label", lang)),
    ])


def build_controls(state: ViewState, catalog: Catalog, areas: list[FocusArea], gemeente_names: dict[str, str],
                   periods: tuple[int, ...]) -> html.Section:
    lang = state.lang
    return html.Section(className="controls", id="controls", hidden=state.page not in ("focus", "national"),
                        **{"aria-label": "Selectie" if lang == "nl" else "Selection"}, children=[
        _control(t("area", lang), dbc.Select(id=ids.AREA, options=area_options(areas, gemeente_names),
                                              value=state.area, className="select"),
                 ids.AREA, hidden=state.page != "focus", wrapper_id="control-area", wide=True),
        _radio_group(t("line", lang), dbc.RadioItems(
            id=ids.LINE, value=state.line, className="line-tabs", inline=True, name="lijn",
            options=[{"label": line_label(line, lang), "value": line} for line in LINES]), "control-line"),
        _control(t("indicator", lang), dbc.Select(id=ids.INDICATOR, value=state.indicator, className="select",
                                                   options=indicator_options(catalog, state.line, lang)),
                 ids.INDICATOR, wrapper_id="control-indicator", wide=True),
        _control(t("year", lang), dbc.Select(id=ids.YEAR, value=str(state.year) if state.year else "",
                                              options=year_options(periods), className="select"),
                 ids.YEAR, wrapper_id="control-year"),
        _radio_group(t("nat_level", lang), dbc.RadioItems(
            id=ids.NAT_LEVEL, value=state.level, className="line-tabs", inline=True, name="niveau",
            options=[{"label": t("nat_level_gemeente", lang), "value": "gemeente"},
                     {"label": t("nat_level_wijk", lang), "value": "wijk"},
                     {"label": t("nat_level_buurt", lang), "value": "buurt"}]),
            "control-level", hidden=state.page != "national"),
    ])


def _radio_group(legend: str, component, wrapper_id: str, *, hidden: bool = False) -> html.Fieldset:
    """Radio buttons in a fieldset whose legend names the group (its accessible name)."""
    return html.Fieldset([html.Legend(legend, className="control-label"), component], id=wrapper_id,
                         className="control control-radio", style={"display": "none"} if hidden else {})


def _panel(title: str, *children, class_name: str = "", title_id: str | None = None) -> html.Section:
    heading = html.H3(title, className="panel-title", id=title_id) if title_id else html.H3(title, className="panel-title")
    return html.Section([heading, *children], className=f"panel {class_name}".strip())


def build_focus_page(state: ViewState) -> html.Div:
    lang = state.lang
    on, off = encode(with_changes(state, present=True)), encode(with_changes(state, present=False))
    return html.Div(id=ids.PAGE_FOCUS, className="page", hidden=state.page != "focus", children=[
        html.Div(className="title-bar", children=[
            html.H2(id=ids.TITLE, className="page-title"),
            html.Div(className="present-tools", children=[
                dcc.Link(t("present_on", lang), id=ids.PRESENT_LINK, href="".join(on), className="button present-on"),
                dcc.Link(t("factsheet_link", lang), id=ids.FACTSHEET_LINK,
                         href="".join(encode(with_changes(state, page="factsheet", present=False))),
                         className="button present-on"),
                html.Button(t("slideshow_play", lang), id=ids.SLIDESHOW_BUTTON, className="button present-only",
                            **{"aria-pressed": "false"}),
                dcc.Link(t("present_off", lang), id=ids.PRESENT_EXIT, href="".join(off),
                         className="button present-only"),
                html.P(t("present_keys", lang), className="present-keys present-only"),
            ]),
        ]),
        html.Div(className="grid-focus", children=[
            _panel(t("map_title", lang),
                   html.P(id=ids.MAP_STATUS, className="map-status"),
                   html.Div(className="map-frame", children=[
                       dcc.Graph(id=ids.MAP, figure=base_map() if state.page == "focus" else EMPTY_FIGURE,
                                 config=MAP_CONFIG, className="map-graph",
                                 style={"height": "100%"}),
                       html.Div(id=ids.MAP_LEGEND, className="map-legend")]),
                   html.P(t("secret_legend", lang), className="legend-note"),
                   html.P(id=ids.MAP_SUMMARY, className="summary"),
                   html.Details([html.Summary(t("show_table", lang)), *table_slot(ids.MAP_TABLE)],
                                className="table-toggle"),
                   class_name="panel-map"),
            html.Section([html.H3(t("cards_title", lang), className="panel-title"),
                          html.Div(id=ids.CARDS, className="cards")],
                         className="panel panel-cards", tabIndex="0", role="region",
                         **{"aria-label": t("cards_title", lang)}),
        ]),
        html.Div(className="grid-series", children=[
            _panel(t("series_title", lang),
                   dcc.Graph(id=ids.SERIES, config=GRAPH_CONFIG, className="series-graph", style={"height": "500px"}),
                   html.Details([html.Summary(t("show_table", lang)), *table_slot(ids.SERIES_TABLE)],
                                className="table-toggle"),
                   class_name="panel-series"),
            _panel(t("info_title", lang), html.Div(id=ids.INFO), class_name="panel-info"),
        ]),
        html.P(html.A(t("download", lang), id=ids.DOWNLOAD, href="#", className="download-link")),
    ])


def build_national_page(state: ViewState) -> html.Div:
    lang = state.lang
    return html.Div(id=ids.PAGE_NATIONAL, className="page", hidden=state.page != "national", children=[
        html.H2(t("nat_title", lang), className="page-title"),
        html.Div(className="grid-national", children=[
            _panel(t("nat_map", lang), html.P(id="nat-map-status", className="map-status"),
                   html.Div(className="map-frame map-frame-nl", children=[
                       dcc.Graph(id=ids.NAT_MAP, figure=base_map() if state.page == "national" else EMPTY_FIGURE,
                                 config=MAP_CONFIG, className="map-graph",
                                 style={"height": "100%"}),
                       html.Div(id=ids.NAT_MAP_LEGEND, className="map-legend")]),
                html.P(t("secret_legend", lang), className="legend-note"), class_name="panel-map"),
            _panel(t("nat_ranking", lang), dcc.Graph(id=ids.NAT_RANKING, config=GRAPH_CONFIG, style={"height": "660px"}),
                   html.P(t("ranking_note", lang), className="legend-note"),
                   html.Details([html.Summary(t("show_table", lang)), *table_slot(ids.NAT_TABLE)],
                                className="table-toggle")),
        ]),
        _panel(t("nat_sparks", lang), html.P(t("sparks_note", lang), className="legend-note"),
               html.Div(id=ids.NAT_SPARKS, className="sparks")),
        html.P(html.A(t("download", lang), id=ids.NAT_DOWNLOAD, href="#", className="download-link")),
    ])


def build_data_page(state: ViewState, catalog: Catalog, areas: list[FocusArea],
                    gemeente_names: dict[str, str]) -> html.Div:
    lang = state.lang
    rule_text = {
        "sum": t("rule_sum", lang), "ratio": t("rule_ratio", lang), "none": t("rule_none", lang)}
    cat_rows = []
    for ind in catalog:
        cat_rows.append({
            "id": ind.id, "naam": ind.name(lang), "actielijn": ind.action_line, "kern": "ja" if ind.core else "",
            "eenheid": ind.unit(lang), "aggregatie": rule_text.get(ind.rule) or t(
                "rule_weighted_mean", lang, weight=catalog[ind.weight].name(lang).lower() if ind.weight else ""),
            "bronnen": "; ".join(f"{catalog.sources[r.source].publisher} {catalog.sources[r.source].table}"
                                 f" ({r.column})" for r in ind.sources) or t("not_available", lang),
            "definitie": ind.definition(lang),
        })
    def cols(keys: list[str]) -> list[dict]:
        return [{"name": t(f"col_{k}", lang), "id": k} for k in keys]

    cat_cols = cols(["id", "naam", "actielijn", "kern", "eenheid", "aggregatie", "bronnen", "definitie"])
    fa_rows = [{"id": fa.id, "naam": fa.name, "gemeente": gemeente_names.get(fa.gemeente, fa.gemeente),
                "betrouwbaarheid": fa.confidence,
                "wijken": ", ".join(fa.wijken + fa.partial_wijken_whole),
                "buurten": ", ".join(fa.buurten), "bron": fa.source,
                "opmerking": fa.remarks} for fa in areas]
    fa_cols = cols(["id", "naam", "gemeente", "betrouwbaarheid", "wijken", "buurten", "bron", "opmerking"])
    src_rows = [{"bron": s.title, "uitgever": s.publisher, "tabel": s.table, "licentie": s.licence,
                 "vermelding": s.citation, "opmerking": s.note} for s in catalog.sources.values()]
    src_cols = cols(["bron", "uitgever", "tabel", "licentie", "vermelding", "opmerking"])
    style = dict(style_table={"overflowX": "auto"},
                 style_cell={"textAlign": "left", "whiteSpace": "normal", "height": "auto", "fontSize": "15px",
                             "fontFamily": "inherit", "padding": "6px 8px", "minWidth": "80px", "maxWidth": "460px",
                             "verticalAlign": "top"},
                 style_header={"fontWeight": "bold", "backgroundColor": "#eef1f6"},
                 css=[{"selector": ".dash-spreadsheet td div", "rule": "line-height: 1.35;"}])
    return html.Div(id=ids.PAGE_DATA, className="page", hidden=state.page != "data", children=[
        html.H2(t("data_title", lang), className="page-title"),
        _panel(t("catalog", lang), dash_table.DataTable(id=ids.CATALOG_TABLE, data=cat_rows, columns=cat_cols,
                                                         filter_action="native", sort_action="native",
                                                         filter_options={"placeholder_text": t("filter_placeholder", lang)},
                                                         page_size=40, **style)),
        _panel(t("compositions", lang), dash_table.DataTable(id=ids.FOCUS_TABLE, data=fa_rows, sort_action="native",
                                                              columns=fa_cols, **style)),
        _panel(t("sources", lang), dash_table.DataTable(id=ids.SOURCES_TABLE, data=src_rows, columns=src_cols,
                                                         **style)),
    ])


A11Y_TEXT = {
    "nl": [
        "Zicht op Focuswijken streeft naar toegankelijkheid volgens WCAG 2.1 niveau AA (EN 301 549). "
        "Deze verklaring beschrijft wat getest is en wat (nog) niet voldoet.",
        "Getest (automatisch, bij elke wijziging, in headless Chromium): axe-core (regels WCAG 2.0/2.1 A en AA en "
        "best practices) op de focusgebiedpagina, de landelijke pagina, de data- en methodenpagina, deze pagina, "
        "de presentatiemodus en de Engelse versie — geen overtredingen met impact 'serious' of 'critical'; "
        "bediening met het toetsenbord met zichtbare focus en een link 'Direct naar de inhoud'; herschikking "
        "(reflow) op 320 pixels breed zonder horizontaal scrollen; de presentatiemodus op 1920×1080 en 1280×720 "
        "met tekst van minstens 24 pixels; de factsheet past bij afdrukken op één A4.",
        "Tekstalternatieven: bij de kaart een samenvatting in één zin en een tabel met dezelfde cijfers; bij de "
        "grafiek en de rangorde een tabel; bij de kleine grafiekjes een beschrijving. Ontbrekende en geheime "
        "cijfers hebben een eigen grijstint met legenda en staan met hun status in de tabel. Kleur is nooit de "
        "enige drager van betekenis: verschillen hebben een pijl en een woord (hoger/lager, beter/slechter), "
        "lijnen in de grafiek verschillen ook in stijl en markering. Het kleurenpalet (ColorBrewer YlGnBu) is "
        "geschikt voor kleurenblinden.",
        "Bekende tekortkomingen: de kaart zelf (MapLibre/WebGL) is niet met het toetsenbord te verkennen en de "
        "informatie bij aanwijzen verschijnt alleen met de muis — gebruik de tabel eronder; de lichtste kleuren van het palet hebben minder dan 3:1 contrast met wit (de waarden staan "
        "in de tabel); de diavoorstelling van de presentatiemodus wisselt elke 12 seconden en is te pauzeren en te "
        "stoppen (Esc); beschrijvingen van de samenstelling van de focusgebieden zijn deels Engelstalig (bron).",
    ],
    "en": [
        "Focus Areas in View aims to conform to WCAG 2.1 level AA (EN 301 549). This statement describes what was "
        "tested and what does not (yet) conform.",
        "Tested (automatically, on every change, in headless Chromium): axe-core (WCAG 2.0/2.1 A and AA rules and "
        "best practices) on the focus-area page, the nationwide page, the data and methods page, this page, "
        "projector mode and the English version — no violations of impact 'serious' or 'critical'; keyboard "
        "operation with a visible focus and a 'skip to content' link; reflow at 320 pixels wide without "
        "horizontal scrolling; projector mode at 1920×1080 and 1280×720 with text of at least 24 pixels; the "
        "factsheet prints on one A4 page.",
        "Text alternatives: the map has a one-sentence summary and a table of the same figures; the chart and the "
        "ranking have a table; the small multiples have a description. Missing and suppressed figures have their "
        "own grey with a legend entry and are listed with their status in the table. Colour is never the only "
        "carrier of meaning: differences carry an arrow and a word (higher/lower, better/worse); chart lines "
        "also differ in style and marker. The palette (ColorBrewer YlGnBu) is colour-blind safe.",
        "Known gaps: the map itself (MapLibre/WebGL) cannot be explored by keyboard and its hover "
        "information needs a mouse — use the table below it; the "
        "lightest palette colours have less than 3:1 contrast with white (the values are in the table); the "
        "projector-mode slideshow advances every 12 seconds and can be paused and stopped (Esc); descriptions of "
        "the focus-area compositions are partly in English (as in the source).",
    ],
}


def build_a11y_page(state: ViewState) -> html.Div:
    lang = state.lang
    return html.Div(id=ids.PAGE_A11Y, className="page", hidden=state.page != "a11y", children=[
        html.H2(t("a11y_title", lang), className="page-title"),
        _panel(t("a11y_statement", lang), *[html.P(p) for p in A11Y_TEXT[lang]]),
    ])


def build_layout(state: ViewState, *, catalog: Catalog, areas: list[FocusArea], gemeente_names: dict[str, str],
                 periods: tuple[int, ...], messages: list[str],
                 indicators_by_line: dict[str, list[str]] | None = None, values_prefix: str = "",
                 view_table: dict | None = None) -> html.Div:
    lang = state.lang
    return html.Div(id=ids.ROOT, className="app presenting" if state.present else "app", lang=lang, children=[
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Interval(id=ids.SLIDESHOW, interval=12_000, disabled=True),
        html.Div(id=ids.PRESENT_META, hidden=True, **{"data-lines": json.dumps(indicators_by_line),
                                                       "data-view": json.dumps(view_table or {}),
                                                       "data-values": values_prefix,
                                                       "data-areas": json.dumps([a.id for a in areas])}),
        dcc.Store(id="lang", data=lang),
        html.Div(id="lang-sink", hidden=True),
        # where the maps fetch their payloads (assets/app.js: zofMaps.load)
        dcc.Store(id=ids.MAP_CONFIG, data={"values": values_prefix, "base": base_map()}),
        html.Div(id=ids.MAP_SINK, hidden=True),
        html.Div(id=ids.NAT_MAP_SINK, hidden=True),
        build_header(state),
        html.Main(id="main", tabIndex="-1", children=[
            html.Div(id=ids.NOTICE, role="status", children=notices(messages)),
            build_controls(state, catalog, areas, gemeente_names, periods),
            build_focus_page(state),
            build_national_page(state),
            build_data_page(state, catalog, areas, gemeente_names),
            build_a11y_page(state),
            build_factsheet_page(state),
        ]),
        html.Footer(t("footer", lang), className="site-footer"),
    ])


def notices(messages: list[str]) -> list:
    return [dbc.Alert(m, color="warning", className="notice", dismissable=True) for m in messages]


def table_slot(table_id: str) -> list:
    """A table filled in the browser from ``{header, rows}`` in the store ``<id>-data``
    (assets/app.js: zofTables): hundreds of cells as one prop instead of hundreds of components,
    which Dash would otherwise re-create — and re-check on every update — at each switch."""
    return [dcc.Store(id=f"{table_id}-data"), html.Div(id=table_id, className="table-slot")]


def table_data(header: list[str], rows: list[list[str]]) -> dict:
    return {"header": [str(h) for h in header], "rows": [[str(c) for c in r] for r in rows]}


def build_sparks(items: list[tuple[str, str, str, str]]) -> list:
    """Small multiples as inline SVG images (``items``: name, svg, alt text, years)."""
    from urllib.parse import quote
    return [html.Figure(className="spark", children=[
        html.Img(src="data:image/svg+xml;utf8," + quote(svg), alt=alt, width=200, height=60),
        html.Figcaption([html.Span(name, className="spark-name"), html.Span(years, className="spark-years")]),
    ]) for name, svg, alt, years in items]


def build_factsheet_page(state: ViewState) -> html.Div:
    lang = state.lang
    return html.Div(id=ids.PAGE_FACTSHEET, className="page", hidden=state.page != "factsheet", children=[
        html.Div(className="title-bar no-print", children=[
            html.P(t("factsheet_hint", lang)),
            html.Button(t("print", lang), id=ids.PRINT_BUTTON, className="button"),
        ]),
        html.Article(id=ids.FACTSHEET, className="factsheet"),
    ])


def build_factsheet(data, *, lang: str, printed: str, build_card, legend_svg, indicator_name: str, unit: str,
                    fmt) -> list:
    """The A4 factsheet: map, kernindicatoren of the three action lines, sources, date."""
    from urllib.parse import quote
    fa, svg, (lo, hi, has_values), lines, sources = data
    cards = []
    for line, items in lines.items():
        cards.append(html.Section(className="fs-line", children=[
            html.H3(line_label(line, lang)),
            html.Div([build_card(summary, ind, lang) for ind, summary in items], className="fs-cards"),
        ]))
    return [
        html.Header(className="fs-head", children=[
            html.H2(f"{fa.name} — {t('factsheet_title', lang)}"),
            html.P(f"{t('printed_on', lang)} {printed} · {t('composition', lang)}: {t('confidence', lang)} "
                   f"{fa.confidence}"),
        ]),
        html.Div(className="fs-top", children=[
            html.Figure(className="fs-map", children=[
                html.Img(src="data:image/svg+xml;utf8," + quote(svg), alt=f"{t('map_title', lang)}: {indicator_name}"),
                html.Figcaption([
                    html.Span(f"{indicator_name} ({unit})"),
                    html.Img(src="data:image/svg+xml;utf8," + quote(legend_svg(lo, hi, (fmt(lo), fmt(hi)))),
                             alt="", className="fs-legend") if has_values else None,
                    html.Span(t("secret_legend", lang), className="fs-note"),
                ]),
            ]),
            html.Div(cards[0], className="fs-first"),
        ]),
        *cards[1:],
        html.Footer(className="fs-sources", children=[
            html.H3(t("sources", lang)),
            html.Ul([html.Li(f"{s.title} — {s.publisher}, {s.table}, {s.licence}") for s in sources]),
            html.P(t("footer", lang)),
        ]),
    ]

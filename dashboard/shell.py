"""The app shell around the pages: header and navigation (from the registry), the shared controls,
the notice area, the page containers and the footer. Text comes from the catalogue or i18n."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import dash_bootstrap_components as dbc
from dash import dcc, html

from geodata.catalog import Catalog
from geodata.focus import FocusArea

from . import ids
from .components import control, notices, radio_group
from .i18n import t
from .registry import CONTROLS, Page, Registry
from .state import LINES, NAT_LEVELS, Routes, ViewState, encode, with_changes


@dataclass(frozen=True)
class LayoutContext:
    """What a page builder gets: the view being opened and the (read-only) data it may name."""

    state: ViewState
    catalog: Catalog
    focus_areas: list[FocusArea]
    gemeente_names: dict[str, str]
    periods: tuple[int, ...]
    routes: Routes
    config: dict = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.state.lang

    def href(self, **changes: object) -> str:
        """The URL of the current view with ``changes`` (e.g. another page, projector mode)."""
        return "".join(encode(with_changes(self.state, **changes), self.routes))


def line_label(line: str, lang: str) -> str:
    return t(f"line_{line}", lang)


def indicator_options(catalog: Catalog, line: str, lang: str) -> list[dict]:
    return [
        {"label": ind.name(lang) + (" ★" if ind.core else ""), "value": ind.id}
        for ind in catalog.for_action_line(line)
        if ind.available
    ]


def year_options(periods: tuple[int, ...] | list[int]) -> list[dict]:
    # a native <select> carries text values; callbacks turn them back into years
    return [{"label": str(p), "value": str(p)} for p in periods]


def area_options(areas: list[FocusArea], gemeente_names: dict[str, str]) -> list[dict]:
    return [
        {"label": f"{fa.name} ({gemeente_names.get(fa.gemeente, fa.gemeente)})", "value": fa.id}
        for fa in sorted(areas, key=lambda a: a.name)
    ]


def build_header(ctx: LayoutContext, registry: Registry) -> html.Header:
    lang, state = ctx.lang, ctx.state
    other = "en" if lang == "nl" else "nl"
    nav = [
        dcc.Link(
            t(p.label, lang),
            href=ctx.href(page=p.key, present=False),
            id=f"nav-{p.key}",
            className="nav-link" + (" active" if state.page == p.key else ""),
        )
        for p in registry.nav
    ]
    return html.Header(
        className="site-header",
        children=[
            html.A(t("skip_link", lang), href="#main", className="skip-link"),
            html.Div(
                className="brand",
                children=[
                    html.H1(t("app_title", lang), className="app-title"),
                    html.P(t("app_subtitle", lang), className="app-subtitle"),
                ],
            ),
            html.Nav(nav, id=ids.NAV, className="site-nav", **{"aria-label": t("nav_label", lang)}),
            html.A(
                t("other_lang", lang),
                id=ids.LANG_LINK,
                href=ctx.href(lang=other),
                className="lang-link",
                lang=other,
                title=t("other_lang_label", lang),
            ),
        ],
    )


def build_controls(ctx: LayoutContext, page: Page) -> html.Section:
    """The shared controls, each shown only on the pages that name it (``Page.controls``)."""
    lang, state = ctx.lang, ctx.state
    hidden = {name: name not in page.controls for name in CONTROLS}
    return html.Section(
        className="controls",
        id=ids.CONTROLS,
        hidden=not page.controls,
        **{"aria-label": t("controls_label", lang)},
        children=[
            _select(
                t("area", lang),
                ids.AREA,
                area_options(ctx.focus_areas, ctx.gemeente_names),
                state.area,
                "area",
                wide=True,
                hidden=hidden["area"],
            ),
            _radios(
                t("line", lang),
                ids.LINE,
                "lijn",
                [(line, line_label(line, lang)) for line in LINES],
                state.line,
                "line",
                hidden=hidden["line"],
            ),
            _select(
                t("indicator", lang),
                ids.INDICATOR,
                indicator_options(ctx.catalog, state.line, lang),
                state.indicator,
                "indicator",
                wide=True,
                hidden=hidden["indicator"],
            ),
            _select(
                t("year", lang),
                ids.YEAR,
                year_options(ctx.periods),
                state.year_text,
                "year",
                hidden=hidden["year"],
            ),
            _radios(
                t("nat_level", lang),
                ids.NAT_LEVEL,
                "niveau",
                [(lv, t(f"nat_level_{lv}", lang)) for lv in NAT_LEVELS],
                state.level,
                "level",
                hidden=hidden["level"],
            ),
        ],
    )


def _select(label: str, cid: str, options: list, value: object, name: str, *, wide: bool = False, hidden: bool):
    """A labelled native <select> in its wrapper (``control-<name>``, shown or hidden per page)."""
    component = dbc.Select(id=cid, options=options, value=value, className="select")
    return control(label, component, cid, wrapper_id=ids.control_wrapper(name), wide=wide, hidden=hidden)


def _radios(legend: str, cid: str, field: str, options: list[tuple[str, str]], value: str, name: str, *, hidden: bool):
    """Radio buttons (as tabs) in a fieldset whose legend names them."""
    component = dbc.RadioItems(
        id=cid,
        value=value,
        className="line-tabs",
        inline=True,
        name=field,
        options=[{"label": label, "value": v} for v, label in options],
    )
    return radio_group(legend, component, ids.control_wrapper(name), hidden=hidden)


def build_shell(config: dict) -> html.Div:
    """What ``/_dash-layout`` sends, the same for every URL: what assets/app.js reads (the page
    table, the map payload prefix, the view table …), the URL the page was opened with (set in the
    browser by the clientside ``openedUrl``) and an empty page. The page itself is built for that
    URL (``callbacks.render_page``), never from the request's Referer, which a browser or a proxy
    may leave out."""
    return html.Div(
        [
            html.Div(id=ids.CONFIG, hidden=True, **{"data-config": json.dumps(config)}),
            dcc.Store(id=ids.OPENED, data=""),
            html.Div(id=ids.PAGE),
        ]
    )


def page_children(page: Page, ctx: LayoutContext) -> list:
    """A page's content: its ``layout(ctx)``, and the store through which its own URL parameters
    reach the URL if it has any (``Page.search_id``; dashboard/callbacks.py: page_param_callbacks)."""
    content = page.layout(ctx)
    content = content if isinstance(content, list) else [content]
    return [dcc.Store(id=page.search_id), *content] if page.params else content


def is_own_url(opened: tuple[str, str], path: str, canonical: str) -> bool:
    """Whether the address bar's URL (``opened``: pathname, search) is one the app writes for the
    page it opens: its path with an empty or the canonical search. Only such a URL is echoed into
    what the server sends (dcc.Location starts at it, the index carries its page); any other
    (a typo, a bad or hostile parameter) is reflected nowhere.

    >>> is_own_url(("/landelijk", ""), "/landelijk", "?jaar=2020"), is_own_url(("/", "?x=1"), "/", "?jaar=2020")
    (True, False)
    """
    return opened[0] == path and opened[1] in ("", canonical)


def build_layout(
    ctx: LayoutContext,
    registry: Registry,
    *,
    messages: list[str],
    built: list[str],
    opened: tuple[str, str] | None = None,
) -> html.Div:
    """The whole page for the view being opened: every page's container (only the current one
    shown), the content of the pages in ``built`` only; the others are built when they first show
    (dashboard/pagebuild.py), so a switch between pages needs no new layout.

    ``opened``: the address bar's pathname and search the page opens at. Where the search is empty
    or already canonical, dcc.Location starts with them, so it does not report them as a change
    when it mounts (which would run callbacks.sync_state for nothing, and hold every panel back
    one round trip); any other search is not echoed into the page (a hostile URL is reflected
    nowhere), and Location reports it on mount as before."""
    lang, state = ctx.lang, ctx.state
    path, canonical = encode(state, ctx.routes)
    start = dict(zip(("pathname", "search"), opened)) if opened and is_own_url(opened, path, canonical) else {}
    current = registry[state.page]
    return html.Div(
        id=ids.ROOT,
        className="app presenting" if state.present else "app",
        lang=lang,
        children=[
            dcc.Location(id=ids.URL, refresh=False, **start),
            dcc.Store(id=ids.LANG, data=lang),
            dcc.Store(id=ids.BUILT, data=list(built)),
            dcc.Store(id=ids.CANONICAL, data=canonical),
            html.Div(id=ids.CANONICAL_SINK, hidden=True),
            html.Div(id=ids.LANG_SINK, hidden=True),
            build_header(ctx, registry),
            html.Main(
                id="main",
                tabIndex="-1",
                children=[
                    html.Div(id=ids.NOTICE, role="status", children=notices(messages)),
                    build_controls(ctx, current),
                    *[
                        html.Div(
                            id=p.container_id,
                            className="page",
                            hidden=p.key != state.page,
                            children=page_children(p, ctx) if p.key in built else [],
                        )
                        for p in registry
                    ],
                ],
            ),
            html.Footer(t("footer", lang), className="site-footer"),
        ],
    )

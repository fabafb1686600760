"""Registering callbacks, in one place and with one error path; the callbacks the pages share.

Every callback is a plain module-level function ``fn(context, *values)`` (testable without Dash);
:func:`register_callbacks` binds it to the :class:`~dashboard.context.AppContext`. Known errors of
the data layer (:class:`geodata.errors.GeodataError`) become a short message in the user's
language in the notice area, and the outputs keep what they showed; anything else reaches
:func:`on_error`, which logs the traceback and shows an apology.
"""

from __future__ import annotations

import functools
import inspect
import logging
from urllib.parse import parse_qs, urlencode

import dash
from dash import ClientsideFunction, Input, Output, State, ctx, no_update

from geodata.errors import GeodataError

from . import ids
from .components import notices
from .context import AppContext, as_year
from .i18n import error_message, t
from .pagebuild import newly_shown
from .registry import CONTROLS, CallbackGroup, CallbackSpec, Registry
from .shell import indicator_options, year_options
from .state import Meta, ViewState, decode, encode

logger = logging.getLogger(__name__)
SHARED = CallbackGroup()
#: the tables filled in the browser from their ``<id>-data`` stores
TABLES = (ids.MAP_TABLE, ids.SERIES_TABLE, ids.NAT_TABLE)


def on_error(err: Exception) -> None:
    """Dash's handler of unexpected errors: log them, keep the view, apologise."""
    logger.exception("callback failed", exc_info=err)
    dash.set_props(ids.NOTICE, {"children": notices([t("error_apology", "nl")])})


def _unchanged(spec: CallbackSpec):
    outputs = [d for d in spec.dependencies if isinstance(d, Output)]
    return no_update if len(outputs) == 1 else (no_update,) * len(outputs)


def guarded(spec: CallbackSpec, context: AppContext):
    """``spec.fn`` bound to ``context``, with the one error path for known errors."""
    names = list(inspect.signature(spec.fn).parameters)[1:]
    lang_at = names.index("lang") if "lang" in names else None

    @functools.wraps(spec.fn)
    def run(*values):
        try:
            return spec.fn(context, *values)
        except GeodataError as err:
            lang = values[lang_at] if lang_at is not None and lang_at < len(values) else "nl"
            logger.info("%s: %s", spec.name, err)
            dash.set_props(ids.NOTICE, {"children": notices([error_message(err, lang)])})
            return _unchanged(spec)

    return run


def register_callbacks(app: dash.Dash, context: AppContext, registry: Registry) -> None:
    """Every page's callbacks and the shared ones, each bound to ``context``."""
    specs = [
        *SHARED.callbacks,
        *chrome_callbacks(registry).callbacks,
        *page_param_callbacks(registry).callbacks,
        *page_fill_callbacks(registry).callbacks,
        *[spec for page in registry for spec in page.callbacks],
    ]
    for spec in specs:
        if spec.clientside:
            app.clientside_callback(
                ClientsideFunction(namespace="zof", function_name=spec.clientside), *spec.dependencies, **spec.options
            )
        else:
            app.callback(*spec.dependencies, **spec.options)(guarded(spec, context))


# ----------------------------------------------------------------------------- URL and controls


def resolve_controls(
    trigger: str | None, pathname: str | None, search: str | None, controls: dict, meta: Meta, lang: str
) -> tuple[ViewState, list[str]]:
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
    params = {
        "gebied": area,
        "lijn": line,
        "indicator": indicator,
        "taal": lang,
        "niveau": level,
        "presentatie": "1" if state.present else "",
    }
    if indicator and year is not None and year in meta.periods.get(indicator, ()):
        params["jaar"] = str(year)
    own = {name: value for name, value in state.extra if value not in (None, "")}  # the page's own
    return decode(pathname, "?" + urlencode({**own, **{k: v for k, v in params.items() if v}}), meta)


def control_updates(c: AppContext, state: ViewState, old: dict, trigger: str | None, lang: str) -> tuple:
    """What the controls must show for ``state`` (``old``: what they show now); unchanged props
    are not re-sent, so nothing downstream runs twice."""

    def keep(new, before):
        return no_update if new == before else new

    from_url = trigger in (None, ids.URL)
    # options follow the line and the indicator (the trigger carries the new value: compare by trigger)
    new_line = from_url or trigger == ids.LINE or state.line != old["line"]
    new_indicator = from_url or trigger in (ids.LINE, ids.INDICATOR) or state.indicator != old["indicator"]
    return (
        keep(state.area, old["area"]),
        keep(state.line, old["line"]),
        indicator_options(c.store.catalog, state.line, lang) if new_line else no_update,
        keep(state.indicator, old["indicator"]),
        year_options(c.meta.periods.get(state.indicator, ())) if new_indicator else no_update,
        keep(state.year_text, old["year"]),
        keep(state.level, old["level"]),
    )


@SHARED.callback(
    Output(ids.AREA, "value"),
    Output(ids.LINE, "value"),
    Output(ids.INDICATOR, "options"),
    Output(ids.INDICATOR, "value"),
    Output(ids.YEAR, "options"),
    Output(ids.YEAR, "value"),
    Output(ids.NAT_LEVEL, "value"),
    Output(ids.URL, "search"),
    Output(ids.NOTICE, "children"),
    Input(ids.URL, "pathname"),
    Input(ids.URL, "search"),
    Input(ids.AREA, "value"),
    Input(ids.LINE, "value"),
    Input(ids.INDICATOR, "value"),
    Input(ids.YEAR, "value"),
    Input(ids.NAT_LEVEL, "value"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def sync_state(c: AppContext, pathname, search, area, line, indicator, year, level, lang, *, trigger=None):
    """Keep the controls and the URL in step: a URL change sets the controls, a control change
    sets the URL (one callback, so the two never loop).

    Not called when a page opens at an empty or canonical search (any other search, dcc.Location
    reports on mount, and this runs as before): the page is built with its controls, their options and the
    notices for its URL already (shell.build_layout, from the same ``decode``), and the canonical
    search goes to the address bar once Dash is idle (assets/app.js: ``canonicalSearch``). Dash would
    otherwise hold every panel back one round trip, as their inputs are this callback's outputs."""
    trigger = trigger if trigger is not None else ctx.triggered_id
    old = {"area": area, "line": line, "indicator": indicator, "year": year, "level": level}
    lang = decode(pathname, search, c.meta)[0].lang  # the URL's language: the page was rendered in it
    state, msgs = resolve_controls(trigger, pathname, search, old, c.meta, lang)
    _, new_search = encode(state, c.meta.page_routes())
    return (
        *control_updates(c, state, old, trigger, lang),
        no_update if new_search == search else new_search,
        notices(msgs) if msgs else no_update,
    )


@SHARED.callback(Output(ids.PAGE, "children"), Input(ids.OPENED, "data"))
def render_page(c: AppContext, opened):
    """Opening a link: build the page for the URL in the address bar (in its language, on its page,
    with its view), once per page load; later URL changes are followed by the controls."""
    if not opened or c.pages is None:
        return no_update
    pathname, mark, query = str(opened).partition("?")
    return c.pages.opened(pathname, mark + query)  # the search as the address bar has it ("" or "?…")


def fill_pages(c: AppContext, keys: list[str], pathname, search, built, hidden: list) -> tuple:
    """Build the pages that show for the first time (``keys``: every page, ``hidden``: their flags,
    ``built``: the pages built so far) for the URL they show at; nothing else changes."""
    new = newly_shown(keys, hidden, built)
    if not new or c.pages is None:
        return (no_update,) * (len(keys) + 1)
    return (
        *[c.pages.content(k, pathname, search) if k in new else no_update for k in keys],
        [*(built or []), *new],
    )


def page_fill_callbacks(registry: Registry) -> CallbackGroup:
    """The callback that builds a page when it first shows (dashboard/pagebuild.py)."""
    keys = [p.key for p in registry]

    def fill(c, *values):
        *hidden, pathname, search, built = values
        return fill_pages(c, keys, pathname, search, built, hidden)

    fill.__name__ = "fill_pages"
    group = CallbackGroup()
    group.callback(
        *[Output(p.container_id, "children") for p in registry],
        Output(ids.BUILT, "data"),
        *[Input(p.container_id, "hidden") for p in registry],
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
        State(ids.BUILT, "data"),
        prevent_initial_call=True,
    )(fill)
    return group


def sync_page_params(c: AppContext, page_key: str, pathname, search, hidden, *values, trigger=None):
    """Keep a page's own controls and its URL parameters in step (as sync_state does for the
    shared ones): a URL change sets the controls, a control change sets the URL."""
    trigger = trigger if trigger is not None else ctx.triggered_id
    specs = c.meta.page_routes().params.get(page_key, ())
    unchanged = (no_update,) * (len(specs) + 1)
    if hidden:
        return unchanged
    state, _ = decode(pathname, search, c.meta)
    if trigger == ids.URL:
        return (
            *[no_update if state.param(s.name) == v else state.param(s.name) for s, v in zip(specs, values)],
            no_update,
        )
    wanted = dict(state.extra)
    wanted.update({s.name: v for s, v in zip(specs, values)})
    state, _ = decode(pathname, "?" + urlencode({**_query(search), **{k: v for k, v in wanted.items() if v}}), c.meta)
    _, new_search = encode(state, c.meta.page_routes())
    return (*(no_update,) * len(specs), no_update if new_search == search else new_search)


def _query(search: str | None) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}


def page_param_callbacks(registry: Registry) -> CallbackGroup:
    """One sync callback per page that has URL parameters of its own. It writes the new search
    to the page's own store (``Page.search_id``), which a clientside callback copies to the URL:
    while the page is not built, the sync callback has no output and does not run."""
    group = CallbackGroup()
    for page in registry:
        if not page.params:
            continue
        group.clientside(
            "copySearch",
            Output(ids.URL, "search", allow_duplicate=True),
            Input(page.search_id, "data"),
            prevent_initial_call=True,
        )
        group.callback(
            *[Output(p.component, "value") for p in page.params],
            Output(page.search_id, "data"),
            Input(ids.URL, "search"),
            *[Input(p.component, "value") for p in page.params],
            State(ids.URL, "pathname"),
            State(page.container_id, "hidden"),
            prevent_initial_call=True,
        )(_bind_page(page.key))
    return group


def _bind_page(page_key: str):
    def sync(c, search, *rest):
        *values, pathname, hidden = rest
        return sync_page_params(c, page_key, pathname, search, hidden, *values)

    sync.__name__ = f"sync_{page_key}_params"
    return sync


def chrome_callbacks(registry: Registry) -> CallbackGroup:
    """Page chrome follows the URL in the browser (no server round trip): which page and which
    controls show, projector mode, and the links that carry the current view. The outputs are
    derived from the registry in the order of ``registry.browser_table()``, which the browser
    side reads too."""
    group = CallbackGroup()
    group.clientside(
        "pageChrome",
        *[Output(p.container_id, "hidden") for p in registry],
        *[Output(ids.control_wrapper(name), "style") for name in CONTROLS],
        Output(ids.CONTROLS, "hidden"),
        Output(ids.LANG_LINK, "href"),
        Output(ids.ROOT, "className"),
        *[Output(f"nav-{p.key}", "href") for p in registry.nav],
        *[Output(f"nav-{p.key}", "className") for p in registry.nav],
        Output({"type": ids.VIEW_LINK, "page": dash.ALL, "present": dash.ALL}, "href"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
        State(ids.ROOT, "className"),
        # what shows now: an unchanged flag is not re-sent (it would re-run that page's panels)
        *[State(p.container_id, "hidden") for p in registry],
    )
    return group


for _table in TABLES:
    SHARED.clientside("renderTable", Output(_table, "title"), Input(_table + "-data", "data"), State(_table, "id"))
SHARED.clientside("setLang", Output(ids.LANG_SINK, "children"), Input(ids.LANG, "data"))
SHARED.clientside("openedUrl", Output(ids.OPENED, "data"), Input(ids.CONFIG, "id"))
SHARED.clientside(
    "canonicalSearch", Output(ids.CANONICAL_SINK, "title"), Input(ids.CANONICAL, "data"), State(ids.URL, "search")
)

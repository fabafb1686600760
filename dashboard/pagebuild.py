"""Building pages for a URL: the page a link opens, and the others when they first show.

Opening a link builds the whole shell with the content of the URL's page only
(:func:`dashboard.callbacks.render_page`); the other pages' containers stay empty until the
visitor goes there (:func:`dashboard.callbacks.fill_pages`). So opening ``/`` neither sends nor
renders the data page's tables or the progress matrix — nor runs their first callbacks.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from dash import html
from plotly.io.json import to_json_plotly

from .context import AppContext
from .registry import Registry
from .shell import LayoutContext, build_layout, is_own_url, page_children
from .state import Routes, decode, encode

#: URLs whose page is kept built (most visitors open a few; a page takes ~20 ms to build)
RECENT_PAGES = 64


class PageBuilder:
    """The pages of ``registry`` for a URL, on the current ``context.meta`` (cached per URL until
    :meth:`clear`, called when delivered values bring new years or indicators)."""

    def __init__(self, context: AppContext, registry: Registry, routes: Routes, config: dict) -> None:
        self.context, self.registry, self.routes, self.config = context, registry, routes, config
        store = context.store
        self.gemeente_names = {fa.gemeente: store.area_name(fa.gemeente) for fa in store.focus_areas}
        self._build = functools.lru_cache(maxsize=RECENT_PAGES)(self._build_uncached)
        self._embedded = functools.lru_cache(maxsize=RECENT_PAGES)(self._embedded_uncached)

    def layout_context(self, pathname: str | None, search: str | None) -> tuple[LayoutContext, list[str]]:
        """What a page builder gets for this URL, and the messages about its parameters."""
        meta, store = self.context.meta, self.context.store
        state, msgs = decode(pathname, search, meta)
        ctx = LayoutContext(
            state,
            store.catalog,
            store.focus_areas,
            self.gemeente_names,
            meta.periods.get(state.indicator, ()),
            self.routes,
            self.config,
        )
        return ctx, msgs

    def opened(self, pathname: str | None, search: str | None):
        """The whole page a link opens: the shell with the content of the URL's page only
        (``pathname`` and ``search`` as the address bar has them: ``search`` is "" or "?…")."""
        return self._build(None, pathname, search)

    def embedded(self, pathname: str | None, search: str | None) -> str | None:
        """The page a link opens as JSON for a ``<script type="application/json">`` in the index
        HTML, so that the browser has it with the page itself: no ``render_page`` round trip
        (assets/app.js: ``embedPage``, Dash's layout_post hook). Only where the search is empty or
        canonical, as the address bar has it: any other URL (a typo, a bad or hostile parameter)
        is not built into the index, and the page comes from ``render_page`` as before."""
        return self._embedded(pathname or "/", search or "")

    def content(self, key: str, pathname: str | None, search: str | None) -> list:
        """The content of page ``key`` for the URL it first shows at."""
        return self._build(key, pathname, search)

    def every_page(self) -> html.Div:
        """The shell with every page built: Dash checks the callbacks against it (the validation
        layout), and the request guards learn each component's props from it."""
        ctx, msgs = self.layout_context("/", "")
        return build_layout(ctx, self.registry, messages=msgs, built=[p.key for p in self.registry])

    def clear(self) -> None:
        self._build.cache_clear()
        self._embedded.cache_clear()

    def _embedded_uncached(self, pathname: str, search: str) -> str | None:
        ctx, _ = self.layout_context(pathname, search)
        if not is_own_url((pathname, search), *encode(ctx.state, self.routes)):
            return None
        return script_json(to_json_plotly(self.opened(pathname, search)))

    def _build_uncached(self, key: str | None, pathname: str | None, search: str | None):
        ctx, msgs = self.layout_context(pathname, search)
        if key is None:
            opened = (pathname or "/", search or "")
            return build_layout(ctx, self.registry, messages=msgs, built=[ctx.state.page], opened=opened)
        return page_children(self.registry[key], ctx)


def script_json(text: str) -> str:
    """JSON text made safe inside an HTML ``<script>`` element: ``<``, ``>`` and ``&`` (which JSON
    has only inside strings) as ``\\u`` escapes, so no ``</script>`` or ``<!--`` can end or bend it;
    ``JSON.parse`` reads the same value.

    >>> script_json('{"a": "</script><!--&"}')
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u0026"}'
    """
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def newly_shown(keys: Iterable[str], hidden: Iterable[bool], built: Iterable[str] | None) -> list[str]:
    """The pages that show now (``hidden`` false) and are not built yet, in registry order.

    >>> newly_shown(["focus", "national", "data"], [True, False, True], ["focus"])
    ['national']
    >>> newly_shown(["focus", "national"], [True, False], ["focus", "national"])
    []
    """
    done = set(built or ())
    return [k for k, h in zip(keys, hidden) if not h and k not in done]

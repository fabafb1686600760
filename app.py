"""Zicht op Focuswijken: ``create_app(settings) -> Dash``; module-level ``app`` and ``server``.

Development: ``make run`` (http://127.0.0.1:8050). Production: ``gunicorn app:server``.
"""

from __future__ import annotations

import gc

# no cyclic garbage collection until the app is built (the end of this module): the collections
# during the imports and the store's load walk ever more young objects, ~0.35 s of a 1.6 s start
gc.disable()

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable

from dash import Dash, html
from flask import Flask, has_request_context, request
from plotly.offline import get_plotlyjs_version

from dashboard import ids, security
from dashboard.callbacks import on_error, register_callbacks
from dashboard.context import AppContext
from dashboard.geo import GeoAssets
from dashboard.i18n import t
from dashboard.pagebuild import PageBuilder, script_json
from dashboard.pages import registry as default_registry
from dashboard.portal import register_portal
from dashboard.registry import Registry
from dashboard.routes import register_page_routes, register_routes, values_url
from dashboard.shell import build_shell
from dashboard.state import Routes, resolve_table
from dashboard.views import build_meta
from geodata.deliveries.db import open_database
from geodata.deliveries.overlay import LiveDeliveries
from geodata.deliveries.state import secret_key
from geodata.settings import Settings
from geodata.store import Store, load_store
from vendorjs import cache_fingerprinted, register_vendor, without_polyfill

logger = logging.getLogger("zichtopfocuswijken")


def create_app(settings: Settings | None = None, *, registry: Registry | None = None) -> Dash:
    """The app on the store of ``settings``, with the pages of ``registry`` (default: dashboard/pages)."""
    with collector_paused():
        return _create_app(settings or Settings.from_env(), registry or default_registry())


@contextlib.contextmanager
def collector_paused():
    """No cyclic garbage collection while the app is built: each collection of the oldest
    generation walks every object the store has just made, ~0.2 s of a 2 s start. The collector
    runs again afterwards (if it ran before), so nothing is left uncollected."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _create_app(settings: Settings, registry: Registry) -> Dash:
    start = time.perf_counter()
    store = load_store(settings.cache_dir)
    # delivered values live in the deliveries database and are laid over the built store, now and
    # whenever the database's revision changes (checked at most every 30 s, at once after a delivery)
    db = open_database(settings.database_url)
    live = LiveDeliveries(store, db)
    live.refresh(force=True)
    db.dispose()  # no connection is carried into the workers gunicorn --preload forks
    routes = Routes.of(registry)
    meta = build_meta(store, routes, settings.baseline_year)
    geo = GeoAssets(store.display, store_version(store), label_rank=store.latest_population())
    context = AppContext(store=store, geo=geo, meta=meta, settings=settings)

    server = Flask(__name__)
    vendor = register_vendor(server, plotly_version=get_plotlyjs_version())
    cache_fingerprinted(server)  # Dash's ?m= assets and versioned bundles: immutable like /vendor
    app = make_dash(server, vendor.head_tags())
    config = {**registry.browser_table(), **view_config(context), "maplibre": vendor.maplibre_url}
    context.pages = PageBuilder(context, registry, routes, config)
    app.opened_page, app.index_config = context.pages.embedded, config
    server.extensions["zof"] = context  # Flask's place for an app's own state (tests, tools)

    def refresh_deliveries(*, force: bool = False) -> None:
        """New deliveries: new values, and with them new years and indicators to choose from."""
        if live.refresh(force=force):
            context.meta = build_meta(store, routes, settings.baseline_year)
            config.update(view_config(context))
            context.pages.clear()  # pages built before know neither the new years nor the new values

    # the layout is the same for every URL (the Referer is never read): the page follows the URL
    app.layout = build_shell(config)
    app.validation_layout = html.Div([build_shell(config), context.pages.every_page()])
    register_callbacks(app, context, registry)
    register_routes(app.server, store, geo)
    register_page_routes(app.server, context, registry)
    register_portal(
        server, db=db, store=store, secret_key=secret_key(settings), on_delivery=lambda: refresh_deliveries(force=True)
    )
    server.before_request(lambda: refresh_deliveries())
    security.install(app, debug=settings.debug)
    warm_from_first_request(server, context, registry)
    logger.info("app ready in %.2f s", time.perf_counter() - start)
    return app


def store_version(store: Store) -> str:
    """A short tag of the store's code and build time, in the URLs of its immutable assets."""
    manifest = store.manifest
    return manifest.get("inputs", {}).get("code", "dev")[:6] + manifest.get("built", "").replace(":", "")[-6:]


class PageDash(Dash):
    """Dash whose index HTML carries the page its URL opens (``opened_page``: pathname, search →
    the page as JSON, or None), beside the shell that ``/_dash-layout`` sends for every URL. The
    browser puts it into the shell as the layout arrives (Dash's ``layout_post`` hook,
    assets/app.js: ``embedPage``), so the first callbacks of the page go out with the shell's:
    without it, they wait for ``render_page``'s round trip and a render of the empty shell."""

    opened_page: Callable[[str, str], str | None] | None = None
    #: what the shell's #app-config holds (dashboard/shell.py: build_shell), also in the index with
    #: the page: assets/maps.js fetches the page's map values with it before Dash has its layout
    index_config: dict | None = None

    def interpolate_index(self, **kwargs) -> str:
        if self.opened_page is not None and has_request_context():
            query = request.query_string.decode("latin-1")  # percent-encoded, as location.search has it
            page = self.opened_page(request.path, "?" + query if query else "")
            if page is not None:
                config = script_json(json.dumps(self.index_config or {}))
                kwargs["app_entry"] = (
                    kwargs.get("app_entry", "")
                    + f'<script type="application/json" id="{ids.PAGE_JSON}">{page}</script>'
                    + f'<script type="application/json" id="{ids.CONFIG_JSON}">{config}</script>'
                )
        return super().interpolate_index(**kwargs)


def make_dash(server: Flask, head_tags: str) -> Dash:
    """The Dash app on ``server``: local assets, compressed, one error handler, Dutch by default."""
    app = PageDash(
        __name__,
        server=server,
        title=t("app_title"),
        update_title=None,
        compress=True,
        on_error=on_error,
        serve_locally=True,
        # the page is rendered into the shell by a callback (render_page): its ids appear after the layout
        suppress_callback_exceptions=True,
        # the page built into the index goes into the shell before Dash renders it (PageDash)
        hooks={"layout_post": "function (layout) { window.dash_clientside.zof.embedPage(layout); }"},
    )
    without_polyfill(app)  # 100 KB that current browsers do not need and that slows them down
    # Dash's index puts its scripts in a <footer>; ours is the page's only contentinfo landmark
    app.index_string = (
        app.index_string.replace("<html>", '<html lang="nl">')
        .replace("<footer>", '<div id="dash-scripts">')
        .replace("</footer>", "</div>")
        .replace("{%css%}", "{%css%}\n        " + head_tags)
    )
    return app


def view_config(context: AppContext) -> dict:
    """What the browser needs of the data to follow a switch (part of #app-config): where the map
    payloads are, how a view resolves, the indicators per action line that have data, the areas."""
    store, meta = context.store, context.meta
    return {
        "values": values_url(f"{context.geo.version}-r{store.revision}"),
        "view": resolve_table(meta),
        "lines": {line: [i for i in ids_ if meta.periods.get(i)] for line, ids_ in meta.indicators_by_line.items()},
        "areas": [fa.id for fa in store.focus_areas],
    }


def warm_from_first_request(server: Flask, context: AppContext, registry: Registry) -> None:
    """Start :func:`warm` in the background at the first request of each process. Not at start:
    gunicorn --preload forks the process that created the app, and a thread (with any lock it
    holds) does not survive the fork."""
    warmed: set[int] = set()

    def start() -> None:
        if os.getpid() not in warmed:
            warmed.add(os.getpid())
            threading.Thread(target=warm, args=(context, registry), name="warm", daemon=True).start()

    server.before_request(start)


def warm(context: AppContext, registry: Registry) -> None:
    """Compute ahead what the first visitors would wait for: the default map's geometry, each
    page's own ``warm`` (in registry order), the other geometry, then the store's slices. A failure is logged, never raised: the request computes it."""
    try:
        first = context.geo.payload_keys()[:3]  # the nationwide map's layers: the rest can wait its turn
        context.geo.warm(first)
        for page in registry:
            if page.warm is not None:
                page.warm(context)
        context.geo.warm([k for k in context.geo.payload_keys() if k not in first])
        context.store.warm()
    except Exception:
        logger.exception("warming failed")


def _configure_logging() -> None:
    level = logging.DEBUG if os.environ.get("ZOF_LOG_LEVEL", "").upper() == "DEBUG" else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


_configure_logging()
app = create_app()
server = app.server
# what the app holds lives as long as the process: moved out of the collector's reach, so no later
# collection walks it again (a ~100 ms pause in some request) and gunicorn --preload's forked
# workers keep sharing its memory pages instead of copying them when a collection touches them.
# The start left 20 unreachable objects uncollected (gc.unfreeze(); gc.collect()).
gc.freeze()
gc.enable()

if __name__ == "__main__":
    debug = Settings.from_env().debug  # ZOF_DEBUG or DASH_DEBUG
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050")), debug=debug)

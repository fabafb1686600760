"""Zicht op Focuswijken: ``create_app(settings) -> Dash``; module-level ``app`` and ``server``.

Development: ``make run`` (http://127.0.0.1:8050). Production: ``gunicorn app:server``.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from urllib.parse import urlsplit

import dash
from dash import Dash
from flask import Flask, has_request_context, request
from plotly.offline import get_plotlyjs_version

from dashboard import layout as L
from dashboard.callbacks import AppContext, register_callbacks
from dashboard.geo import GeoAssets
from dashboard.i18n import t
from dashboard.routes import register_routes, values_url
from dashboard.state import decode, resolve_table
from dashboard.views import build_meta
from geodata.settings import Settings
from geodata.store import load_store
from vendorjs import plotly_bundle, register_vendor_script

logger = logging.getLogger("zichtopfocuswijken")


def create_app(settings: Settings | None = None) -> Dash:
    settings = settings or Settings.from_env()
    start = time.perf_counter()
    store = load_store(settings.cache_dir)
    meta = build_meta(store)
    version = store.manifest.get("inputs", {}).get("code", "dev")[:6] + store.manifest.get("built", "").replace(":", "")[-6:]
    geo = GeoAssets(store.display, version)
    gemeente_names = {fa.gemeente: store.area_name(fa.gemeente) for fa in store.focus_areas}
    # indicators with data per action line: what the projector-mode arrow keys step through
    view_table = resolve_table(meta)
    present_lines = {line: [i for i in ids_ if meta.periods.get(i)] for line, ids_ in meta.indicators_by_line.items()}

    def on_error(err: Exception) -> None:
        logger.exception("callback failed", exc_info=err)
        dash.set_props("notice", {"children": L.notices([t("error_apology", "nl")])})

    # plotly.js's smaller "map" bundle when it matches the installed plotly (vendorjs.py)
    bundle = plotly_bundle(get_plotlyjs_version())
    server = Flask(__name__)
    scripts = [register_vendor_script(server, bundle)] if bundle else []
    app = Dash(__name__, server=server, title=t("app_title"), update_title=None, compress=True, on_error=on_error,
               serve_locally=True, suppress_callback_exceptions=False, external_scripts=scripts)
    # Dash's index puts its scripts in a <footer>; ours is the page's only contentinfo landmark
    app.index_string = (app.index_string.replace("<html>", '<html lang="nl">')
                        .replace("<footer>", '<div id="dash-scripts">').replace("</footer>", "</div>"))

    def serve_layout():
        """Build the page for the URL being opened, so a deep link renders its view at once."""
        pathname, search = "/", ""
        if has_request_context() and request.referrer:
            parts = urlsplit(request.referrer)
            pathname, search = parts.path or "/", parts.query
        state, msgs = decode(pathname, "?" + search, meta)
        return L.build_layout(state, catalog=store.catalog, areas=store.focus_areas, gemeente_names=gemeente_names,
                              periods=meta.periods.get(state.indicator, ()), messages=msgs,
                              indicators_by_line=present_lines, values_prefix=values_url(geo.version),
                              view_table=view_table)

    app.layout = serve_layout
    register_callbacks(app, AppContext(store=store, geo=geo, meta=meta, settings=settings))
    register_routes(app.server, store, geo)
    # the first request need not wait for these: warm the per-indicator slices in the background
    threading.Thread(target=store.warm, name="warm-store", daemon=True).start()
    logger.info("app ready in %.2f s", time.perf_counter() - start)
    return app


def _configure_logging() -> None:
    level = logging.DEBUG if os.environ.get("ZOF_LOG_LEVEL", "").upper() == "DEBUG" else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


_configure_logging()
app = create_app()
server = app.server

if __name__ == "__main__":
    debug = os.environ.get("DASH_DEBUG", "").lower() in ("1", "true", "yes")
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050")), debug=debug)

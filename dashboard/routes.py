"""Flask routes beside Dash: cached gzipped geometry and the CSV download."""
from __future__ import annotations

import io
import logging

from flask import Flask, Response, abort, request

from geodata.errors import GeodataError
from geodata.store import Store

from .geo import GEO_ROUTE, GeoAssets

logger = logging.getLogger(__name__)
LEVELS = ("focus_area", "gemeente", "wijk", "buurt")


def register_routes(server: Flask, store: Store, geo: GeoAssets) -> None:
    @server.route(f"{GEO_ROUTE}/<version>/<key>.json")
    def geometry(version: str, key: str) -> Response:
        if version != geo.version:
            abort(404)
        try:
            body = geo.payload(key)
        except KeyError:
            abort(404)
        response = Response(body, mimetype="application/geo+json")
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        response.headers["Vary"] = "Accept-Encoding"
        return response

    @server.route("/download.csv")
    def download() -> Response:
        indicator = request.args.get("indicator", "")
        level = request.args.get("level", "focus_area")
        area = request.args.get("area") or None
        if level not in LEVELS:
            return Response(f"onbekend niveau {level!r}; kies uit {', '.join(LEVELS)}\n", status=400,
                            content_type="text/plain; charset=utf-8")
        try:
            frame = store.export(indicator, level=level, area=area)
        except GeodataError as err:
            return Response(f"{err}\n", status=400, content_type="text/plain; charset=utf-8")
        buf = io.StringIO()
        frame.to_csv(buf, index=False)
        name = f"focuswijken_{indicator}_{level}" + (f"_{area}" if area else "") + ".csv"
        response = Response(buf.getvalue(), content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

"""Flask routes beside Dash: cached gzipped geometry and the CSV download."""

from __future__ import annotations

import gzip
import io
import json
import logging
from functools import lru_cache

from flask import Flask, Response, abort, request

from geodata.errors import GeodataError, UnknownValueError
from geodata.store import Store
from vendorjs import gzip_response

from . import views
from .geo import GEO_ROUTE, GeoAssets
from .i18n import LANGS

logger = logging.getLogger(__name__)
LEVELS = ("focus_area", "gemeente", "wijk", "buurt")
VALUES_ROUTE = "/values"
IMMUTABLE = "public, max-age=31536000, immutable"


def values_url(version: str) -> str:
    """Prefix of the map payload URLs: ``<prefix>/<scope>/<indicator>/<year>.json?taal=<lang>``
    with scope ``focus-<AREA>`` or ``nl-<gemeente|wijk|buurt>`` and year ``-`` for none."""
    return f"{VALUES_ROUTE}/{version}"


def _plain(message: str, status: int) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, content_type="text/plain; charset=utf-8")


def register_routes(server: Flask, store: Store, geo: GeoAssets) -> None:
    @server.route(f"{GEO_ROUTE}/<version>/<key>.json")
    def geometry(version: str, key: str) -> Response:
        if version != geo.version:
            abort(404)
        try:
            body = geo.payload(key)
        except KeyError:
            abort(404)
        return gzip_response(body, "application/geo+json", cache=IMMUTABLE)

    @lru_cache(maxsize=512)
    def payload(scope: str, indicator: str, year: int | None, lang: str, revision: int) -> bytes:
        # ``revision``: the deliveries the store reflects (a new delivery gives new payloads)
        if scope.startswith("focus-"):
            body = views.focus_map_payload(store, geo, scope[6:], indicator, year, lang)
        elif scope.startswith("nl-"):
            body = views.national_map_payload(store, geo, scope[3:], indicator, year, lang)
        else:
            raise UnknownValueError("kaart", scope, ["focus-<gebied>", "nl-gemeente", "nl-wijk", "nl-buurt"])
        return gzip.compress(json.dumps(body, separators=(",", ":"), allow_nan=False).encode("utf-8"), 5)

    @server.route(f"{VALUES_ROUTE}/<version>/<scope>/<indicator>/<year>.json")
    def map_values(version: str, scope: str, indicator: str, year: str) -> Response:
        """One map state (values, status digits, legend) for the browser to paint; cached under a
        versioned URL, so switching back to a state needs no request at all."""
        if version.split("-r")[0] != geo.version:
            return _plain(f"verouderde kaartversie {version!r}; herlaad de pagina", 404)
        lang = request.args.get("taal", "nl")
        if lang not in LANGS:
            return _plain(f"onbekende taal {lang!r}; kies uit {', '.join(LANGS)}", 400)
        try:
            period = None if year == "-" else int(year)
        except ValueError:
            return _plain(f"jaar {year!r} is geen jaartal; gebruik bijvoorbeeld 2020 of '-'", 400)
        try:
            body = payload(scope, indicator, period, lang, store.revision)
        except (GeodataError, KeyError) as err:
            return _plain(str(err), 404)
        return gzip_response(body, "application/json", cache=IMMUTABLE)

    @server.route("/download.csv")
    def download() -> Response:
        indicator = request.args.get("indicator", "")
        level = request.args.get("level", "focus_area")
        area = request.args.get("area") or None
        if level not in LEVELS:
            return Response(
                f"onbekend niveau {level!r}; kies uit {', '.join(LEVELS)}\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
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

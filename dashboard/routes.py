"""Flask routes beside Dash: cached gzipped geometry and the CSV download."""

from __future__ import annotations

import gzip
import json
import logging
import re
from functools import lru_cache

from flask import Flask, Response, abort, request

from geodata.errors import GeodataError, UnknownValueError
from geodata.store import Store
from vendorjs import gzip_response

from . import views
from .exports import csv_bytes, export_rows_nl
from .geo import GEO_ROUTE, GeoAssets
from .i18n import LANGS, error_message
from .registry import Registry

logger = logging.getLogger(__name__)
#: ``csv``: for Dutch Excel (``;``, decimal comma, BOM, names and words); ``csv-en``: for scripts
CSV_FORMATS = ("csv", "csv-en")
LEVELS = ("focus_area", "gemeente", "wijk", "buurt")
VALUES_ROUTE = "/values"
IMMUTABLE = "public, max-age=31536000, immutable"


def values_url(version: str) -> str:
    """Prefix of the map payload URLs: ``<prefix>/<scope>/<indicator>/<year>.json?taal=<lang>``
    with scope ``focus-<AREA>`` or ``nl-<gemeente|wijk|buurt>`` and year ``-`` for none."""
    return f"{VALUES_ROUTE}/{version}"


YEAR = re.compile(r"^(?:19|20)\d\d$")


def parse_map_year(text: str) -> int | tuple[int, int] | None | bool:
    """The year segment of a map payload URL: ``-`` (none), a year, or ``first-last`` (a change);
    ``False`` for anything else (only ASCII digits: no ``+2020``, ``٢٠٢٠`` or ``2_020``).

    >>> parse_map_year("2020"), parse_map_year("2014-2020"), parse_map_year("-"), parse_map_year("+2020")
    (2020, (2014, 2020), None, False)
    >>> parse_map_year("2020-2014"), parse_map_year("٢٠٢٠"), parse_map_year("2_020"), parse_map_year("0")
    (False, False, False, False)
    """
    if text == "-":
        return None
    parts = text.split("-")
    if len(parts) > 2 or not all(YEAR.match(p) for p in parts):
        return False
    years = [int(p) for p in parts]
    if len(years) == 1:
        return years[0]
    return (years[0], years[1]) if years[0] < years[1] else False


def _plain(message: str, status: int) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, content_type="text/plain; charset=utf-8")


def attachment(body: bytes, mimetype: str, filename: str) -> Response:
    """A download; the file name reduced to safe characters (it cannot break out of the header).

    >>> attachment(b"x", "text/csv", 'a"; b=1\\r\\n.csv').headers["Content-Disposition"]
    'attachment; filename="a_b_1_.csv"'
    """
    stem, dot, ext = filename.rpartition(".")
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem) + dot + re.sub(r"[^A-Za-z0-9]+", "", ext)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def register_page_routes(server: Flask, context: object, registry: Registry) -> None:
    """The pages' own routes (their downloads): ``fn(context, args)``; a bad parameter is a 400
    with the message, never a 500."""
    for rule, fn in registry.page_routes.items():

        def view(fn=fn) -> Response:
            try:
                return fn(context, request.args)
            except GeodataError as err:
                lang = request.args.get("taal") if request.args.get("taal") in LANGS else "nl"
                return _plain(error_message(err, lang), 400)

        server.add_url_rule(rule, endpoint=f"page-route:{rule}", view_func=view, methods=["GET"])


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
    def payload(
        scope: str, indicator: str, year: int | tuple[int, int] | None, lang: str, scale: str, revision: int
    ) -> bytes:
        # ``revision``: the deliveries the store reflects (a new delivery gives new payloads)
        if isinstance(year, tuple):
            if not scope.startswith("nl-"):
                raise UnknownValueError("kaart van een verandering", scope, ["nl-gemeente", "nl-wijk", "nl-buurt"])
            body = views.national_change_payload(store, geo, scope[3:], indicator, *year, lang)
        elif scope.startswith("focus-"):
            body = views.focus_map_payload(store, geo, scope[6:], indicator, year, lang, scale)
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
        period = parse_map_year(year)
        if period is False:
            return _plain("jaar is geen jaartal; gebruik bijvoorbeeld 2020, 2014-2020 (verandering) of '-'", 400)
        scale = request.args.get("schaal", "nl")
        if scale not in views.SCALES:
            return _plain(f"onbekende kleurschaal; kies uit {', '.join(views.SCALES)}", 400)
        try:
            body = payload(scope, indicator, period, lang, scale, store.revision)
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
        fmt = request.args.get("format", "csv")
        lang = request.args.get("taal", "nl")
        if fmt not in CSV_FORMATS or lang not in LANGS:
            return _plain(f"onbekend formaat {fmt!r} of taal {lang!r}; kies format=csv (Excel, ;) of csv-en", 400)
        name = f"focuswijken_{indicator}_{level}" + (f"_{area}" if area else "") + ".csv"
        if fmt == "csv-en":  # for scripts: comma separated, decimal point, codes, full precision
            body = frame.to_csv(index=False).encode("utf-8")
        else:
            body = csv_bytes(export_rows_nl(frame, store.catalog, lang))
        return attachment(body, "text/csv; charset=utf-8", name)

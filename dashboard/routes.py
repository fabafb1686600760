"""Flask routes beside Dash: cached gzipped geometry and the CSV download."""

from __future__ import annotations

import gzip
import json
import logging
import re
from functools import lru_cache

from flask import Flask, Response, request

from geodata.errors import GeodataError, UnknownValueError
from geodata.store import Store
from vendorjs import gzip_response

from . import national_views, views
from .exports import csv_bytes, export_rows_nl, neutralise
from .geo import GEO_ROUTE, GeoAssets
from .i18n import LANGS, error_message, t
from .registry import Registry
from .security import plain

logger = logging.getLogger(__name__)
#: ``csv``: for Dutch Excel (``;``, decimal comma, BOM, names and words); ``csv-en``: for scripts
CSV_FORMATS = ("csv", "csv-en")
LEVELS = ("focus_area", "gemeente", "wijk", "buurt")
VALUES_ROUTE = "/values"
IMMUTABLE = "public, max-age=31536000, immutable"
#: what a code, an id or a version in a URL may look like (anything else is refused unread)
SAFE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: a year in a URL: four ASCII digits (int() would also take "+2020", "2_020", "٢٠٢٠")
YEAR = re.compile(r"(19|20)[0-9]{2}")


def values_url(version: str) -> str:
    """Prefix of the map payload URLs: ``<prefix>/<scope>/<indicator>/<year>.json?taal=<lang>``
    with scope ``focus-<AREA>`` or ``nl-<gemeente|wijk|buurt>`` and year ``-`` for none."""
    return f"{VALUES_ROUTE}/{version}"


def _plain(message: str, status: int) -> Response:
    return plain(message, status)


def shown(value: str) -> str:
    """``value`` as a message may name it: quoted when it is a plain name, else not at all (a
    message never echoes what an attacker sent).

    >>> shown("GM0363"), shown('GM0363"; x=1')
    ("'GM0363'", '(ongeldig)')
    """
    return f"'{value}'" if SAFE_NAME.fullmatch(value or "") else "(ongeldig)"


def parse_year(text: str) -> int | tuple[int, int] | None:
    """``-`` (no year), a four-digit year, or ``first-last`` (a change between two years);
    ValueError otherwise.

    >>> parse_year("2020"), parse_year("-"), parse_year("2014-2020")
    (2020, None, (2014, 2020))
    >>> [_bad(parse_year, y) for y in ("+2020", "2_020", "\u0662\u0660\u0662\u0660", "0", "-1", "10" * 10, "2020-2014")]
    [True, True, True, True, True, True, True]
    """
    if text == "-":
        return None
    parts = text.split("-")
    if len(parts) > 2 or not all(YEAR.fullmatch(p) for p in parts):
        raise ValueError(text)
    if len(parts) == 1:
        return int(text)
    first, last = int(parts[0]), int(parts[1])
    if first >= last:
        raise ValueError(text)
    return first, last


def _bad(fn, *args) -> bool:
    try:
        fn(*args)
    except ValueError:
        return True
    return False


def attachment(body: bytes, mimetype: str, filename: str) -> Response:
    """A download; the file name reduced to safe characters (it cannot break out of the header).

    >>> print(attachment(b"x", "text/csv", 'a"; b=1\\r\\n.csv').headers["Content-Disposition"])
    attachment; filename="a_b_1_.csv"; filename*=UTF-8''a_b_1_.csv
    """
    stem, dot, ext = filename.rpartition(".")
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem) + dot + re.sub(r"[^A-Za-z0-9]+", "", ext)
    response = Response(body, mimetype=mimetype)
    # only safe ASCII is left: the plain and the RFC 5987 form are the same (RFC 6266)
    response.headers["Content-Disposition"] = f"attachment; filename=\"{safe}\"; filename*=UTF-8''{safe}"
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
    """The map's versioned geometry and values, and the CSV download."""
    maps = MapRoutes(store, geo)
    server.add_url_rule(f"{GEO_ROUTE}/<version>/<key>.json", "geometry", maps.geometry)
    server.add_url_rule(f"{VALUES_ROUTE}/<version>/<scope>/<indicator>/<year>.json", "map_values", maps.values)
    register_download(server, store)


class MapRoutes:
    """What the browser's maps fetch: GeoJSON per layer, and one map state (values, status digits,
    legend) per view — both under versioned URLs, so switching back to a state needs no request."""

    def __init__(self, store: Store, geo: GeoAssets) -> None:
        self.store, self.geo = store, geo
        self._payload = lru_cache(maxsize=512)(self._build_payload)
        self._years = lru_cache(maxsize=256)(lambda indicator, revision: tuple(store.periods(indicator)))

    def geometry(self, version: str, key: str) -> Response:
        if version != self.geo.version:
            return _plain(t("http_old_version"), 404)
        try:
            body = self.geo.payload(key)
        except KeyError:
            return _plain(t("http_not_found"), 404)
        return gzip_response(body, "application/geo+json", cache=IMMUTABLE)

    def values(self, version: str, scope: str, indicator: str, year: str) -> Response:
        request_or_problem = self._parse(version, scope, indicator, year)
        if isinstance(request_or_problem, Response):
            return request_or_problem
        period, lang, scale = request_or_problem
        try:
            # ``revision``: the deliveries the store reflects (a new delivery gives new payloads)
            body = self._payload(scope, indicator, period, lang, scale, self.store.revision)
        except (GeodataError, KeyError):
            return _plain(t("http_bad_map", value=shown(scope)), 404)
        return gzip_response(body, "application/json", cache=IMMUTABLE)

    def _parse(self, version: str, scope: str, indicator: str, year: str):
        """(period, language, colour scale) of a map-values request, or the response that refuses it."""
        if version.split("-r")[0] != self.geo.version:  # "-r<n>": the deliveries revision
            return _plain(t("http_old_version"), 404)
        lang = request.args.get("taal", "nl")
        if lang not in LANGS:
            return _plain(t("http_bad_lang", value=shown(lang), choices=", ".join(LANGS)), 400)
        if not (SAFE_NAME.fullmatch(scope) and SAFE_NAME.fullmatch(indicator)):
            return _plain(t("http_not_found"), 404)
        if indicator not in self.store.catalog:
            return _plain(t("http_bad_indicator", value=shown(indicator)), 404)
        try:
            period = parse_year(year)
        except ValueError:
            return _plain(t("http_bad_year", value=shown(year)), 400)
        years = self._years(indicator, self.store.revision)  # delivered values may bring new years
        for one in period if isinstance(period, tuple) else (period,):
            if one is not None and one not in years:
                span = f"{years[0]}–{years[-1]}" if years else "–"
                return _plain(t("http_no_year", indicator=indicator, value=one, years=span), 404)
        scale = request.args.get("schaal", "nl")
        if scale not in views.SCALES:
            return _plain(t("http_bad_scale", choices=", ".join(views.SCALES)), 400)
        return period, lang, scale

    def _build_payload(
        self, scope: str, indicator: str, year: int | tuple[int, int] | None, lang: str, scale: str, revision: int
    ) -> bytes:
        store, geo = self.store, self.geo
        if isinstance(year, tuple):
            if not scope.startswith("nl-"):
                raise UnknownValueError("kaart van een verandering", scope, ["nl-gemeente", "nl-wijk", "nl-buurt"])
            body = national_views.national_change_payload(store, geo, scope[3:], indicator, *year, lang)
        elif scope.startswith("focus-"):
            body = views.focus_map_payload(store, geo, scope[6:], indicator, year, lang, scale)
        elif scope.startswith("nl-"):
            body = national_views.national_map_payload(store, geo, scope[3:], indicator, year, lang)
        else:
            raise UnknownValueError("kaart", scope, ["focus-<gebied>", "nl-gemeente", "nl-wijk", "nl-buurt"])
        return gzip.compress(json.dumps(body, separators=(",", ":"), allow_nan=False).encode("utf-8"), 5)


def register_download(server: Flask, store: Store) -> None:
    """``/download.csv``: the export rows of one indicator and level (and area) as CSV."""

    @server.route("/download.csv")
    def download() -> Response:
        """The export rows as CSV: known indicator, level and area only, cells a spreadsheet would
        read as a formula neutralised, a file name of safe characters only (RFC 6266)."""
        indicator = request.args.get("indicator", "")
        level = request.args.get("level", "focus_area")
        area = request.args.get("area") or None
        if level not in LEVELS:
            return _plain(t("http_bad_level", value=shown(level), choices=", ".join(LEVELS)), 400)
        if not SAFE_NAME.fullmatch(indicator) or indicator not in store.catalog:
            return _plain(t("http_bad_indicator", value=shown(indicator)), 404)
        if area is not None and not SAFE_NAME.fullmatch(area):
            return _plain(t("http_bad_area", value=shown(area)), 400)
        try:
            frame = store.export(indicator, level=level, area=area)
        except GeodataError:
            return _plain(t("http_bad_area", value=shown(area or "")), 404)
        if area is not None and not (frame["level"] != "nl").any():
            return _plain(t("http_no_rows", indicator=indicator, value=shown(area), level=level), 404)
        fmt = request.args.get("format", "csv")
        lang = request.args.get("taal", "nl")
        if fmt not in CSV_FORMATS or lang not in LANGS:
            return _plain(t("http_bad_format", choices=", ".join(CSV_FORMATS)), 400)
        name = f"focuswijken_{indicator}_{level}" + (f"_{area}" if area else "") + ".csv"
        if fmt == "csv-en":  # for scripts: comma separated, decimal point, codes, full precision
            body = frame.map(neutralise).to_csv(index=False).encode("utf-8")
        else:
            body = csv_bytes(export_rows_nl(frame, store.catalog, lang))
        return attachment(body, "text/csv; charset=utf-8", name)

"""Flask routes beside Dash: cached gzipped geometry and the CSV download."""

from __future__ import annotations

import gzip
import io
import json
import logging
import re
from functools import lru_cache

from flask import Flask, Response, request

from geodata.errors import GeodataError, UnknownValueError
from geodata.store import Store
from vendorjs import gzip_response

from . import views
from .exports import neutralise
from .geo import GEO_ROUTE, GeoAssets
from .i18n import LANGS, t
from .security import plain

logger = logging.getLogger(__name__)
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


def parse_year(text: str) -> int | None:
    """``-`` (no year) or a four-digit year; ValueError otherwise.

    >>> parse_year("2020"), parse_year("-")
    (2020, None)
    >>> [_bad(parse_year, y) for y in ("+2020", "2_020", "\u0662\u0660\u0662\u0660", "0", "-1", "10" * 10)]
    [True, True, True, True, True, True]
    """
    if text == "-":
        return None
    if not YEAR.fullmatch(text):
        raise ValueError(text)
    return int(text)


def _bad(fn, *args) -> bool:
    try:
        fn(*args)
    except ValueError:
        return True
    return False


def register_routes(server: Flask, store: Store, geo: GeoAssets) -> None:
    @server.route(f"{GEO_ROUTE}/<version>/<key>.json")
    def geometry(version: str, key: str) -> Response:
        if version != geo.version:
            return _plain(t("http_old_version"), 404)
        try:
            body = geo.payload(key)
        except KeyError:
            return _plain(t("http_not_found"), 404)
        return gzip_response(body, "application/geo+json", cache=IMMUTABLE)

    @lru_cache(maxsize=256)
    def years_of(indicator: str) -> tuple[int, ...]:
        return tuple(store.periods(indicator))

    @lru_cache(maxsize=512)
    def payload(scope: str, indicator: str, year: int | None, lang: str) -> bytes:
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
        if version != geo.version:
            return _plain(t("http_old_version"), 404)
        lang = request.args.get("taal", "nl")
        if lang not in LANGS:
            return _plain(t("http_bad_lang", value=shown(lang), choices=", ".join(LANGS)), 400)
        if not (SAFE_NAME.fullmatch(scope) and SAFE_NAME.fullmatch(indicator)):
            return _plain(t("http_not_found"), 404)
        if indicator not in store.catalog:
            return _plain(t("http_bad_indicator", value=shown(indicator)), 404)
        try:
            period = parse_year(year)
        except ValueError:
            return _plain(t("http_bad_year", value=shown(year)), 400)
        years = years_of(indicator)
        if period is not None and period not in years:
            span = f"{years[0]}–{years[-1]}" if years else "–"
            return _plain(t("http_no_year", indicator=indicator, value=period, years=span), 404)
        try:
            body = payload(scope, indicator, period, lang)
        except (GeodataError, KeyError):
            return _plain(t("http_bad_map", value=shown(scope)), 404)
        return gzip_response(body, "application/json", cache=IMMUTABLE)

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
        buf = io.StringIO()
        frame.map(neutralise).to_csv(buf, index=False)
        name = f"focuswijken_{indicator}_{level}" + (f"_{area}" if area else "") + ".csv"
        response = Response(buf.getvalue(), content_type="text/csv; charset=utf-8")
        # every part matched SAFE_NAME: the plain and the RFC 5987 form are the same, nothing to escape
        response.headers["Content-Disposition"] = f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
        return response

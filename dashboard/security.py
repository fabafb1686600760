"""Answers to hostile requests and the security headers of every response.

* **Dash's own endpoints are checked before Dash sees them.** A callback request must be a JSON
  object naming a server callback, with exactly that callback's inputs and states, each value of
  the kind the component holds in the layout (:func:`check_callback_body`); anything else is a
  400 with a short Dutch message. Dash's own parsing of such bodies ends in a 500 (``null``,
  ``[]``, ``{}``, a missing key, one input short), and a wrong value type would reach the callback
  and end in a logged traceback. A file under ``/_dash-component-suites/`` that Dash does not
  serve (path traversal included) is a 404, not Dash's ``DependencyException`` (a 500).
* **Dev routes** (``/_reload-hash``) answer only in debug mode (``ZOF_DEBUG``).
* **Every 4xx and 5xx** is a short plain-text message in Dutch; nothing the client sent is echoed
  (no traceback, no path, no reflected input).
* **Headers** (Flask-Talisman, :data:`CSP`): a Content Security Policy that Dash, plotly.js and
  MapLibre run under without violations (the browser suite checks every page), nosniff,
  frame-ancestors 'none' + X-Frame-Options DENY, Referrer-Policy, Permissions-Policy.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping

from dash import Dash
from dash.exceptions import DependencyException
from flask import Flask, Response, request
from flask_talisman import Talisman
from werkzeug.exceptions import HTTPException

from .i18n import t

logger = logging.getLogger(__name__)

CALLBACK_ROUTE = "/_dash-update-component"
SUITES_ROUTE = "/_dash-component-suites/"
DEV_ROUTES = ("/_reload-hash",)
#: prefixes of files and data, never of a page: a path under them that no route serves is a 404,
#: not Dash's catch-all (which would answer the app's HTML with a 200)
DATA_PREFIXES = ("/values/", "/geo/", "/vendor/", "/assets/", "/_dash-")
#: a callback body is a few kB; the largest real one (the voortgang page) is under 4 kB
MAX_CALLBACK_BYTES = 64 * 1024
MAX_DEPTH = 6
MAX_TEXT = 2_000
MAX_ITEMS = 200

#: 'self' for our scripts and Dash's; Dash's one inline script (``new DashRenderer()``) is allowed by
#: its hash (``app.csp_hashes()``, added in :func:`install`). Styles: plotly.js and MapLibre insert
#: <style> elements, so 'unsafe-inline' for styles only. MapLibre starts its workers from the
#: vendored worker module ('self') or a blob: URL; its canvas exports use data:/blob: images.
CSP: dict[str, list[str] | str] = {
    "default-src": "'self'",
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": "'self'",
    "worker-src": ["'self'", "blob:"],
    "child-src": ["'self'", "blob:"],
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS = {
    "camera": "()",
    "microphone": "()",
    "geolocation": "()",
    "payment": "()",
    "usb": "()",
    "interest-cohort": "()",
}
#: props whose kind the layout may not show (Dash fills them in the browser)
PROP_KINDS = {
    "pathname": "str",
    "search": "str",
    "hash": "str",
    "href": "str",
    "n_clicks": "number",
    "n_intervals": "number",
    "hidden": "bool",
    "disabled": "bool",
    "className": "str",
}


class BadCallback(ValueError):
    """A callback request that Dash must not see; the message says why (in Dutch, never echoing)."""


def install(app: Dash, *, debug: bool = False, https: bool = False) -> None:
    """Guard ``app``'s endpoints and set the security headers on every response."""
    server: Flask = app.server
    server.before_request(RequestGuard(app, debug=debug))
    server.register_error_handler(DependencyException, lambda err: plain(t("http_not_found"), 404))
    server.register_error_handler(HTTPException, http_error)
    csp = {**CSP, "script-src": [*CSP["script-src"], *app.csp_hashes()]}
    Talisman(
        server,
        force_https=https,
        strict_transport_security=https,
        session_cookie_secure=https,
        content_security_policy=csp,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy=PERMISSIONS,
        feature_policy={},
        document_policy={},
        x_content_type_options=True,
    )


class RequestGuard:
    """Runs before every request: what Dash and Flask must never see answered with a short,
    uncacheable message instead (development routes, raw data paths, malformed callbacks)."""

    def __init__(self, app: Dash, *, debug: bool) -> None:
        self.app, self.debug = app, debug
        self._kinds: dict[tuple[str, str], str] = {}

    def callback_kinds(self) -> dict[tuple[str, str], str]:
        if not self._kinds:  # the validation layout is complete only after the app is set up
            self._kinds.update(prop_kinds(self.app.validation_layout or self.app.layout))
        return self._kinds

    def __call__(self) -> Response | None:
        path = request.path
        if ";" in request.headers.get("Accept-Encoding", ""):
            # Flask-Compress picks an encoding refused with "q=0" when it is the only one named:
            # drop refused encodings, so "gzip;q=0" gets what it asked for (nothing compressed)
            wanted = [enc for enc, q in request.accept_encodings if q > 0]
            request.environ["HTTP_ACCEPT_ENCODING"] = ", ".join(wanted) or "identity"
        if path in DEV_ROUTES and not self.debug:
            return plain(t("http_not_found"), 404)
        rule = request.url_rule.rule if request.url_rule else ""
        if path.startswith(DATA_PREFIXES) and "<path:path>" in rule:
            return plain(t("http_not_found"), 404)
        if path == CALLBACK_ROUTE and request.method == "POST":
            return self.check_callback()
        return None

    def check_callback(self) -> Response | None:
        if (request.content_length or 0) > MAX_CALLBACK_BYTES:
            return plain(t("http_too_large"), 413)
        try:
            check_callback_body(request.get_data(cache=True), self.app.callback_map, self.callback_kinds())
        except BadCallback as err:
            logger.info("callback request refused: %s", err)
            return plain(t("http_bad_callback", reason=str(err)), 400)
        return None


def http_error(err: HTTPException) -> Response | HTTPException:
    """Flask's HTTP errors as a short message in Dutch (redirects keep their Location)."""
    if err.code is None or err.code < 400:
        return err
    key = {404: "http_not_found", 405: "http_method", 413: "http_too_large"}.get(err.code or 400)
    if key is None:
        key = "http_error" if (err.code or 500) >= 500 else "http_bad_request"
    response = plain(t(key), err.code or 400)
    if err.code == 405 and hasattr(err, "valid_methods") and err.valid_methods:
        response.headers["Allow"] = ", ".join(err.valid_methods)
    return response


def plain(message: str, status: int) -> Response:
    """A short text answer that no cache keeps."""
    response = Response(message.rstrip("\n") + "\n", status=status, content_type="text/plain; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


# ----------------------------------------------------------------------------- callback bodies


def check_callback_body(raw: bytes, callback_map: Mapping[str, dict], kinds: Mapping[tuple[str, str], str]) -> dict:
    """The parsed body of a Dash callback request, or :class:`BadCallback` saying what is wrong.

    >>> cmap = {"out.children": {"callback": len, "inputs": [{"id": "a", "property": "value"}], "state": []}}
    >>> ok = b'{"output": "out.children", "outputs": {"id": "out", "property": "children"},'
    >>> ok += b' "inputs": [{"id": "a", "property": "value", "value": "x"}]}'
    >>> check_callback_body(ok, cmap, {("a", "value"): "str"})["output"]
    'out.children'
    >>> check_callback_body(ok.replace(b'"x"', b'{"x": 1}'), cmap, {("a", "value"): "str"})
    Traceback (most recent call last):
    ...
    dashboard.security.BadCallback: waarde van a.value heeft de verkeerde vorm
    """
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as err:
        raise BadCallback("geen geldige JSON") from err
    if not isinstance(body, dict):
        raise BadCallback("geen JSON-object")
    if _depth(body) > MAX_DEPTH + 3:
        raise BadCallback("te diep genest")
    output = body.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    if spec is None or "callback" not in spec:
        raise BadCallback("onbekende callback")
    n_outputs = output.count("...") + 1 if output.startswith("..") else 1
    outputs = body.get("outputs")
    if n_outputs == 1 and not spec.get("no_output"):
        outputs = [outputs]
    if not isinstance(outputs, list) or len(outputs) != n_outputs or not all(_is_output(o) for o in outputs):
        raise BadCallback("uitvoer klopt niet")
    for key in ("inputs", "state"):
        _check_refs(body.get(key, []), spec.get(key, []), kinds, key)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or len(changed) > MAX_ITEMS or not all(isinstance(c, str) for c in changed):
        raise BadCallback("changedPropIds klopt niet")
    return body


def _check_refs(given: object, wanted: list[dict], kinds: Mapping[tuple[str, str], str], what: str) -> None:
    if not isinstance(given, list) or len(given) != len(wanted):
        raise BadCallback(f"{what}: {len(wanted)} verwacht")
    for item, spec in zip(given, wanted):
        pattern = isinstance(spec.get("id"), dict)
        items = item if pattern and isinstance(item, list) else [item]
        if len(items) > MAX_ITEMS:
            raise BadCallback(f"{what}: te veel waarden")
        for ref in items:
            if not _is_ref(ref) or ref["property"] != spec.get("property"):
                raise BadCallback(f"{what} klopt niet")
            if not pattern and ref["id"] != spec.get("id"):
                raise BadCallback(f"{what} klopt niet")
            name = f"{spec.get('id') if not pattern else 'patroon'}.{spec.get('property')}"
            kind = PROP_KINDS.get(ref["property"]) or (None if pattern else kinds.get((ref["id"], ref["property"])))
            if not _fits(ref.get("value"), kind):
                raise BadCallback(f"waarde van {name} heeft de verkeerde vorm")


def _is_output(out: object) -> bool:
    """One output: a reference, or for a pattern-matching output (ALL) a list of them."""
    if isinstance(out, list):
        return len(out) <= MAX_ITEMS and all(_is_ref(o) for o in out)
    return _is_ref(out)


def _is_ref(ref: object) -> bool:
    return (
        isinstance(ref, dict)
        and isinstance(ref.get("id"), str | dict)
        and isinstance(ref.get("property"), str)
        and len(str(ref["id"])) <= MAX_TEXT
    )


def _fits(value: object, kind: str | None) -> bool:
    """Whether ``value`` is of ``kind`` (None: any scalar); None always fits (an empty control)."""
    if value is None:
        return True
    if kind == "list":
        return isinstance(value, list) and len(value) <= MAX_ITEMS and all(_scalar(v) for v in value)
    if kind == "dict":
        return isinstance(value, dict) and _depth(value) <= MAX_DEPTH
    if kind == "str":
        return isinstance(value, str) and len(value) <= MAX_TEXT
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "number":
        return _number(value)
    return _scalar(value)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _scalar(value: object) -> bool:
    return (
        value is None
        or isinstance(value, bool)
        or _number(value)
        or (isinstance(value, str) and len(value) <= MAX_TEXT)
    )


def _depth(value: object) -> int:
    """Nesting depth of a parsed JSON value, without recursion (a hostile body may nest deeply)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > 50:
            return deepest
        if isinstance(node, dict):
            stack.extend((v, level + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
    return deepest


def _kind(value: object) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "str"
    if _number(value):
        return "number"
    if isinstance(value, list | tuple):
        return "list" if all(_scalar(v) for v in value) else None
    if isinstance(value, dict):
        return "dict"
    return None


def prop_kinds(layout: object) -> dict[tuple[str, str], str]:
    """(component id, prop) → the kind of value the layout gives it (str, bool, number, list, dict)."""
    out: dict[tuple[str, str], str] = {}
    stack: list[object] = [layout() if callable(layout) else layout]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
            continue
        names: Iterable[str] = getattr(node, "_prop_names", ())
        cid = getattr(node, "id", None)
        for prop in names:
            value = getattr(node, prop, None)
            if hasattr(value, "_prop_names") or (
                isinstance(value, list | tuple) and any(hasattr(v, "_prop_names") for v in value)
            ):
                stack.append(value)
            elif isinstance(cid, str) and value is not None and _kind(value):
                out[(cid, prop)] = _kind(value)  # type: ignore[assignment]
    return out

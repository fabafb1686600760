"""Vendored browser code, served pre-gzipped under a versioned, immutable URL.

- ``vendor/maplibre-gl-<version>/``: MapLibre GL JS (BSD-3-Clause) as published on npm —
  ``maplibre-gl.mjs`` (the ES module assets/app.js imports as the page starts), its module worker
  ``maplibre-gl-worker.mjs`` (found next to it) and ``maplibre-gl.css``. Refresh:
  scripts/fetch_maplibre.sh.
- ``vendor/plotly-basic-<version>.min.js.gz``: plotly.js's official *basic* partial bundle (MIT;
  scatter, bar, pie — every chart here; 0.4 MB gzipped instead of the full bundle's 1.4 MB), named
  in a ``<meta name="zof-plotly">`` and loaded by assets/app.js only when a chart comes near the
  screen (``dcc.Graph`` waits for ``window.Plotly`` and never fetches Dash's full bundle). Used
  only when its major version matches the installed plotly.js (else Dash's own bundle, with a
  warning). Refresh: scripts/fetch_plotly_basic.sh.

Each file is kept gzipped as it is sent, so the repository stays small and nothing is compressed
at run time; a client that does not accept gzip gets the file decompressed.

:func:`cache_fingerprinted` marks Dash's fingerprinted files immutable too (``/assets/…?m=<mtime>``,
``/_dash-component-suites/…/name.v<version>m<mtime>.js``, ``/_favicon.ico?v=<version>``): their URL
changes with their content, so a browser need never ask again.
"""

from __future__ import annotations

import gzip
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from dash.fingerprint import check_fingerprint
from flask import Flask, Response, abort, request

logger = logging.getLogger(__name__)
VENDOR_DIR = Path(__file__).resolve().parent / "vendor"
ROUTE = "/vendor"
IMMUTABLE = "public, max-age=31536000, immutable"
TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".css": "text/css"}
_DIR = re.compile(r"^maplibre-gl-(\d+\.\d+\.\d+)$")
_PLOTLY = re.compile(r"plotly\.js \(basic - minified\) v(\d+)\.(\d+)\.(\d+)")


@dataclass(frozen=True)
class Vendor:
    """The URLs of the vendored files, for the page's <head> and assets/app.js."""

    maplibre_url: str
    css_url: str
    plotly_url: str | None = None

    def head_tags(self) -> str:
        """Preload the map module (fetched in parallel with Dash's scripts) and its stylesheet; name
        the chart library, which assets/app.js loads when a chart first comes near the screen."""
        tags = f'<link rel="modulepreload" href="{self.maplibre_url}"><link rel="stylesheet" href="{self.css_url}">'
        if self.plotly_url:
            tags += f'<meta name="zof-plotly" content="{self.plotly_url}">'
        return tags


def bundle_version(path: Path) -> tuple[int, int, int] | None:
    """plotly.js version from the bundle's licence banner.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.js.gz"
    >>> _ = p.write_bytes(gzip.compress(b"/**\\n* plotly.js (basic - minified) v4.1.1\\n*/"))
    >>> bundle_version(p)
    (4, 1, 1)
    """
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
        match = _PLOTLY.search(fh.read(400))
    return tuple(int(x) for x in match.groups()) if match else None  # type: ignore[return-value]


def plotly_bundle(installed: str, vendor_dir: Path = VENDOR_DIR) -> Path | None:
    """The vendored chart bundle to use with the installed plotly.js ``installed`` (e.g. "4.1.1")."""
    candidates = sorted(vendor_dir.glob("plotly-basic-*.min.js.gz"))
    if not candidates:
        return None
    version = bundle_version(candidates[-1])
    if version is None or str(version[0]) != installed.split(".")[0]:
        logger.warning(
            "vendored %s (plotly.js %s) does not match the installed plotly.js %s; using Dash's full "
            "bundle — refresh it with scripts/fetch_plotly_basic.sh",
            candidates[-1].name,
            version,
            installed,
        )
        return None
    return candidates[-1]


def maplibre_dir(vendor_dir: Path = VENDOR_DIR) -> Path:
    """The vendored MapLibre folder (the newest if several are present)."""
    found = sorted(
        (p for p in vendor_dir.iterdir() if _DIR.match(p.name)),
        key=lambda p: tuple(int(x) for x in _DIR.match(p.name).group(1).split(".")),
    )
    if not found:
        raise FileNotFoundError(f"no vendor/maplibre-gl-<version>/ in {vendor_dir}; run scripts/fetch_maplibre.sh")
    return found[-1]


def gzip_response(body: bytes, mimetype: str, *, cache: str = IMMUTABLE) -> Response:
    """``body`` (gzipped) as sent when the client accepts gzip, else decompressed.

    >>> from flask import Flask
    >>> with Flask("t").test_request_context(headers={"Accept-Encoding": "identity"}):
    ...     r = gzip_response(gzip.compress(b"x = 1"), "text/javascript")
    >>> r.get_data(), "Content-Encoding" in r.headers
    (b'x = 1', False)
    >>> with Flask("t").test_request_context(headers={"Accept-Encoding": "gzip;q=0, br"}):
    ...     "Content-Encoding" in gzip_response(gzip.compress(b"x"), "text/javascript").headers
    False
    """
    accepts = request.accept_encodings["gzip"] > 0  # quality-aware: "gzip;q=0" refuses, "*" accepts
    response = Response(body if accepts else gzip.decompress(body), mimetype=mimetype)
    if accepts:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Cache-Control"] = cache
    response.headers["Vary"] = "Accept-Encoding"
    return response


def register_vendor(server: Flask, vendor_dir: Path = VENDOR_DIR, *, plotly_version: str | None = None) -> Vendor:
    """Serve the vendored files (read once): ``/vendor/<maplibre folder>/<name>`` and the chart
    bundle at ``/vendor/<name>``."""
    folder = maplibre_dir(vendor_dir)
    files = {f"{folder.name}/{p.name.removesuffix('.gz')}": p.read_bytes() for p in folder.glob("*.gz")}
    bundle = plotly_bundle(plotly_version, vendor_dir) if plotly_version else None
    if bundle is not None:
        files[bundle.name.removesuffix(".gz")] = bundle.read_bytes()

    @server.route(f"{ROUTE}/<path:name>")
    def vendor(name: str) -> Response:
        body = files.get(name)
        if body is None:
            abort(404)
        return gzip_response(body, TYPES.get(Path(name).suffix, "application/octet-stream"))

    base = f"{ROUTE}/{folder.name}"
    return Vendor(
        maplibre_url=f"{base}/maplibre-gl.mjs",
        css_url=f"{base}/maplibre-gl.css",
        plotly_url=f"{ROUTE}/{bundle.name.removesuffix('.gz')}" if bundle else None,
    )


def cache_fingerprinted(server: Flask) -> None:
    """``Cache-Control: immutable`` on Dash's fingerprinted responses (see the module docstring);
    Dash's unversioned async chunks keep their ETag (revalidated, 304)."""

    @server.after_request
    def immutable(response: Response) -> Response:
        path = request.path
        fingerprinted = (
            (path.startswith("/assets/") and "m" in request.args)
            or (path.startswith("/_dash-component-suites/") and check_fingerprint(path)[1])
            or (path == "/_favicon.ico" and "v" in request.args)
        )
        if fingerprinted and response.status_code == 200:
            response.headers["Cache-Control"] = IMMUTABLE
        return response


_POLYFILL = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>\s*')


def without_polyfill(app) -> None:
    """Leave Dash's @babel/polyfill out of the page. Every browser Dash 4 supports has what it
    polyfills, yet core-js 2 still replaces some fast native methods with its own (it deems
    ``String.prototype.trim`` non-conforming, for one): 100 KB and 100–150 ms of the main thread
    on this machine. The ``regeneratorRuntime`` global that Dash's bundles use comes with
    dash-bootstrap-components' bundle, which loads before them (tests/dashboard/test_app.py
    checks both)."""
    interpolate = app.interpolate_index

    def interpolate_index(**kwargs):
        kwargs["scripts"] = _POLYFILL.sub("", kwargs["scripts"])
        return interpolate(**kwargs)

    app.interpolate_index = interpolate_index

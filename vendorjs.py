"""Vendored browser code, served pre-gzipped under a versioned, immutable URL.

``vendor/plotly-map-<version>.min.js.gz`` is plotly.js's official *map* partial bundle (npm
``plotly.js/dist/plotly-map.min.js``: core with scatter, plus scattermap, choroplethmap and
densitymap — every trace this dashboard draws), 3.0 MB instead of the full bundle's 4.8 MB,
kept gzipped (0.9 MB) as it is sent: the repository stays small and nothing is compressed at run time.
Loaded before Dash's components, it becomes ``window.Plotly`` and ``dcc.Graph`` uses it
instead of fetching the full bundle: the first map appears ~0.5 s sooner (see README).
It is used only when its major version matches the plotly.js of the installed ``plotly``
package; otherwise Dash's own bundle is used, with a warning. Refresh: scripts/fetch_plotly_bundle.sh.
"""
from __future__ import annotations

import gzip
import logging
import re
from pathlib import Path

from flask import Flask, Response, abort

logger = logging.getLogger(__name__)

VENDOR_DIR = Path(__file__).resolve().parent / "vendor"
ROUTE = "/vendor"
_VERSION = re.compile(r"plotly\.js \(map - minified\) v(\d+)\.(\d+)\.(\d+)")


def bundle_version(path: Path) -> tuple[int, int, int] | None:
    """plotly.js version from the bundle's licence banner.

    >>> import tempfile, os
    >>> p = Path(tempfile.mkdtemp()) / "x.js.gz"
    >>> _ = p.write_bytes(gzip.compress(b"/**\\n* plotly.js (map - minified) v4.1.1\\n*/"))
    >>> bundle_version(p)
    (4, 1, 1)
    """
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
        match = _VERSION.search(fh.read(400))
    return tuple(int(x) for x in match.groups()) if match else None  # type: ignore[return-value]


def plotly_bundle(installed: str) -> Path | None:
    """The vendored bundle to use with the installed plotly.js ``installed`` (e.g. "4.1.1"), or None."""
    candidates = sorted(VENDOR_DIR.glob("plotly-map-*.min.js.gz"))
    if not candidates:
        return None
    path = candidates[-1]
    version = bundle_version(path)
    if version is None or str(version[0]) != installed.split(".")[0]:
        logger.warning("vendored %s (plotly.js %s) does not match the installed plotly.js %s; using Dash's "
                       "full bundle — refresh it with scripts/fetch_plotly_bundle.sh", path.name, version, installed)
        return None
    return path


def register_vendor_script(server: Flask, path: Path) -> str:
    """Serve the gzipped file ``path`` (read once) at a versioned URL; return that URL, for
    ``Dash(external_scripts=[...])``."""
    body = path.read_bytes()
    filename = path.name.removesuffix(".gz")

    @server.route(f"{ROUTE}/<name>")
    def vendor(name: str) -> Response:
        if name != filename:
            abort(404)
        response = Response(body, mimetype="text/javascript")
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        response.headers["Vary"] = "Accept-Encoding"
        return response

    return f"{ROUTE}/{filename}"

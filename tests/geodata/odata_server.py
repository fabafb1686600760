"""A recorded CBS OData v3 service for the fetch tests, served by pytest-httpserver.

It answers as ``opendata.cbs.nl`` does on ``/ODataFeed/odata/<table>/``: the root lists the
table's feeds (``{"odata.metadata": …, "value": [{"name", "url"}, …]}``); a feed returns its rows
in pages of ``page_size`` with an absolute ``odata.nextLink`` (carrying ``$skip`` and the
``$select``) until the last page. ``$select`` is applied; ``$filter`` is only recorded (the
recorded rows are already the filtered ones). ``failures`` injects, per ``"<table>/<feed>"``, a
queue of ``500`` (an HTTP error) or ``"slow"`` (an answer after ``slow_seconds``) before the
recorded reply; ``"always500"`` fails every request.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from pathlib import Path

from werkzeug import Request, Response

FIXTURES = Path(__file__).parent.parent / "fixtures" / "odata"
_PATH = re.compile(r"^/ODataFeed/odata/(?P<table>[^/]+)/(?P<feed>[^/?]*)$")


def load_fixture(name: str) -> dict[str, list[dict]]:
    return json.loads((FIXTURES / f"{name}.json").read_text())


class RecordedOData:
    def __init__(self, httpserver, tables: dict[str, dict[str, list[dict]]], *, page_size: int = 2) -> None:
        self.server = httpserver
        self.tables = tables
        self.page_size = page_size
        self.failures: dict[str, list] = defaultdict(list)
        self.slow_seconds = 1.0
        self.requests: list[tuple[str, dict]] = []
        httpserver.expect_request(re.compile(r"^/ODataFeed/odata/.*")).respond_with_handler(self.handle)

    @property
    def base_url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def hits(self, table: str, feed: str) -> list[dict]:
        return [args for path, args in self.requests if path == f"{table}/{feed}"]

    def handle(self, request: Request) -> Response:
        match = _PATH.match(request.path)
        if not match:
            return Response("not found", status=404)
        table, feed = match["table"], match["feed"]
        self.requests.append((f"{table}/{feed}", dict(request.args)))
        queue = self.failures.get(f"{table}/{feed}") or []
        if queue:
            action = queue[0] if queue[0] == "always500" else queue.pop(0)
            if action in (500, "always500"):
                return Response("Internal Server Error", status=500)
            if action == "slow":
                time.sleep(self.slow_seconds)
        if table not in self.tables:
            return Response(json.dumps({"odata.error": {"message": {"value": "Resource not found"}}}), status=404)
        feeds = self.tables[table]
        root = f"{self.base_url}/ODataFeed/odata/{table}"
        if feed == "":
            names = [
                "TableInfos",
                "UntypedDataSet",
                "TypedDataSet",
                *[n for n in feeds if n != "TypedDataSet" and n != "TableInfos"],
            ]
            value = [{"name": n, "url": f"{root}/{n}"} for n in names]
            return self._json({"odata.metadata": f"{root}/$metadata", "value": value})
        rows = feeds.get(feed, [])
        select = request.args.get("$select")
        if select and feed in ("TypedDataSet", "UntypedDataSet"):
            keep = select.split(",")
            rows = [{k: r[k] for k in keep if k in r} for r in rows]
        skip = int(request.args.get("$skip", 0))
        body = {
            "odata.metadata": f"{root}/$metadata#Cbs.OData.WebAPI.{feed}",
            "value": rows[skip : skip + self.page_size],
        }
        if skip + self.page_size < len(rows):
            link = f"{root}/{feed}?$format=json&$skip={skip + self.page_size}"
            if select:
                link += f"&$select={select}"
            body["odata.nextLink"] = link
        return self._json(body)

    @staticmethod
    def _json(body: dict) -> Response:
        return Response(json.dumps(body), status=200, content_type="application/json;odata=minimalmetadata")

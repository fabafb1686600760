"""Hostile requests, generated: every route and every server callback of the app, fed malformed
headers, paths, parameters and bodies. Each answer is a 4xx with a short message (or the default
view), never a 5xx; no body carries a traceback, a server path or the injected payload back; and
nothing is logged at ERROR (the app's log stays readable for real faults)."""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest

from dashboard import ids
from dashboard.i18n import t

pytestmark = pytest.mark.integration

#: strings an attacker puts wherever a value goes
PAYLOADS = {
    "crlf": "GM0363\r\nSet-Cookie: zof=1",
    "quote": 'GM0363"; x=1',
    "script": "<script>alert(1)</script>",
    "nonbmp": "GM0363中💩",
    "traversal": "../../../etc/passwd",
    "nul": "GM03\x0063",
    "formula": '=HYPERLINK("http://x")',
    "template": "{{7*7}}${7*7}%s%n",
    "long": "A" * 3000 + "<x>",
    "sql": "' OR '1'='1",
}
BAD_YEARS = [
    "-1",
    "0",
    "1" + "0" * 20,
    "+2020",
    "٢٠٢٠",
    "2_020",
    " 2020",
    "2020 ",
    "1e3",
    "0x7e4",
    "NaN",
    "20200",
    "1899",
]
REFERERS = [
    "http://[::1",
    "http://[",
    "http://x:99999/",
    "://",
    "http://127.0.0.1/%ZZ?taal=%",
    "http://127.0.0.1/?taal=en&" + "a=1&" * 500,
    "javascript:alert(1)",
    "http://127.0.0.1/landelijk?lijn=<script>",
    "\x01\x02",
]
SUITE_PATHS = [
    "dash/..%2f..%2fapp.py",
    "dash/%2e%2e/%2e%2e/app.py",
    "dash/deps/nope.js",
    "dash/..%5c..%5capp.py",
    "dash/....//....//app.py",
    "nope/x.js",
    "os/x.py",
    "dash/dash-renderer/build/dash_renderer.v9_9_9m1.min.js.map%00.js",
    "dash/%252e%252e/x.js",
    "dash_bootstrap_components/../../../../etc/passwd",
]
#: values of the wrong kind for a control's value, and hostile values of the right kind
WRONG_KINDS = [{"a": [1]}, [[["deep"]]], 1e308, True, -1]
#: what a body must never show
LEAKS = re.compile(r"Traceback|File \"|/work/|site-packages|\.py\b|Werkzeug|Internal Server Error")
#: a payload whose echo would matter: markup, quotes, line breaks, template syntax, non-ASCII
RISKY = re.compile(r"[<>\"'\r\n\x00{}$%]|[^\x00-\x7f]")


@dataclass
class Hostile:
    """One hostile request: method, path, query, headers, body, and the payload it injects."""

    name: str
    path: str
    method: str = "GET"
    headers: dict = field(default_factory=dict)
    body: bytes | None = None
    payload: str | None = None
    #: the status it must get, where one is certain
    expect: tuple[int, ...] = ()

    def __str__(self) -> str:
        return self.name


def _quote(text: str) -> str:
    return quote(text, safe="")


def _get_requests(version: str) -> list[Hostile]:
    out: list[Hostile] = []
    for i, ref in enumerate(REFERERS):
        for path in ("/_dash-layout", "/", "/landelijk"):
            out.append(Hostile(f"referer{i}{path}", path, headers={"Referer": ref}, payload=ref))
    for key, p in PAYLOADS.items():
        q = _quote(p)
        out += [
            Hostile(f"csv-area-{key}", f"/download.csv?indicator=population&level=gemeente&area={q}", payload=p),
            Hostile(f"csv-fa-{key}", f"/download.csv?indicator=population&area={q}", payload=p),
            Hostile(f"csv-ind-{key}", f"/download.csv?indicator={q}", payload=p),
            Hostile(f"csv-level-{key}", f"/download.csv?indicator=population&level={q}", payload=p),
            Hostile(f"values-scope-{key}", f"/values/{version}/{q}/population/2024.json", payload=p),
            Hostile(f"values-ind-{key}", f"/values/{version}/focus-UTR_OV/{q}/2024.json", payload=p),
            Hostile(f"values-focus-{key}", f"/values/{version}/focus-{q}/population/2024.json", payload=p),
            Hostile(f"values-lang-{key}", f"/values/{version}/focus-UTR_OV/population/2024.json?taal={q}", payload=p),
            Hostile(f"values-version-{key}", f"/values/{q}/focus-UTR_OV/population/2024.json", payload=p),
            Hostile(f"geo-{key}", f"/geo/{version}/{q}.json", payload=p),
            Hostile(f"page-{key}", f"/?gebied={q}&indicator={q}&jaar={q}&taal={q}&niveau={q}", payload=p),
        ]
    for y in BAD_YEARS:
        for scope in ("focus-UTR_OV", "nl-wijk"):
            path = f"/values/{version}/{scope}/population/{_quote(y)}.json"
            out.append(Hostile(f"year-{scope}-{y!r}", path, payload=y, expect=(400, 404)))
    out += [Hostile(f"suite-{p}", "/_dash-component-suites/" + p, expect=(404,)) for p in SUITE_PATHS]
    out += [Hostile(p, p, expect=(404,)) for p in ("/_reload-hash", "/_dash-component-suites/", "/values/x", "/geo/")]
    return out


def _structural_bodies() -> list[Hostile]:
    bodies = {
        "null": b"null",
        "list": b"[]",
        "object": b"{}",
        "string": b'"x"',
        "number": b"1",
        "not-json": b"{nope",
        "deep-list": b"[" * 10_000 + b"]" * 10_000,
        "deep-object": b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
        "unknown-output": json.dumps({"output": "x.y", "outputs": {"id": "x", "property": "y"}, "inputs": []}).encode(),
        "output-not-str": json.dumps({"output": ["a"], "inputs": []}).encode(),
        "clientside": json.dumps({"output": f"{ids.LANG_SINK}.children", "inputs": []}).encode(),
        "utf8-garbage": b'{"output": "\xff\xfe"}',
    }
    return [
        Hostile(f"body-{k}", "/_dash-update-component", "POST", {"Content-Type": "application/json"}, v, expect=(400,))
        for k, v in bodies.items()
    ]


def _layout_values(layout) -> dict[tuple[str, str], object]:
    values: dict[tuple[str, str], object] = {}
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
            continue
        cid = getattr(node, "id", None)
        for prop in getattr(node, "_prop_names", ()):
            value = getattr(node, prop, None)
            if hasattr(value, "_prop_names") or isinstance(value, list | tuple):
                stack.append(value)
            if isinstance(cid, str) and value is not None:
                values[(cid, prop)] = value
    return values


def _outputs(key: str) -> list[dict]:
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    out = []
    for part in parts:
        cid, prop = part.split("@")[0].rsplit(".", 1)
        out.append({"id": cid, "property": prop})
    return out


def _variants(inputs: list[dict], state: list[dict], body) -> dict[str, tuple[bytes, str | None]]:
    """One callback's bodies by name: valid, malformed, and each input or state of the wrong kind
    or a hostile string (with the string it carries)."""
    variants = {
        "valid": (body(inputs, state), None),
        "one-short": (body(inputs[:-1], state), None),
        "one-more": (body([*inputs, inputs[0]], state), None),
        "inputs-null": (body(inputs, state, inputs=None), None),
        "state-dict": (body(inputs, state, state={}), None),
        "wrong-id": (body([{**inputs[0], "id": "nope"}, *inputs[1:]], state), None),
        "outputs-missing": (body(inputs, state, outputs=None), None),
    }
    for i, ref in enumerate(inputs + state):
        where = "i" if i < len(inputs) else "s"
        for j, bad in enumerate(WRONG_KINDS):
            changed = [dict(r) for r in inputs + state]
            changed[i]["value"] = bad
            variants[f"{where}{i}-kind{j}"] = (body(changed[: len(inputs)], changed[len(inputs) :]), None)
        if isinstance(ref["value"], str) or ref["property"] in ("pathname", "search"):
            for pkey in ("script", "nonbmp", "long", "crlf"):
                changed = [dict(r) for r in inputs + state]
                changed[i]["value"] = PAYLOADS[pkey]
                variants[f"{where}{i}-{pkey}"] = (body(changed[: len(inputs)], changed[len(inputs) :]), PAYLOADS[pkey])
    return variants


def _callback_bodies(app) -> list[Hostile]:
    """For every server callback: a valid body, then one input short, one too many, a wrong id,
    and each input in turn given a value of the wrong kind or a hostile string."""
    defaults = _layout_values(app.validation_layout)
    defaults[(ids.URL, "pathname")], defaults[(ids.URL, "search")] = "/", ""
    out: list[Hostile] = []
    for key, spec in app.callback_map.items():
        if "callback" not in spec or "{" in key:
            continue
        outputs = _outputs(key)

        def body(ins, st, _key=key, _outs=outputs, **extra) -> bytes:
            data = {
                "output": _key,
                "outputs": _outs if len(_outs) > 1 else _outs[0],
                "inputs": ins,
                "state": st,
                "changedPropIds": [f"{ins[0]['id']}.{ins[0]['property']}"] if ins else [],
            }
            return json.dumps({**data, **extra}).encode()

        def refs(specs):
            return [{**s, "value": defaults.get((s["id"], s["property"]))} for s in specs]

        inputs, state = refs(spec["inputs"]), refs(spec["state"])
        name = key.strip(".").split(".")[0]
        variants = _variants(inputs, state, body)
        for vname, (data, payload) in variants.items():
            expect = (200, 204) if vname == "valid" else (400,) if "kind" not in vname and not payload else ()
            out.append(
                Hostile(
                    f"cb-{name}-{vname}",
                    "/_dash-update-component",
                    "POST",
                    {"Content-Type": "application/json"},
                    data,
                    payload,
                    expect,
                )
            )
    return out


def _all_requests() -> list[Hostile]:
    """The generated requests; they need the app (its callback map, its geometry version), built
    once on the real store (built first if it is not current, as the ``store`` fixture does)."""
    if not hasattr(_all_requests, "cache"):
        from app import create_app
        from geodata.build import build_store
        from geodata.settings import Settings

        settings = Settings.from_env()
        build_store(settings)
        app = create_app(settings)
        config = json.loads(getattr(app.layout.children[0], "data-config"))
        version = config["values"].rsplit("/", 1)[-1]
        _all_requests.app = app
        _all_requests.cache = _get_requests(version) + _structural_bodies() + _callback_bodies(app)
    return _all_requests.cache


@pytest.fixture(scope="module", autouse=True)
def _warm_up_finished():
    """The app warms its store in a daemon thread; let it finish before the interpreter exits
    (a daemon thread still inside pandas at exit can crash the interpreter)."""
    yield
    for thread in threading.enumerate():
        if thread.name == "warm-store":
            thread.join(timeout=300)


def pytest_generate_tests(metafunc):
    if "hostile" in metafunc.fixturenames:
        requests = _all_requests()
        metafunc.parametrize("hostile", requests, ids=[r.name for r in requests])


def test_there_are_at_least_150_generated_hostile_requests():
    assert len(_all_requests()) >= 150


def test_hostile_request_is_answered_without_error(hostile: Hostile, caplog):
    app = _all_requests.app
    client = app.server.test_client()
    caplog.set_level(logging.INFO)
    if hostile.method == "POST":
        r = client.post(hostile.path, data=hostile.body, headers=hostile.headers)
    else:
        headers = {k: v for k, v in hostile.headers.items() if not re.search(r"[\r\n]", v)}
        r = client.get(hostile.path, headers=headers)
    text = r.get_data(as_text=True)
    assert r.status_code < 500, text[:300]
    assert not hostile.expect or r.status_code in hostile.expect, (r.status_code, text[:300])
    assert not LEAKS.search(text), text[:300]
    if hostile.payload and RISKY.search(hostile.payload):
        assert hostile.payload not in text
        assert json.dumps(hostile.payload)[1:-1] not in text  # nor JSON-escaped, as a callback answer is
    if r.status_code >= 400:
        assert r.mimetype == "text/plain" and len(text.strip()) > 5
        assert "immutable" not in r.headers.get("Cache-Control", "")
    assert t("error_apology") not in text
    errors = [rec for rec in caplog.records if rec.levelno >= logging.ERROR or rec.exc_info]
    assert not errors, [rec.getMessage() for rec in errors]
    assert r.headers.get("X-Content-Type-Options") == "nosniff"


def test_download_file_name_and_cells_are_safe():
    client = _all_requests.app.server.test_client() if hasattr(_all_requests, "app") else None
    if client is None:
        _all_requests()
        client = _all_requests.app.server.test_client()
    r = client.get("/download.csv?indicator=population&level=gemeente&area=GM0363")
    assert r.status_code == 200
    disposition = r.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="focuswijken_population_gemeente_GM0363.csv"; ' + (
        "filename*=UTF-8''focuswijken_population_gemeente_GM0363.csv"
    )
    for area in ('GM0363"; x=1', "GM0363\r\nX: 1", "GM0363中💩"):
        r = client.get("/download.csv", query_string={"indicator": "population", "level": "gemeente", "area": area})
        assert r.status_code == 400 and "Content-Disposition" not in r.headers
    assert client.get("/download.csv?indicator=population&level=gemeente&area=GM9999").status_code == 404


def test_gzip_only_when_the_client_accepts_it():
    _all_requests()
    app = _all_requests.app
    client = app.server.test_client()
    prefix = json.loads(getattr(app.layout.children[0], "data-config"))["values"]
    url = f"{prefix}/focus-UTR_OV/population/2024.json"
    for accept, gzipped in (("gzip", True), ("gzip;q=0", False), ("identity", False), ("", False), ("br, *", True)):
        r = client.get(url, headers={"Accept-Encoding": accept} if accept else {})
        assert r.status_code == 200 and (r.headers.get("Content-Encoding") == "gzip") == gzipped, accept
        if not gzipped:
            assert json.loads(r.data)["v"]


def test_security_headers_on_every_route():
    _all_requests()
    app = _all_requests.app
    client = app.server.test_client()
    prefix = json.loads(getattr(app.layout.children[0], "data-config"))["values"]
    paths = [
        "/",
        "/landelijk?taal=en",
        "/_dash-layout",
        "/_dash-dependencies",
        "/assets/app.js",
        "/assets/style.css",
        f"{prefix}/focus-UTR_OV/population/2024.json",
        f"{prefix}/focus-UTR_OV/population/1.json",
        "/download.csv?indicator=population",
        "/_reload-hash",
        "/geo/x/y.json",
    ]
    for path in paths:
        r = client.get(path)
        csp = r.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
        assert "unsafe-eval" not in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert r.headers["X-Frame-Options"] == "DENY" and r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in r.headers["Permissions-Policy"]
    assert client.get("/_reload-hash").status_code == 404  # dev route: only with ZOF_DEBUG

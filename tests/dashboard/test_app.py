"""The app on the real store, without a browser: routes, views and the state callback logic."""

from __future__ import annotations

import gzip
import io
import json
import re

import pandas as pd
import pytest

from dashboard import ids, views
from dashboard.callbacks import resolve_controls
from dashboard.mapdata import STATUS_CODES
from dashboard.state import LINES, resolve_view
from tests.conftest import open_page

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def dash_app(store):
    """The Dash app built on the session's store (no server started)."""
    from app import create_app
    from geodata.settings import Settings

    return create_app(Settings.from_env())


@pytest.fixture(scope="module")
def client(dash_app):
    """Flask test client of the app."""
    return dash_app.server.test_client()


@pytest.fixture(scope="module")
def meta(store):
    """The URL decoder's view of the store."""
    return views.build_meta(store)


def test_the_page_follows_the_opened_url_never_the_referer(dash_app, client):
    """The layout is the same for every request (a Referer, even a malformed one, changes
    nothing); the page is built for the URL the browser opened."""
    assert client.get("/").status_code == 200
    shell = client.get("/_dash-layout").get_json()
    for referer in ("http://127.0.0.1/landelijk?gebied=ROT_ZUID&taal=en", "http://[::1"):
        r = client.get("/_dash-layout", headers={"Referer": referer})
        assert r.status_code == 200 and r.get_json() == shell
    text = json.dumps(open_page(client, "/landelijk?gebied=ROT_ZUID&taal=en"))
    assert '"value": "ROT_ZUID"' in text and "Nationwide" in text
    assert {"geometry", "download"} <= set(dash_app.server.view_functions)


def test_maplibre_is_vendored_preloaded_and_served_gzipped(dash_app, client):
    """MapLibre GL JS comes from our own server (no CDN), preloaded in the head, gzipped where the
    client accepts it; its worker lies beside it, where the module looks for it."""
    page = client.get("/").get_data(as_text=True)
    mjs = re.search(r'<link rel="modulepreload" href="([^"]+maplibre-gl\.mjs)">', page).group(1)
    r = client.get(mjs, headers={"Accept-Encoding": "gzip"})
    assert (
        r.status_code == 200 and r.headers["Content-Encoding"] == "gzip" and "immutable" in r.headers["Cache-Control"]
    )
    assert r.mimetype == "text/javascript" and b"MapLibre GL JS" in gzip.decompress(r.data)[:200]
    plain = client.get(mjs)  # no Accept-Encoding: the file as it is
    assert "Content-Encoding" not in plain.headers and plain.data == gzip.decompress(r.data)
    assert client.get(mjs.replace("maplibre-gl.mjs", "maplibre-gl-worker.mjs")).status_code == 200
    assert client.get(mjs.replace("maplibre-gl.mjs", "other.js")).status_code == 404
    assert "plotly" not in " ".join(re.findall(r'<script src="([^"]+)"', page))  # charts load plotly later


def test_geometry_payload(store):
    from dashboard.geo import GeoAssets

    geo = GeoAssets(store.display, "abc123")
    from flask import Flask

    from dashboard.routes import register_routes

    server = Flask("t")
    register_routes(server, store, geo)
    c = server.test_client()
    r = c.get(geo.url("fa-buurt-UTR_OV"), headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["Content-Encoding"] == "gzip"
    assert "immutable" in r.headers["Cache-Control"]
    fc = json.loads(gzip.decompress(r.data))
    codes = {f["id"] for f in fc["features"]}
    members = set(store.membership.loc[store.membership["target"] == "UTR_OV", "unit"])
    assert codes == members
    assert c.get("/geo/wrongversion/fa-buurt-UTR_OV.json").status_code == 404
    assert c.get(geo.url("fa-buurt-NOPE")).status_code == 404


def test_download_serves_the_export_rows(client, store):
    r = client.get("/download.csv?indicator=population&level=focus_area&area=UTR_OV&format=csv-en")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    frame = pd.read_csv(io.BytesIO(r.data))
    expected = store.export("population", level="focus_area", area="UTR_OV")
    assert list(frame.columns) == list(expected.columns)
    assert len(frame) == len(expected)
    assert set(frame["area_code"]) >= {"UTR_OV", "REST_UTR_OV", "GM0344", "NL01"}


@pytest.mark.parametrize(
    "query, status",
    [
        ("indicator=nope", 404),
        ("indicator=population&level=provincie", 400),
        ("indicator=population&level=gemeente&area=GM9999", 404),
        ("indicator=population&level=focus_area&area=NOPE", 404),
    ],
)
def test_download_bad_parameters_get_a_clear_4xx(client, query, status):
    r = client.get("/download.csv?" + query)
    assert r.status_code == status
    assert b"nope" in r.data or b"provincie" in r.data or b"GM9999" in r.data or b"NOPE" in r.data


@pytest.mark.parametrize(
    "indicator",
    [
        "population",
        "lbm_nuisance_safety",
        "crimes_per_1000",
        "labour_participation",
        "ses_woa_score",
        "social_minimum_pct",
    ],
)
def test_every_focus_area_map_view_draws_every_unit(store, meta, indicator):
    year = meta.periods[indicator][-1]
    for fa in store.focus_areas:
        view = views.focus_map_view(store, fa.id, indicator, year)
        assert view.units["code"].is_unique
        if view.level == "buurt":
            members = set(store.membership.loc[store.membership["target"] == fa.id, "unit"])
            drawn = set(
                store.display.loc[(store.display["layer"] == "buurt") & (store.display["focus_area"] == fa.id), "code"]
            )
            assert set(view.units["code"]) == members & drawn


def test_summary_sentence_names_area_value_and_rest(store):
    ind = store.indicator("crimes_per_1000")
    text = views.summary_sentence(store, "UTR_OV", ind, 2024, "nl", 2022)
    assert text.startswith("Utrecht Overvecht: ") and "2024" in text and "rest van Utrecht" in text


def test_control_change_updates_state_and_line_change_resets_indicator(meta):
    state, _ = resolve_controls(
        ids.INDICATOR,
        "/",
        "?gebied=UTR_OV",
        {"area": "UTR_OV", "line": "4", "indicator": "crimes_per_1000", "year": 2023, "level": "gemeente"},
        meta,
        "nl",
    )
    assert (state.indicator, state.year) == ("crimes_per_1000", 2023)
    state, _ = resolve_controls(
        ids.LINE,
        "/",
        "",
        {"area": "UTR_OV", "line": "2", "indicator": "crimes_per_1000", "year": 2023, "level": "gemeente"},
        meta,
        "nl",
    )
    assert state.line == "2" and meta.line_of(state.indicator) == "2"
    assert state.year == meta.periods[state.indicator][-1]


def test_url_change_wins_over_controls(meta):
    state, msgs = resolve_controls(
        ids.URL, "/", "?gebied=ROT_ZUID&indicator=population", {"area": "UTR_OV"}, meta, "nl"
    )
    assert state.area == "ROT_ZUID" and not msgs


@pytest.mark.parametrize("line", LINES)
def test_panels_resolve_the_view_as_the_controls_will_settle(meta, line):
    """The panels draw from the raw control values at once; they must show what the controls
    settle on a moment later (so nothing is drawn twice or wrong)."""
    for indicator in [i for ids_ in meta.indicators_by_line.values() for i in ids_][::3] + ["", "nope"]:
        for year in ("", "1999", *[str(p) for p in meta.periods.get(indicator, ())[:2]]):
            state, _ = resolve_controls(
                ids.LINE,
                "/",
                "",
                {"area": "UTR_OV", "line": line, "indicator": indicator, "year": year, "level": "gemeente"},
                meta,
                "nl",
            )
            assert resolve_view(meta, line, indicator, year) == (state.indicator, state.year), (line, indicator, year)


@pytest.fixture(scope="module")
def values_client(store):
    """A bare Flask app with the routes, on a known geometry version."""
    from flask import Flask

    from dashboard.geo import GeoAssets
    from dashboard.routes import register_routes

    geo = GeoAssets(store.display, "abc123")
    server = Flask("t")
    register_routes(server, store, geo)
    return server.test_client(), geo


def _payload(client, url):
    r = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert r.status_code == 200, r.data
    assert r.headers["Content-Encoding"] == "gzip" and "immutable" in r.headers["Cache-Control"]
    return json.loads(gzip.decompress(r.data))


def test_map_payload_matches_the_store_unit_by_unit(values_client, store):
    """Feature i of the geometry gets value i and status digit i of the payload: every buurt of the
    focus area is painted with its own figure from the store, and says why when it has none."""
    c, geo = values_client
    year = 2020
    v = _payload(c, f"/values/{geo.version}/focus-AMS_NW/lbm_nuisance_safety/{year}.json?taal=nl")
    features = json.loads(c.get(v["geo"]).data)["features"]  # no Accept-Encoding: sent unzipped
    assert len(v["v"]) == len(v["s"]) == len(features) > 50
    units = store.unit_values(
        "lbm_nuisance_safety", level="buurt", period=year, gemeente=store.focus_area("AMS_NW").gemeente
    ).set_index("code")
    digits = {str(d): s for s, d in STATUS_CODES.items()}
    seen = set()
    for f, value, digit in zip(features, v["v"], v["s"]):
        row = units.loc[f["id"]]
        assert digits[digit] == (row["status"] if row["status"] in STATUS_CODES else "missing")
        if digit in "01":
            assert value == pytest.approx(row["value"], abs=10 ** -v["dec"])
        else:
            assert value is None
        seen.add(digits[digit])
    assert "ok" in seen and len(seen) > 1  # values and at least one unit without
    assert v["lo"] < v["hi"] and v["legend"]["unit"] == store.indicator("lbm_nuisance_safety").unit("nl")
    assert v["base"]["outline"].endswith("outline-AMS_NW.json") and len(v["base"]["fit"]) == 4


def test_national_payload_covers_every_unit_of_the_layer(values_client):
    c, geo = values_client
    for level, n in (("gemeente", 300), ("wijk", 3000), ("buurt", 13000)):
        v = _payload(c, f"/values/{geo.version}/nl-{level}/lbm_nuisance_safety/2020.json?taal=en")
        assert len(v["s"]) == len(geo.codes(f"nl-{level}")) > n
        assert v["labels"]["status"] == "Status" and v["lang"] == "en"


def test_change_payload_is_the_difference_of_the_two_years_on_a_diverging_scale(values_client, store):
    c, geo = values_client
    v = _payload(c, f"/values/{geo.version}/nl-gemeente/lbm_nuisance_safety/2014-2020.json?taal=nl")
    a = store.unit_values("lbm_nuisance_safety", level="gemeente", period=2014).set_index("code")
    b = store.unit_values("lbm_nuisance_safety", level="gemeente", period=2020).set_index("code")
    codes = geo.codes("nl-gemeente")
    checked = 0
    for code, value, digit in zip(codes, v["v"], v["s"]):
        if (
            code in a.index
            and code in b.index
            and a.loc[code, "status"] in ("ok", "partial")
            and b.loc[code, "status"] in ("ok", "partial")
        ):
            assert digit in "01" and value == pytest.approx(b.loc[code, "value"] - a.loc[code, "value"], abs=1e-3)
            checked += 1
        else:
            assert value is None
    assert checked >= 340
    assert v["lo"] == -v["hi"] and v["hi"] > 0, "centred on no change"
    assert v["palette"][0][1] != v["palette"][-1][1] and v["legend"]["ramp"][0] == v["palette"][0][1]
    assert "2014–2020" in v["legend"]["caption"] and "blauw = verbeterd" in v["legend"]["caption"]
    assert v["labels"]["value"] == "Verandering 2014–2020"


@pytest.mark.parametrize(
    "path, status, words",
    [
        ("/values/{v}/focus-UTR_OV/population/2024-2022.json", 400, "jaartal"),
        (
            "/values/{v}/focus-UTR_OV/lbm_nuisance_safety/2014-2020.json",
            404,
            "nl-gemeente",
        ),  # a change: nationwide only
        ("/values/{v}/focus-UTR_OV/population/+2020.json", 400, "jaartal"),
        ("/values/{v}/focus-UTR_OV/population/-1.json", 400, "jaartal"),
        ("/values/old/focus-UTR_OV/population/2024.json", 404, "herlaad"),
        ("/values/{v}/focus-NOPE/population/2024.json", 404, "NOPE"),
        ("/values/{v}/focus-UTR_OV/nope/2024.json", 404, "nope"),
        ("/values/{v}/nl-provincie/population/2024.json", 404, "provincie"),
        ("/values/{v}/focus-UTR_OV/population/twintig.json", 400, "jaartal"),
        ("/values/{v}/focus-UTR_OV/population/2024.json?taal=fr", 400, "taal"),
    ],
)
def test_map_payload_bad_requests_say_what_is_wrong(values_client, path, status, words):
    c, geo = values_client
    r = c.get(path.format(v=geo.version))
    assert r.status_code == status
    assert words in r.get_data(as_text=True)


def test_no_focus_area_is_silently_left_out(store):
    """Wherever an indicator has focus-area figures for a year, all 20 areas have a row for it:
    a value, or a status saying why not."""
    all_ids = {fa.id for fa in store.focus_areas}
    checked = 0
    for ind in store.catalog.available():
        v = store.indicator_values(ind.id)
        fa = v[v["level"] == "focus_area"]
        for period, rows in fa.groupby("period"):
            assert set(rows["area_code"].astype(str)) == all_ids, (ind.id, period)
            assert rows.loc[rows["value"].isna(), "status"].isin(["missing", "secret", "missing_or_secret"]).all()
            checked += 1
    assert checked > 20


def test_label_points_are_served_by_the_app_larger_places_first(store):
    from dashboard.geo import GeoAssets

    geo = GeoAssets(store.display, "t", label_rank=store.latest_population())
    points = json.loads(gzip.decompress(geo.payload("labels-nl")))["features"]
    assert len(points) >= 340 and all(f["geometry"]["type"] == "Point" for f in points)
    ams = next(f for f in points if f["properties"]["name"] == "Amsterdam")
    assert ams["properties"]["rank"] < -800_000, "larger places win where labels collide"
    wijken = json.loads(gzip.decompress(geo.payload("labels-ROT_ZUID")))["features"]
    assert {"Feijenoord", "Charlois", "IJsselmonde"} <= {f["properties"]["name"] for f in wijken}


def test_critical_path_without_polyfill_and_with_immutable_fingerprinted_files(dash_app, client):
    """The page leaves out Dash's @babel/polyfill (dash-bootstrap-components' bundle, loaded before
    Dash's own, brings the regeneratorRuntime they use), names plotly.js in a <meta> instead of
    loading it, and every fingerprinted file is immutable."""
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"></script>', page)
    assert not any("polyfill" in s for s in scripts)
    dbc = next(i for i, s in enumerate(scripts) if "dash_bootstrap_components" in s)
    renderer = next(i for i, s in enumerate(scripts) if "dash_renderer" in s)
    assert dbc < renderer and b"regeneratorRuntime=" in client.get(scripts[dbc]).data
    assert re.search(r'<meta name="zof-plotly" content="/vendor/plotly-basic-[^"]+\.js">', page)
    for url in [*scripts, *re.findall(r'<link rel="stylesheet" href="([^"]+)">', page)]:
        assert "immutable" in client.get(url).headers.get("Cache-Control", ""), url
    assert "immutable" not in client.get("/_dash-layout").headers.get("Cache-Control", "")


def test_a_year_brought_by_a_delivery_is_a_map_year_at_the_next_revision(store):
    """The map route's years follow the deliveries: a year a delivery adds is refused no longer
    once the store's revision says the delivery is applied."""
    from types import SimpleNamespace

    from flask import Flask

    from dashboard.geo import GeoAssets
    from dashboard.routes import MapRoutes

    years = {"lbm_nuisance_safety": [2018, 2020]}
    fake = SimpleNamespace(catalog=store.catalog, revision=0, periods=lambda i: list(years.get(i, [])))
    maps = MapRoutes(fake, GeoAssets(store.display, "abc123"))
    with Flask("t").test_request_context("/?taal=nl"):
        refused = maps._parse("abc123-r0", "nl-gemeente", "lbm_nuisance_safety", "2026")
        assert refused.status_code == 404 and "2026" in refused.get_data(as_text=True)
        years["lbm_nuisance_safety"].append(2026)
        assert maps._parse("abc123-r0", "nl-gemeente", "lbm_nuisance_safety", "2026").status_code == 404  # cached
        fake.revision = 1  # the delivery is applied: the year is known now
        assert maps._parse("abc123-r1", "nl-gemeente", "lbm_nuisance_safety", "2026") == (2026, "nl", "nl")

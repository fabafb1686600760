"""The app on the real store, without a browser: routes, views and the state callback logic."""
from __future__ import annotations

import gzip
import io
import json

import pandas as pd
import pytest

from dashboard import ids, views
from dashboard.callbacks import resolve_controls, to_patch


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


def test_layout_is_built_for_the_url_being_opened(dash_app, client):
    assert client.get("/").status_code == 200
    layout = client.get("/_dash-layout", headers={"Referer": "http://127.0.0.1/?gebied=ROT_ZUID&taal=en"}).get_json()
    text = json.dumps(layout)
    assert '"value": "ROT_ZUID"' in text and "Nationwide" in text
    assert {"geometry", "download"} <= set(dash_app.server.view_functions)


def test_geometry_payload(store):
    from dashboard.geo import GeoAssets
    geo = GeoAssets(store.display, "abc123")
    from flask import Flask
    from dashboard.routes import register_routes
    server = Flask("t")
    register_routes(server, store, geo)
    c = server.test_client()
    r = c.get(geo.url("fa-buurt-UTR_OV"))
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
    r = client.get("/download.csv?indicator=population&level=focus_area&area=UTR_OV")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    frame = pd.read_csv(io.BytesIO(r.data))
    expected = store.export("population", level="focus_area", area="UTR_OV")
    assert list(frame.columns) == list(expected.columns)
    assert len(frame) == len(expected)
    assert set(frame["area_code"]) >= {"UTR_OV", "REST_UTR_OV", "GM0344", "NL01"}


@pytest.mark.parametrize("query", ["indicator=nope", "indicator=population&level=provincie"])
def test_download_bad_parameters_get_a_clear_400(client, query):
    r = client.get("/download.csv?" + query)
    assert r.status_code == 400
    assert b"nope" in r.data or b"provincie" in r.data


@pytest.mark.parametrize("indicator", ["population", "lbm_nuisance_safety", "crimes_per_1000", "labour_participation",
                                       "ses_woa_score", "social_minimum_pct"])
def test_every_focus_area_map_view_draws_every_unit(store, meta, indicator):
    year = meta.periods[indicator][-1]
    for fa in store.focus_areas:
        view = views.focus_map_view(store, fa.id, indicator, year)
        assert view.units["code"].is_unique
        if view.level == "buurt":
            members = set(store.membership.loc[store.membership["target"] == fa.id, "unit"])
            drawn = set(store.display.loc[(store.display["layer"] == "buurt") & (store.display["focus_area"] == fa.id), "code"])
            assert set(view.units["code"]) == members & drawn


def test_summary_sentence_names_area_value_and_rest(store):
    ind = store.indicator("crimes_per_1000")
    text = views.summary_sentence(store, "UTR_OV", ind, 2024, "nl", 2022)
    assert text.startswith("Utrecht Overvecht: ") and "2024" in text and "rest van Utrecht" in text


def test_control_change_updates_state_and_line_change_resets_indicator(meta):
    state, _ = resolve_controls(ids.INDICATOR, "/", "?gebied=UTR_OV", {"area": "UTR_OV", "line": "4",
                                "indicator": "crimes_per_1000", "year": 2023, "level": "gemeente"}, meta, "nl")
    assert (state.indicator, state.year) == ("crimes_per_1000", 2023)
    state, _ = resolve_controls(ids.LINE, "/", "", {"area": "UTR_OV", "line": "2", "indicator": "crimes_per_1000",
                                                    "year": 2023, "level": "gemeente"}, meta, "nl")
    assert state.line == "2" and meta.line_of(state.indicator) == "2"
    assert state.year == meta.periods[state.indicator][-1]


def test_url_change_wins_over_controls(meta):
    state, msgs = resolve_controls(ids.URL, "/", "?gebied=ROT_ZUID&indicator=population", {"area": "UTR_OV"}, meta, "nl")
    assert state.area == "ROT_ZUID" and not msgs


def test_to_patch_builds_nested_operations():
    patch = to_patch({("data", 0, "z"): [1, 2], ("data", 1, "locations"): ["A"]})
    ops = patch.to_plotly_json()["operations"]
    assert {tuple(o["location"]) for o in ops} == {("data", 0, "z"), ("data", 1, "locations")}


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

"""Figure builders on tiny frames: plain dicts, missing values drawn, patches touch values only."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from dashboard.cards import build_card, difference_text, judge
from dashboard.figures import RICH_HOVER_MAX, make_map, make_ranking, make_timeseries, map_value_updates, \
    sparkline_data, sparkline_svg
from geodata.catalog import Indicator
from geodata.store import Summary


@pytest.fixture
def indicator():
    """A rate where lower is better."""
    return Indicator(id="crime", name_nl="Misdrijven", name_en="Crimes", action_line="4", core=True,
                     unit_nl="per 1.000", unit_en="per 1,000", decimals=1, direction="lower_better",
                     rule="ratio", definition_nl="d", definition_en="d", sources=(), numerator="a",
                     denominator="b", scale=1000)


@pytest.fixture
def units():
    """Four buurten: two with values, one secret, one missing."""
    return pd.DataFrame({"code": ["BU1", "BU2", "BU3", "BU4"], "name": ["Een", "Twee", "Drie", None],
                         "value": [10.0, 20.0, np.nan, np.nan], "status": ["ok", "partial", "secret", "missing"],
                         "mapping": ["bron", "bron", None, None]})


def _map(units, indicator, lang="nl"):
    return make_map(units, indicator, lang=lang, geojson_url="/geo/v/fa.json", rest_url="/geo/v/r.json",
                    outline_url="/geo/v/o.json", center=(5.0, 52.0), zoom=11, uirevision="UTR_OV")


def test_map_is_a_plain_json_dict_without_inline_geometry(units, indicator):
    fig = _map(units, indicator)
    text = json.dumps(fig)  # plain dict: serialisable without plotly's encoder
    assert "coordinates" not in text
    assert all(tr["geojson"] == "/geo/v/fa.json" for tr in fig["data"])
    assert fig["layout"]["map"]["style"] == "white-bg"  # no tiles, no network


def test_every_unit_is_drawn_by_exactly_one_trace(units, indicator):
    fig = _map(units, indicator)
    values, *no_value = fig["data"]
    assert all(tr["locations"] == ["BU1", "BU2", "BU3", "BU4"] for tr in fig["data"])
    assert values["z"] == [10.0, 20.0, None, None]
    by_name = {tr["name"]: tr for tr in no_value}
    assert by_name["geheim"]["z"] == [None, None, 1, None] and by_name["geheim"]["showlegend"]
    assert by_name["ontbreekt"]["z"] == [None, None, None, 1]
    assert not by_name["ontbreekt of geheim"]["showlegend"]
    drawn = np.array([[z is not None for z in tr["z"]] for tr in fig["data"]])
    assert (drawn.sum(axis=0) == 1).all()  # never left out, never drawn twice


def test_hover_has_name_value_unit_and_status_in_the_language(units, indicator):
    nl = _map(units, indicator, "nl")
    en = _map(units, indicator, "en")
    assert "%{properties.name}" in nl["data"][0]["hovertemplate"]
    assert "%{z:,.1f} per 1.000" in nl["data"][0]["hovertemplate"]
    assert "per 1,000" in en["data"][0]["hovertemplate"]
    assert "volledig" in nl["data"][0]["text"][0] and "gedeeltelijk" in nl["data"][0]["text"][1]
    assert "complete" in en["data"][0]["text"][0]
    assert nl["layout"]["separators"] == ",." and en["layout"]["separators"] == ".,"
    assert "geheim" in nl["data"][1]["hovertemplate"]


def test_patch_updates_only_values_never_geometry_or_locations(units, indicator):
    updates = map_value_updates(units, indicator, lang="nl")
    assert updates
    assert not any(key in ("geojson", "featureidkey", "locations") for path in updates for key in path)
    full = _map(units, indicator)
    for path, value in updates.items():
        target = full
        for key in path:
            target = target[key]
        assert target == value


def test_large_maps_get_lean_hover_text(indicator):
    n = RICH_HOVER_MAX + 1
    u = pd.DataFrame({"code": [f"B{i}" for i in range(n)], "value": 1.0, "status": ["ok"] * (n - 1) + ["partial"],
                      "mapping": "ruimtelijke overlay"})
    text = map_value_updates(u, indicator, lang="nl")[("data", 0, "text")]
    assert text[0] == "" and "gedeeltelijk" in text[-1]


def test_colour_range_ignores_a_single_outlier(indicator):
    vals = list(range(1, 20)) + [1000]
    u = pd.DataFrame({"code": [f"B{i}" for i in range(20)], "name": "x", "value": vals, "status": "ok",
                      "mapping": "bron"})
    tr = _map(u, indicator)["data"][0]
    assert tr["zmax"] < 100 and max(tr["z"]) == 1000


def test_timeseries_marks_partial_points_and_baseline(indicator):
    bench = pd.DataFrame({"role": ["focus_area"] * 3 + ["nl"] * 3, "period": [2022, 2023, 2024] * 2,
                          "value": [5.0, 6.0, 7.0, 4.0, 4.0, np.nan], "status": ["ok", "partial", "ok", "ok", "ok", "missing"],
                          "coverage": [1, 0.8, 1, 1, 1, 0]})
    fig = make_timeseries(bench, indicator, lang="nl", names={"focus_area": "FA", "nl": "Nederland"}, baseline=2022)
    fa, nl = fig["data"]
    assert fa["marker"]["symbol"] == ["circle", "circle-open", "circle"]
    assert nl["x"] == [2022, 2023]  # the missing year is not drawn as a value
    assert fig["layout"]["shapes"][0]["x0"] == 2022
    assert "0-meting 2022" in fig["layout"]["annotations"][0]["text"]
    assert fig["layout"]["separators"] == ",."


def test_ranking_sorts_best_first_and_lists_missing(indicator):
    rank = pd.DataFrame({"name": ["A", "B", "C"], "value": [30.0, 10.0, np.nan], "status": ["ok", "ok", "missing"],
                         "gemeente_value": [20.0, 15.0, 12.0], "gemeente_name": ["G1", "G2", "G3"],
                         "nl_value": [18.0] * 3})
    fig = make_ranking(rank, indicator, lang="nl", labels={"focus_area": "F", "gemeente": "G", "nl": "NL"})
    assert fig["data"][1]["y"][:2] == ["B", "A"]  # lower is better: B first
    assert fig["layout"]["meta"]["missing"] == ["C"]


def test_sparklines_share_one_scale_and_skip_missing_years():
    s = pd.DataFrame({"focus_area": ["A", "A", "B", "B"], "period": [2022, 2024, 2022, 2024],
                      "value": [1.0, 2.0, 3.0, np.nan], "status": ["ok", "ok", "ok", "missing"]})
    points, ref, x, y = sparkline_data(s, {"A": "Area A", "B": "Area B", "C": "Area C"})
    assert points == {"A": [(2022, 1.0), (2024, 2.0)], "B": [(2022, 3.0)], "C": []}
    assert x == (2022, 2024) and y[0] < 1.0 and y[1] > 3.0
    svg = sparkline_svg(points["A"], x_range=x, y_range=y)
    assert svg.count("<circle") == 2
    assert "<polyline" not in sparkline_svg([], x_range=x, y_range=y)


@pytest.mark.parametrize("diff, direction, verdict", [
    (1.0, "higher_better", "better"), (-1.0, "higher_better", "worse"), (1.0, "lower_better", "worse"),
    (0.0, "higher_better", "equal"), (1.0, "neutral", "neutral"), (None, "lower_better", "none"),
])
def test_judge(diff, direction, verdict):
    assert judge(diff, direction) == verdict


def test_difference_text_carries_arrow_and_word_not_only_colour(indicator):
    text, cls = difference_text(2.5, indicator, "nl", "t.o.v. Nederland")
    assert text.startswith("▲ 2,5 hoger") and "(slechter)" in text and "cmp-worse" in cls


def test_card_shows_not_available_for_indicators_without_data(indicator):
    card = build_card(None, indicator, "nl")
    assert "Niet beschikbaar" in str(card.children)


def test_card_change_since_baseline(indicator):
    s = Summary("crime", 2024, 50.0, "ok", 1.0, "", "", 60.0, 55.0, 40.0, 52.0, 2022, 55.0)
    text = str(build_card(s, indicator, "nl").children)
    assert "lager t.o.v. rest gemeente (beter)" in text
    assert "sinds 0-meting 2022 (beter)" in text

"""Figure builders on tiny frames: plain dicts; map payloads carry values only, every unit accounted for."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from dashboard.cards import build_card, difference_text, judge
from dashboard.figures import make_timeseries
from dashboard.mapdata import RICH_HOVER_MAX, STATUS_CODES, align_units, map_payload
from dashboard.svg import sparkline_data, sparkline_svg
from geodata.compare import Summary


@pytest.fixture
def units():
    """Four buurten: two with values, one secret, one missing."""
    return pd.DataFrame(
        {
            "code": ["BU1", "BU2", "BU3", "BU4"],
            "name": ["Een", "Twee", "Drie", None],
            "value": [10.0, 20.0, np.nan, np.nan],
            "status": ["ok", "partial", "secret", "missing"],
            "method": ["source", "source", None, None],
        }
    )


def _payload(units, indicator, lang="nl"):
    return map_payload(
        units,
        indicator,
        lang=lang,
        geojson_url="/geo/v/fa.json",
        rest_url="/geo/v/r.json",
        outline_url="/geo/v/o.json",
        fit=(4.9, 51.9, 5.1, 52.1),
        fitkey="UTR_OV",
    )


def test_every_unit_gets_a_value_or_a_status_in_feature_order(units, indicator):
    p = _payload(units, indicator)
    assert p["v"] == [10.0, 20.0, None, None]
    assert p["s"] == "".join(str(STATUS_CODES[s]) for s in ("ok", "partial", "secret", "missing"))
    assert p["geo"] == "/geo/v/fa.json" and p["base"]["outline"] == "/geo/v/o.json"
    assert "coordinates" not in json.dumps(p)  # values only; geometry stays behind its URL
    # the legend lists exactly the greys that occur, in words
    assert [label for label, _ in p["legend"]["greys"]] == ["geheim", "ontbreekt"]


def test_align_units_follows_the_geometry_and_names_gaps_missing(units, indicator):
    aligned = align_units(units, ["BU4", "BU9", "BU1"])
    assert aligned["code"].tolist() == ["BU4", "BU9", "BU1"]
    assert aligned["status"].tolist() == ["missing", "missing", "ok"]
    assert _payload(aligned, indicator)["s"] == "440"


def test_values_are_rounded_to_the_indicator_decimals(indicator):
    u = pd.DataFrame({"code": ["a", "b"], "value": [1.23456, 2.0], "status": ["ok", "ok"]})
    assert _payload(u, indicator)["v"] == [1.2, 2.0]


def test_hover_labels_and_notes_in_the_language(units, indicator):
    nl, en = _payload(units, indicator, "nl"), _payload(units, indicator, "en")
    assert nl["unit"] == "per 1.000" and en["unit"] == "per 1,000"
    assert nl["labels"][str(STATUS_CODES["partial"])] == "gedeeltelijk"
    assert en["labels"][str(STATUS_CODES["ok"])] == "complete"
    assert (nl["lang"], nl["dec"]) == ("nl", 1)
    u = units.assign(method=["overlay", "source", None, None])
    p = _payload(u, indicator, "en")
    assert (
        p["ml"][p["m"][0]] == "spatial overlay (area-weighted)" and p["m"][1] == 0
    )  # a mapping note only where the value is not the source's own


def test_large_maps_send_no_per_unit_notes(indicator):
    n = RICH_HOVER_MAX + 1
    u = pd.DataFrame(
        {
            "code": [f"B{i}" for i in range(n)],
            "value": 1.0,
            "status": ["ok"] * (n - 1) + ["partial"],
            "method": "overlay",
        }
    )
    p = _payload(u, indicator)
    assert "m" not in p and p["s"][-1] == str(STATUS_CODES["partial"])


def test_token_changes_with_the_values_and_only_then(units, indicator):
    a, b = _payload(units, indicator), _payload(units, indicator)
    c = _payload(units.assign(value=[10.0, 21.0, np.nan, np.nan]), indicator)
    assert a["token"] == b["token"] != c["token"]


def test_colour_range_ignores_a_single_outlier(indicator):
    vals = list(range(1, 20)) + [1000]
    u = pd.DataFrame(
        {"code": [f"B{i}" for i in range(20)], "name": "x", "value": vals, "status": "ok", "method": "source"}
    )
    p = _payload(u, indicator)
    assert p["hi"] < 100 and max(p["v"]) == 1000
    # the legend marks clipped ends ("≥ hi"), so the colours never claim a range they do not show
    assert p["legend"]["clip_hi"] and p["legend"]["clip_lo"] == (min(vals) < p["lo"])


def test_timeseries_marks_partial_points_and_baseline(indicator):
    bench = pd.DataFrame(
        {
            "role": ["focus_area"] * 3 + ["nl"] * 3,
            "period": [2022, 2023, 2024] * 2,
            "value": [5.0, 6.0, 7.0, 4.0, 4.0, np.nan],
            "status": ["ok", "partial", "ok", "ok", "ok", "missing"],
            "coverage": [1, 0.8, 1, 1, 1, 0],
        }
    )
    fig = make_timeseries(bench, indicator, lang="nl", names={"focus_area": "FA", "nl": "Nederland"}, baseline=2022)
    fa, nl = fig["data"]
    assert fa["marker"]["symbol"] == ["circle", "circle-open", "circle"]
    assert nl["x"] == [2022, 2023]  # the missing year is not drawn as a value
    assert fig["layout"]["shapes"][0]["x0"] == 2022
    assert "0-meting 2022" in fig["layout"]["annotations"][0]["text"]
    assert fig["layout"]["separators"] == ",."


def test_sparklines_share_one_scale_and_skip_missing_years():
    s = pd.DataFrame(
        {
            "focus_area": ["A", "A", "B", "B"],
            "period": [2022, 2024, 2022, 2024],
            "value": [1.0, 2.0, 3.0, np.nan],
            "status": ["ok", "ok", "ok", "missing"],
        }
    )
    points, ref, x, y = sparkline_data(s, {"A": "Area A", "B": "Area B", "C": "Area C"})
    assert points == {"A": [(2022, 1.0), (2024, 2.0)], "B": [(2022, 3.0)], "C": []}
    assert x == (2022, 2024) and y[0] < 1.0 and y[1] > 3.0
    svg = sparkline_svg(points["A"], x_range=x, y_range=y)
    assert svg.count("<circle") == 2
    assert "<polyline" not in sparkline_svg([], x_range=x, y_range=y)


@pytest.mark.parametrize(
    "diff, direction, verdict",
    [
        (1.0, "higher_better", "better"),
        (-1.0, "higher_better", "worse"),
        (1.0, "lower_better", "worse"),
        (0.0, "higher_better", "equal"),
        (1.0, "neutral", "neutral"),
        (None, "lower_better", "none"),
    ],
)
def test_judge(diff, direction, verdict):
    assert judge(diff, direction) == verdict


def test_difference_text_carries_arrow_and_word_not_only_colour(indicator):
    text, cls = difference_text(2.5, indicator, "nl", "t.o.v. Nederland")
    assert text.startswith("▲ 2,5 hoger") and "(slechter)" in text and "cmp-worse" in cls


def test_card_shows_not_available_for_indicators_without_data(indicator):
    card = build_card(None, indicator, "nl")
    assert "Niet beschikbaar" in str(card.children)


def test_card_change_since_baseline(indicator):
    s = Summary("crime", 2024, 50.0, "ok", 1.0, "aggregate", None, "", "", 60.0, 55.0, 40.0, 52.0, 2022, 55.0)
    text = str(build_card(s, indicator, "nl").children)
    assert "lager t.o.v. rest gemeente (beter)" in text
    assert "sinds 0-meting 2022 (beter)" in text


def test_counts_are_drawn_as_an_index_of_the_baseline(indicator):
    bench = pd.DataFrame(
        {
            "role": ["focus_area"] * 2 + ["nl"] * 2 + ["rest_of_gemeente"],
            "period": [2022, 2024, 2022, 2024, 2024],
            "value": [50_000.0, 55_000.0, 17_500_000.0, 17_900_000.0, 300_000.0],
            "status": "ok",
            "coverage": 1.0,
        }
    )
    fig = make_timeseries(
        bench,
        indicator,
        lang="nl",
        names={"focus_area": "FA", "nl": "NL", "rest_of_gemeente": "R"},
        baseline=2022,
        index_year=2022,
    )
    lines = {tr["name"]: tr["y"] for tr in fig["data"]}
    assert lines["FA"] == [100.0, 110.0] and lines["NL"][0] == 100.0
    assert "R" not in lines and fig["layout"]["meta"]["no_index"] == ["R"]  # no value in 2022: left out, named
    assert fig["layout"]["yaxis"]["title"]["text"] == "index (0-meting 2022 = 100)"


def test_card_says_when_the_uncertain_members_change_the_figure(indicator):
    s = Summary("crime", 2024, 50.0, "ok", 1.0, "aggregate", None, "", "", 60.0, 55.0, 40.0, 52.0, 2022, 55.0, 53.0)
    assert s.composition_matters(percentage=False)
    card = build_card(s, indicator, "nl", note="Met de onzekere buurten (A, B): 53,0 in plaats van 50,0.")
    assert "in plaats van 50,0" in str(card.children)


def test_a_difference_of_percentages_is_in_percentage_points(indicator):
    from dataclasses import replace

    pct = replace(indicator, unit_nl="% van woningen", unit_en="% of dwellings")
    assert (
        difference_text(-21.0, pct, "nl", "t.o.v. Nederland")[0] == "▼ 21,0 procentpunt lager t.o.v. Nederland (beter)"
    )
    assert "percentage points higher" in difference_text(2.0, pct, "en", "vs NL")[0]
    assert "procentpunt" not in difference_text(-21.0, indicator, "nl", "t.o.v. Nederland")[0]  # per 1.000: no


@pytest.mark.integration
def test_a_benchmark_that_changes_definition_breaks_its_line(store):
    from dashboard import views

    ind = store.indicator("labour_participation")
    breaks = views.series_breaks(store, ind, store.benchmarks("ROT_ZUID", ind.id))
    assert breaks["nl"] == [2022] and breaks["gemeente"] == [2022]
    fig, _, _ = views.series_view(store, "ROT_ZUID", ind, "nl", 2022)
    nl = next(tr for tr in fig["data"] if tr["meta"] == "nl")
    gap = nl["x"].index(2021.5)
    assert nl["y"][gap] is None and nl["x"][gap - 1] == 2019 and nl["x"][gap + 1] == 2022
    assert any("breuk" in a["text"] for a in fig["layout"]["annotations"])

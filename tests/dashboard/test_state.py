"""URL state: decode/encode round trips and bad values (no browser, no Dash)."""

from __future__ import annotations

import pytest

from dashboard.state import Meta, ViewState, decode, encode

META = Meta(
    areas=("UTR_OV", "ROT_ZUID"),
    indicators_by_line={"2": ("won",), "3": ("lab",), "4": ("onv", "crime"), "context": ("pop",)},
    periods={
        "won": (2014, 2020),
        "lab": (2022,),
        "onv": (2014, 2018, 2020),
        "crime": (2022, 2023, 2024),
        "pop": (2024,),
    },
    default_indicator={"4": "onv"},
)


def test_round_trip_restores_every_field():
    # the nationwide page's own parameters too (its change view from 2022)
    state = ViewState(
        "national", "ROT_ZUID", "4", "crime", 2023, "en", "wijk", extra=(("weergave", "verandering"), ("van", "2022"))
    )
    path, search = encode(state)
    assert "weergave=verandering" in search and "van=2022" in search
    decoded, msgs = decode(path, search, META)
    assert decoded == state
    assert msgs == []


@pytest.mark.parametrize(
    "search, field, expected, n_msgs",
    [
        ("?gebied=NOPE", "area", "UTR_OV", 1),
        ("?indicator=bogus", "indicator", "onv", 1),
        ("?indicator=crime&jaar=1999", "year", 2024, 1),
        ("?indicator=crime&jaar=abc", "year", 2024, 1),
        ("?lijn=9", "line", "4", 1),
        ("?lijn=3", "indicator", "lab", 0),
        ("?indicator=won&lijn=4", "line", "2", 0),  # the indicator decides the line
        ("?taal=xx", "lang", "nl", 0),
        ("?niveau=provincie", "level", "gemeente", 1),
        ("?gebied=%3Cscript%3E", "area", "UTR_OV", 1),
    ],
)
def test_bad_or_partial_urls_fall_back(search, field, expected, n_msgs):
    state, msgs = decode("/", search, META)
    assert getattr(state, field) == expected
    assert len(msgs) == n_msgs


def test_messages_are_dutch_by_default_and_english_on_request():
    _, nl = decode("/", "?gebied=NOPE", META)
    _, en = decode("/", "?gebied=NOPE&taal=en", META)
    assert "Onbekend focusgebied 'NOPE'" in nl[0]
    assert "Unknown focus area 'NOPE'" in en[0]


def test_unknown_path_goes_to_focus_page_with_message():
    state, msgs = decode("/bestaat-niet", "", META)
    assert state.page == "focus" and len(msgs) == 1


def test_long_bad_values_are_shortened_in_messages():
    _, msgs = decode("/", "?gebied=" + "X" * 500, META)
    assert len(msgs[0]) < 200


def test_every_bad_parameter_is_named_once_in_the_order_of_the_url_state():
    state, msgs = decode("/nergens", "?gebied=Q&lijn=9&indicator=zz&niveau=p&sorteer=x&taal=en", META)
    assert (state.page, state.area, state.line, state.indicator, state.level) == (
        "focus",
        "UTR_OV",
        "4",
        "onv",
        "gemeente",
    )
    assert [m.split(" ")[0:2] for m in msgs] == [
        ["This", "page"],
        ["Unknown", "focus"],
        ["Unknown", "action"],
        ["Unknown", "indicator"],
        ["Unknown", "map"],
    ]
    assert "showing onv" in msgs[3] and "showing municipalities" in msgs[4]


def test_a_year_is_only_refused_where_the_indicator_has_years():
    no_years = Meta(("A",), {"4": ("x",)}, {"x": ()})
    state, msgs = decode("/", "?jaar=1999", no_years)
    assert (state.indicator, state.year, msgs) == ("x", None, [])
    assert decode("/", "?jaar=1999", META)[1] == ["Geen cijfers voor jaar '1999'; 2020 wordt getoond."]

"""What a figure is and where it comes from (dashboard/about.py), and which cards an action line
shows (views.line_cards)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard import about, views
from geodata.catalog import Indicator
from geodata.compare import empty_summary, summarise


@pytest.fixture
def rate(indicator) -> Indicator:
    """A score aggregated as a population-weighted mean."""
    return replace(indicator, id="score", unit_nl="score", unit_en="score", rule="weighted_mean", weight="population")


@pytest.fixture
def population(rate) -> Indicator:
    """The weight: a count, summed."""
    return replace(rate, id="population", name_nl="Inwoners", name_en="Inhabitants", rule="sum", weight=None)


def test_rule_text_names_the_weight_of_a_weighted_mean_in_the_language(rate, population):
    catalog = {"population": population}
    assert about.rule_text(rate, catalog, "nl") == "gewogen gemiddelde, gewicht: inwoners"
    assert about.rule_text(rate, catalog, "en") == "weighted mean, weight: inhabitants"
    assert about.rule_text(population, catalog, "nl") == "aantallen opgeteld"


@pytest.mark.parametrize(
    "status, coverage, lang, expected",
    [
        ("ok", 1.0, "nl", "100 % van de inwoners"),
        ("partial", 0.9996, "en", "99.9 % of inhabitants (partial)"),
        ("missing", None, "nl", "– (ontbreekt)"),
    ],
)
def test_coverage_text_gives_the_share_and_an_incomplete_status(status, coverage, lang, expected):
    summary = replace(empty_summary("score", 2024, status), coverage=coverage)
    assert about.coverage_text(summary, lang) == expected


def test_composition_text_adds_the_remarks_only_where_there_are_any(focus_area):
    assert about.composition_text(focus_area, "nl") == "Testwijk: betrouwbaarheid hoog. conftest"
    noted = replace(focus_area, remarks="Zonder de haven.")
    assert about.composition_text(noted, "en") == "Testwijk: confidence hoog. conftest Zonder de haven."


def test_provenance_text_is_none_without_a_figure():
    assert about.provenance_text(None, None, "nl") is None
    assert about.provenance_text(None, empty_summary("score", 2024, "missing"), "nl") is None


@pytest.mark.integration
def test_line_cards_put_the_kernindicatoren_first_and_mark_only_the_chosen_one(store):
    cards = views.line_cards(store, "UTR_OV", "4", "lbm_nuisance_safety", 2018, "nl", 2022)
    core = [i.id for i in store.catalog.for_action_line("4", core_only=True)]
    assert [c.ind.id for c in cards[: len(core)]] == core and not any(c.extra for c in cards[: len(core)])
    assert all(c.extra and not c.ind.core for c in cards[len(core) :])
    assert [c.ind.id for c in cards if c.selected] == ["lbm_nuisance_safety"]
    chosen = next(c for c in cards if c.selected)
    assert chosen.summary.period == 2018, "the chosen indicator in the chosen year"
    assert all(c.summary is None for c in cards if not c.ind.available)


@pytest.mark.integration
def test_a_line_without_kernindicatoren_shows_six_indicators_with_data(store):
    cards = views.line_cards(store, "UTR_OV", "context", "population", None, "en", 2022)
    assert len(cards) <= 6 and cards and not any(c.extra for c in cards)
    assert all(c.ind.available and not c.ind.core for c in cards)


@pytest.mark.integration
def test_line_cards_refuse_an_unknown_area(store):
    from geodata.errors import AreaCodeError

    with pytest.raises(AreaCodeError):
        views.line_cards(store, "NOPE", "4", "", None, "nl", 2022)


@pytest.mark.integration
def test_sources_text_cites_the_sources_behind_the_figure(store):
    ind = store.indicator("lbm_nuisance_safety")
    summary = summarise(store, "UTR_OV", ind.id, None, 2022)
    text = about.sources_text(store, ind, summary, "nl")
    cited = {store.catalog.sources[r.source].title for r in ind.sources if r.source in summary.sources}
    assert cited and all(title in text for title in cited)
    nothing = replace(store.indicator("school_advice"), sources=(), numerator=None, denominator=None)
    assert about.sources_text(store, nothing, summary, "en") == "Not available in the open sources"

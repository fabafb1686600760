"""Issue 10's substance: revised focus-area compositions, KWB 2019, no holes in nationwide indices,
benchmarks that mean what they say — on tiny hand-built data and on the real store."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geodata.catalog import Catalog, Indicator
from geodata.codes import FOCUS_AVERAGE_CODE, wide_code
from geodata.compare import summarise
from geodata.errors import FocusAreaDefinitionError
from geodata.focus import membership_2024, parse_focus_areas
from geodata.pipeline import nationwide
from geodata.sources.kwb import read_kwb_2019_three
from geodata.vocab import Level, Method, Rule, Status

# ----------------------------------------------------------------------------- unit: compositions


def area(**members) -> dict:
    return {"id": "X", "name": "X", "gemeente": "GM0001", "confidence": "laag", "members": {2024: members}}


def test_uncertain_members_are_parsed_and_kept_out_of_the_core():
    (fa,) = parse_focus_areas({"focus_areas": [area(buurten=["BU00010101"], uncertain=["BU00010102"])]})
    universe = pd.DataFrame({"code": ["BU00010101", "BU00010102"]})
    core = membership_2024([fa], universe, {"WK000101"})
    assert fa.uncertain == ("BU00010102",) and core["unit"].tolist() == ["BU00010101"]


@pytest.mark.parametrize(
    "members, message",
    [
        ({"buurten": ["BU00010101"], "uncertain": ["BU00010101"]}, "also core members"),
        ({"buurten": ["BU00010101"], "uncertain": ["BU00020101"]}, "outside gemeente GM0001"),
        ({"buurten": ["BU00010101"], "uncertain": ["BU00019999"]}, "do not exist in the 2024"),
    ],
)
def test_bad_uncertain_members_are_refused(members, message):
    universe = pd.DataFrame({"code": ["BU00010101", "BU00010102"]})
    with pytest.raises(FocusAreaDefinitionError, match=message):
        fas = parse_focus_areas({"focus_areas": [area(**members)]})
        membership_2024(fas, universe, {"WK000101"})


# ----------------------------------------------------------------------------- unit: KWB 2019


def test_kwb_2019_reader_decodes_levels_and_blanks(tmp_path):
    path = tmp_path / "kwb2019.csv"
    path.write_text(
        "year,level,code,gemeente_code,population,pct_households_under_or_around_social_minimum\n"
        "2019,gemeente,GM0518,GM0518,537833,11.6\n"
        "2019,buurt,BU05180170,GM0518,0,\n",
        encoding="utf-8",
    )
    t = read_kwb_2019_three(path).frame.set_index(["area_code", "column"])
    assert t.loc[("GM0518", "population"), "value"] == 537833 and t.loc[("GM0518", "population"), "level"] == "gemeente"
    blank = t.loc[("BU05180170", "pct_households_under_or_around_social_minimum")]
    assert np.isnan(blank["value"]) and blank["status"] == Status.MISSING_OR_SECRET


# ----------------------------------------------------------------------------- unit: no holes


def _catalog() -> Catalog:
    def ind(iid, rule):
        return Indicator(iid, iid, iid, "context", False, "", "", 2, "neutral", rule, "", "", ())

    return Catalog({"score": ind("score", Rule.WEIGHTED_MEAN), "count": ind("count", Rule.SUM)}, {})


def test_wijken_and_gemeenten_without_a_value_get_one_from_the_source_buurten():
    # wijk W1 = two source buurten (area weights), W2 = one; the gemeente weighs its wijken by population
    cw = pd.DataFrame(
        {
            "from_code": ["S1", "S2", "S3"],
            "to_code": ["WK000101", "WK000101", "WK000102"],
            "w_extensive": 1.0,
            "w_intensive": [0.25, 0.75, 1.0],
        }
    )
    native = pd.DataFrame(
        {
            "area_code": ["S1", "S2", "S3"],
            "level": "buurt",
            "division": "cbs2020",
            "period": 2020,
            "indicator": "score",
            "value": [4.0, 8.0, 1.0],
            "status": "ok",
            "source": "lbm",
            "_rank": 0,
        }
    )
    carried = nationwide.wijk_values(_catalog(), native, "cbs2020", cw)
    assert carried.set_index("unit")["value"].to_dict() == {"WK000101": 7.0, "WK000102": 1.0}
    population = pd.Series([300.0, 100.0], index=["WK000101", "WK000102"])
    empty = pd.DataFrame(columns=["area_code", "level", "period", "indicator", "value", "status", "source"])
    rows = nationwide.fill_wijken_gemeenten(_catalog(), carried, empty, empty, population).set_index("area_code")
    assert rows.loc["WK000101", "method"] == Method.OVERLAY
    assert rows.loc["GM0001", "value"] == pytest.approx((7.0 * 300 + 1.0 * 100) / 400)
    assert rows.loc["GM0001", "unit_methods"] == "overlay" and rows.loc["GM0001", "coverage"] == 1.0


def test_areas_with_a_value_already_are_not_overwritten():
    carried = pd.DataFrame(
        {
            "unit": ["WK000101"],
            "period": 2020,
            "value": 5.0,
            "status": "ok",
            "unit_coverage": 1.0,
            "indicator": "score",
            "source": "lbm",
        }
    )
    existing = pd.DataFrame(
        {
            "area_code": ["WK000101", "GM0001"],
            "level": ["wijk", "gemeente"],
            "period": 2020,
            "indicator": "score",
            "value": [6.0, 6.0],
            "status": "ok",
            "source": "x",
        }
    )
    empty = existing.iloc[0:0]
    rows = nationwide.fill_wijken_gemeenten(_catalog(), carried, existing, empty, pd.Series([1.0], index=["WK000101"]))
    assert rows.empty


def test_a_barely_covered_wijk_stays_grey():
    carried = pd.DataFrame(
        {
            "unit": ["WK000101"],
            "period": 2020,
            "value": 5.0,
            "status": "partial",
            "unit_coverage": nationwide.MIN_WIJK_AREA_COVERAGE / 2,
            "indicator": "score",
            "source": "lbm",
        }
    )
    empty = pd.DataFrame(columns=["area_code", "level", "period", "indicator", "value", "status", "source"])
    rows = nationwide.fill_wijken_gemeenten(_catalog(), carried, empty, empty, pd.Series([1.0], index=["WK000101"]))
    assert rows.empty


# ----------------------------------------------------------------------------- the real store


@pytest.mark.integration
@pytest.mark.parametrize("focus_id, low, high", [("NWG_CA", 21_000, 22_200), ("UTR_OV", 35_000, 35_500)])
def test_revised_compositions_give_the_v2_populations(store, focus_id, low, high):
    """Data README, focusgebieden_buurten_2024_v2.csv: Nieuwegein Centrale As is now buurten, not six
    whole wijken (about 21.6 k instead of 34.2 k inhabitants)."""
    v = store.indicator_values("population")
    row = v[(v["area_code"] == focus_id) & (v["level"] == Level.FOCUS_AREA) & (v["period"] == 2024)]
    assert low < float(row["value"].iloc[0]) < high


@pytest.mark.integration
def test_the_wider_variant_adds_exactly_the_uncertain_members(store):
    v = store.indicator_values("population")
    v = v[(v["period"] == 2024)]
    for fa in store.focus_areas:
        if not fa.uncertain:
            assert v[v["area_code"] == wide_code(fa.id)].empty
            continue
        core = float(v.loc[(v["area_code"] == fa.id) & (v["level"] == Level.FOCUS_AREA), "value"].iloc[0])
        wide = float(v.loc[v["area_code"] == wide_code(fa.id), "value"].iloc[0])
        extra = v[
            (v["area_code"].isin(fa.uncertain)) & (v["level"] == Level.BUURT) & v["status"].isin(["ok", "partial"])
        ]
        extra = extra.drop_duplicates("area_code")["value"].sum()
        assert wide == pytest.approx(core + extra)


@pytest.mark.integration
def test_composition_matters_for_tilburg_and_is_said(store):
    s = summarise(store, "TIL_NW", "population", None, 2022)
    assert s.wide > s.value and s.composition_matters(percentage=False)


@pytest.mark.integration
@pytest.mark.parametrize(
    "indicator",
    ["social_minimum_pct", "labour_participation", "wmo_clients_per_1000", "youth_care_pct", "social_housing_pct"],
)
def test_kwb_2019_gives_2019_values_in_amsterdam_and_den_haag(store, indicator):
    v = store.indicator_values(indicator)
    fa = v[(v["level"] == Level.FOCUS_AREA) & (v["period"] == 2019) & v["status"].isin(["ok", "partial"])]
    assert {"AMS_NW", "AMS_ZO", "DH_ZW"} <= set(fa["area_code"].astype(str))
    assert fa["value"].between(0, 1000).all()


@pytest.mark.integration
def test_kwb_2019_social_minimum_of_the_gemeenten_is_the_published_one(store):
    v = store.indicator_values("social_minimum_pct")
    gm = v[(v["area_code"] == "GM0363") & (v["period"] == 2019)]
    assert float(gm["value"].iloc[0]) == 12.4 and gm["method"].iloc[0] == Method.SOURCE  # data file, gemeente row


@pytest.mark.integration
@pytest.mark.parametrize("indicator", ["lbm_total", "lbm_nuisance_safety", "lbm_housing_stock"])
def test_leefbaarometer_reaches_every_gemeente_of_2024(store, indicator):
    gemeenten = set(store.areas.loc[(store.areas["level"] == "gemeente") & (store.areas["year"] == 2024), "code"])
    units = store.unit_values(indicator, level="gemeente", period=2020)
    with_value = set(units.loc[units["status"].isin(["ok", "partial"]), "code"])
    assert len(gemeenten) == 342 and len(with_value & gemeenten) >= 340


@pytest.mark.integration
def test_leefbaarometer_wijk_map_is_mostly_filled(store):
    units = store.unit_values("lbm_total", level="wijk", period=2020)
    populated = units[~units["name"].fillna("").str.contains("water", case=False)]
    assert populated["status"].isin(["ok", "partial"]).mean() > 0.9


@pytest.mark.integration
def test_the_20_area_benchmark_of_a_count_is_the_mean_per_area(store):
    v = store.indicator_values("population")
    v = v[v["period"] == 2024]
    areas = v[v["level"] == Level.FOCUS_AREA]
    pool = v[v["area_code"] == FOCUS_AVERAGE_CODE].iloc[0]
    assert pool["method"] == Method.MEAN_OF_AREAS
    assert float(pool["value"]) == pytest.approx(areas["value"].mean())
    assert 50_000 < float(pool["value"]) < 70_000


@pytest.mark.integration
def test_the_20_area_benchmark_of_a_rate_is_pooled(store):
    """Crimes per 1,000 of the 20 areas together: summed crimes over summed inhabitants of every
    buurt of the 20 areas with both figures — not the mean of the 20 rates."""
    members = set(store.membership["unit"].astype(str))

    def per_buurt(indicator):
        v = store.indicator_values(indicator)
        v = v[(v["level"] == Level.BUURT) & (v["period"] == 2024) & v["status"].isin(["ok", "partial"])]
        v = v[v["area_code"].astype(str).isin(members)]
        return v.drop_duplicates("area_code").set_index(v["area_code"].astype(str))["value"]

    crimes, population = per_buurt("registered_crimes"), per_buurt("population")
    both = crimes.index.intersection(population.index)
    expected = crimes[both].sum() / population[both].sum() * 1000
    v = store.indicator_values("crimes_per_1000")
    pool = v[(v["area_code"] == FOCUS_AVERAGE_CODE) & (v["period"] == 2024)]
    rates = v[(v["level"] == Level.FOCUS_AREA) & (v["period"] == 2024)]["value"]
    assert float(pool["value"].iloc[0]) == pytest.approx(expected, rel=1e-9)
    assert float(pool["value"].iloc[0]) != pytest.approx(rates.mean(), rel=1e-3)

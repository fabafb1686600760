"""Integration: known facts of the real files in the data directory and of the store built from them.

Facts come from ``shared/data/README.md`` (Overvecht's population, the 19 municipalities, the
focus-area confidence); everything else is checked against the data itself, never against
numbers copied from a previous run.
The command line and the build itself are tested in test_real_build.py.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geodata import RD_NEW
from geodata.catalog import load_catalog
from geodata.codes import rest_code
from geodata.sources import boundaries as B
from geodata.sources.kwb import read_kwb_gemeenten_wijken_2024
from geodata.store import EXPORT_COLUMNS
from geodata.vocab import Status

from .realdata import (
    GEMEENTEN_19,
    INPUT_FILES,
    KWB_GM_WK,
    OVERVECHT,
    OVERVECHT_INHABITANTS_2024,
    ROUNDING,
    area_value,
    buurt_values,
    members,
    usable,
)

OK = Status.OK

pytestmark = pytest.mark.integration

# ----------------------------------------------------------------------------- raw files


def test_overvecht_population_in_kwb_2024(data_dir):
    table = read_kwb_gemeenten_wijken_2024(data_dir / KWB_GM_WK)
    f = table.frame
    row = f[(f["area_code"] == OVERVECHT) & (f["column"] == "AantalInwoners_5")]

    assert row[["level", "period", "value", "status"]].to_dict("records") == [
        {"level": "wijk", "period": 2024, "value": OVERVECHT_INHABITANTS_2024, "status": OK}
    ]


def test_overvecht_population_in_the_2024_wijk_layer(data_dir):
    wijken = B.read_wijken_2024(data_dir / INPUT_FILES["wijken_2024"], keep=["aantal_inwoners"])
    row = wijken[wijken["code"] == OVERVECHT]

    assert len(row) == 1
    assert "Overvecht" in row["name"].iloc[0]
    assert row["aantal_inwoners"].iloc[0] == OVERVECHT_INHABITANTS_2024
    assert row["gemeente_code"].iloc[0] == "GM0344"
    assert wijken.crs.equals(RD_NEW)


NATIONWIDE_LAYERS = {
    **{
        f"gemeenten_{y}": (lambda d, y=y: B.read_gemeenten(d / f"boundaries/gemeenten_{y}.gpkg", y))
        for y in (2012, 2017, 2018, 2019, 2022, 2023, 2024)
    },
    "gemeenten_2015": lambda d: B.read_ties_2014(d / "boundaries/gemeenten_2015.gpkg", "gemeente"),
    "gemeenten_2022_tmap": lambda d: B.read_gemeenten_2022_tmap(d / "boundaries/gemeenten_2022_tmap.gpkg"),
    "wijken_2024": lambda d: B.read_wijken_2024(d / "boundaries/wijken_2024.gpkg"),
    "wijken_2022_tmap": lambda d: B.read_wijken_2022_tmap(d / "boundaries/wijken_2022_tmap.gpkg"),
    "wijken_2014": lambda d: B.read_ties_2014(d / "boundaries/wijken_2014.gpkg", "wijk"),
    "buurten_2014": lambda d: B.read_ties_2014(d / "boundaries/buurten_2014.gpkg", "buurt"),
    "buurten_2019": lambda d: B.read_buurten_2019(d / "boundaries/buurten_2019.gpkg"),
}


@pytest.mark.parametrize("layer", list(NATIONWIDE_LAYERS))
def test_all_19_municipalities_in_every_nationwide_layer(data_dir, layer):
    frame = NATIONWIDE_LAYERS[layer](data_dir)

    assert set(frame["gemeente_code"]) >= GEMEENTEN_19
    assert frame.crs.equals(RD_NEW)
    assert frame.is_valid.all()
    assert not frame["code"].duplicated().any()


def test_every_input_file_and_catalogue_source_exists(data_dir):
    for rel in INPUT_FILES.values():
        assert (data_dir / rel).is_file(), rel
    for source in load_catalog().sources.values():
        # optional sources (the KWB years that `python -m geodata fetch` downloads) may be absent
        assert (data_dir / source.file).is_file() or not source.required, f"{source.id}: {source.file}"


# ----------------------------------------------------------------------------- focus areas in the store


def test_utrecht_overvecht_is_wijk_overvecht_with_high_confidence(store, data_dir):
    fa = store.focus_area("UTR_OV")
    assert fa.confidence == "hoog"  # data README: focusgebieden.csv, vertrouwen
    assert (fa.gemeente, fa.wijken, fa.buurten) == ("GM0344", (OVERVECHT,), ())

    kwb = pd.read_csv(data_dir / INPUT_FILES["kwb2024_buurten"], dtype=str, keep_default_na=False)
    overvecht = set(kwb.loc[(kwb["niveau"] == "Buurt") & (kwb["wijkcode"] == OVERVECHT), "code"])
    assert overvecht and set(members(store, "UTR_OV")) == overvecht


def test_every_focus_area_is_non_empty_in_2024(store):
    m = store.membership
    assert set(m["target"]) == {fa.id for fa in store.focus_areas}
    assert not m["unit"].duplicated().any()

    shapes = store.display[store.display["layer"] == "focus_area"].set_index("code")
    assert set(shapes.index) == {fa.id for fa in store.focus_areas}
    assert (shapes.to_crs(RD_NEW).area > 100_000).all()  # every area more than 10 ha
    assert shapes.is_valid.all()


@pytest.mark.parametrize("division", ["cbs2020", "cbs2022"])
def test_crosswalks_of_older_divisions_reach_every_focus_area(store, division):
    crosswalks = pd.read_parquet(store.path / "crosswalks.parquet")
    cw = crosswalks[crosswalks["division"] == division].merge(store.membership, left_on="to_code", right_on="unit")

    reached = cw.groupby("target")["from_code"].nunique()
    assert set(reached.index) == {fa.id for fa in store.focus_areas}
    assert (cw.groupby("target")["w_intensive"].sum() > 0).all()


@pytest.mark.parametrize(
    "indicator, period",
    [
        ("population", 2022),  # tmap wijken 2022, overlay
        ("lbm_total", 2020),  # Leefbaarometer, 2020 buurten
        ("self_rated_health", 2020),  # RIVM 50090NED, 2020 division, the 19 municipalities
        ("difficulty_making_ends_meet", 2020),
        ("labour_participation", 2022),  # tmap wijken 2022, overlay, weighted by population
        ("owner_occupied_pct", 2022),  # tmap wijken 2022, overlay, weighted by households
    ],
)
def test_values_of_older_divisions_reach_every_focus_area(store, indicator, period):
    v = store.indicator_values(indicator)
    fa = v[(v["level"] == "focus_area") & (v["period"] == period)]
    have = set(usable(fa)["area_code"].astype(str))

    assert have == {f.id for f in store.focus_areas}, sorted({f.id for f in store.focus_areas} - have)
    assert (fa["coverage"] > 0.5).all()


def test_export_lists_all_20_focus_areas_for_2024(store):
    export = store.export("population")

    assert list(export.columns) == EXPORT_COLUMNS
    fa = export[(export["level"] == "focus_area") & (export["period"] == 2024)]
    assert sorted(fa["area_code"]) == sorted(f.id for f in store.focus_areas)
    assert (fa["status"] == OK).all()
    assert (fa["value"] > 0).all()
    assert fa.set_index("area_code")["area_name"].to_dict() == {f.id: f.name for f in store.focus_areas}
    rest = export[(export["level"] == "rest_of_gemeente") & (export["period"] == 2024)]
    assert sorted(rest["area_code"]) == sorted(rest_code(f.id) for f in store.focus_areas)


# ----------------------------------------------------------------------------- exact aggregation


def test_at_most_one_usable_value_per_buurt(store):
    v = store.values
    sub = usable(v[(v["level"] == "buurt") & (v["division"] == "cbs2024")])
    dup = sub[sub.duplicated(["area_code", "period", "indicator"], keep=False)]
    assert dup.empty, dup.head(10).to_string()


def test_one_value_per_year_for_a_gemeente_and_the_netherlands(store):
    """Sources on different divisions both give the Netherlands: the export lists it once."""
    v = store.values
    sub = v[v["level"].isin(["gemeente", "nl"])]
    dup = sub[sub.duplicated(["area_code", "level", "period", "indicator"], keep=False)]
    assert dup.empty, dup.head(10).to_string()


@pytest.mark.parametrize("gemeente", sorted(GEMEENTEN_19))
def test_population_2024_conserved_in_focus_area_and_rest(store, gemeente):
    buurt = buurt_values(store, "population", 2024)
    in_gemeente = buurt[buurt.index.str[2:6] == gemeente[2:]]
    published = buurt_values(store, "population", 2024, published_only=True)
    published = published[published.index.str[2:6] == gemeente[2:]]
    # values carried from the wijk fill only buurten whose published cell is empty (0 or secret)
    carried = in_gemeente.drop(published.index)
    assert len(published) > 0.9 * len(in_gemeente)
    assert carried.sum() <= ROUNDING * 2 * len(carried)

    for fa in [f for f in store.focus_areas if f.gemeente == gemeente]:
        inside = area_value(store, "population", fa.id, 2024, "focus_area")
        rest = area_value(store, "population", rest_code(fa.id), 2024, "rest_of_gemeente")

        assert inside["value"] + rest["value"] == pytest.approx(in_gemeente.sum(), abs=1e-6)
        assert inside["value"] == pytest.approx(buurt.reindex(members(store, fa.id)).sum(), abs=1e-6)
        assert (inside["status"], rest["status"]) == (OK, OK)


def test_population_2024_of_whole_wijk_focus_areas_matches_the_wijk_table(store, data_dir):
    wijk = read_kwb_gemeenten_wijken_2024(data_dir / KWB_GM_WK).frame
    wijk = wijk[wijk["column"] == "AantalInwoners_5"].set_index("area_code")
    whole = [fa for fa in store.focus_areas if not fa.has_partial]
    assert len(whole) >= 10

    for fa in whole:
        expected = wijk.loc[list(fa.wijken), "value"]
        assert (wijk.loc[list(fa.wijken), "status"] == OK).all()
        n_buurten = len(members(store, fa.id))
        got = area_value(store, "population", fa.id, 2024, "focus_area")
        # empty buurt cells count as zero: any hidden inhabitants would exceed the rounding margin
        assert abs(got["value"] - expected.sum()) <= ROUNDING * (n_buurten + len(fa.wijken)), fa.id
        assert got["coverage"] == 1.0


def test_crimes_per_1000_is_summed_crimes_over_summed_population(store):
    crimes = buurt_values(store, "registered_crimes", 2024)
    population = buurt_values(store, "population", 2024)

    for fa in store.focus_areas:
        units = members(store, fa.id)
        c, p = crimes.reindex(units), population.reindex(units)
        ok = c.notna() & p.notna() & (p > 0)
        expected = c[ok].sum() / p[ok].sum() * 1000
        got = area_value(store, "crimes_per_1000", fa.id, 2024, "focus_area")["value"]

        assert got == pytest.approx(expected, rel=1e-12), fa.id
        assert got != pytest.approx((c[ok] / p[ok] * 1000).mean(), rel=1e-6), fa.id


def test_income_is_weighted_by_published_2024_population(store):
    income = buurt_values(store, "income_per_inhabitant", 2024)
    population = buurt_values(store, "population", 2024, published_only=True)

    for fa in store.focus_areas:
        units = members(store, fa.id)
        i, p = income.reindex(units), population.reindex(units)
        ok = i.notna() & p.notna() & (p > 0)
        expected = (i[ok] * p[ok]).sum() / p[ok].sum()
        got = area_value(store, "income_per_inhabitant", fa.id, 2024, "focus_area")["value"]

        assert got == pytest.approx(expected, rel=1e-12), fa.id

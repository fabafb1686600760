"""The build's stages one by one, on the synthetic town of conftest.py (no real data file)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from geodata import RD_NEW, WGS84
from geodata.catalog import Catalog, Indicator, Source, SourceRef
from geodata.codes import FOCUS_AVERAGE_CODE, NL_CODE
from geodata.pipeline import aggregation, benchmarks, crosswalks, display, harmonise, units, values
from geodata.sources.common import SourceTable
from geodata.stage_cache import StageCache
from geodata.vocab import Division, Level, Method, Rule, Status
from tests.conftest import BUURT_CODES, SIDE, X0, Y0, square

B1, B2, B3, B4 = BUURT_CODES


def indicator(iid: str, rule: Rule, sources: tuple[SourceRef, ...] = (), **agg) -> Indicator:
    return Indicator(
        id=iid,
        name_nl=iid,
        name_en=iid,
        action_line="context",
        core=False,
        unit_nl="u",
        unit_en="u",
        decimals=1,
        direction="neutral",
        rule=rule,
        definition_nl="d",
        definition_en="d",
        sources=sources,
        **agg,
    )


def source(sid: str, division: Division) -> Source:
    return Source(sid, "table", sid, "CBS", "t", "CC BY 4.0", "Bron: CBS", f"{sid}.csv", "reader", division)


@pytest.fixture
def catalog() -> Catalog:
    """Population (buurt counts), a rate published per old buurt (2020 division) weighted by
    population, and crimes per 1,000 as a ratio."""
    inds = [
        indicator("population", Rule.SUM, (SourceRef("kwb", "AantalInwoners_5"),)),
        indicator("crimes", Rule.SUM, (SourceRef("kwb", "CRIME"),)),
        indicator("score", Rule.WEIGHTED_MEAN, (SourceRef("old", "SCORE"),), weight="population"),
        indicator("crimes_per_1000", Rule.RATIO, numerator="crimes", denominator="population", scale=1000.0),
    ]
    return Catalog(
        {i.id: i for i in inds}, {"kwb": source("kwb", Division.CBS2024), "old": source("old", Division.CBS2020)}
    )


def table(sid: str, division: Division, rows: list[tuple], names: dict | None = None) -> SourceTable:
    frame = pd.DataFrame(rows, columns=["area_code", "level", "period", "column", "value", "status"])
    return SourceTable(sid, division, frame, names or {})


@pytest.fixture
def tables() -> dict[str, SourceTable]:
    kwb = [(b, "buurt", 2024, "AantalInwoners_5", float(p), "ok") for b, p in zip(BUURT_CODES, [100, 200, 300, 400])]
    kwb += [(b, "buurt", 2024, "CRIME", float(c), "ok") for b, c in zip(BUURT_CODES, [5, 10, 30, 1])]
    kwb += [("GM0001", "gemeente", 2024, "AantalInwoners_5", 1000.0, "ok")]
    # the old division: OLD1 covers B1 and half of B2 (a different name), B3 kept its code and name
    old = [
        ("OLD1", "buurt", 2020, "SCORE", 2.0, "ok"),
        (B3, "buurt", 2020, "SCORE", 4.0, "ok"),
        ("OLD4", "buurt", 2020, "SCORE", np.nan, "secret"),
    ]
    return {
        "kwb": table("kwb", Division.CBS2024, kwb, {b: f"Buurt {i}" for i, b in enumerate(BUURT_CODES)}),
        "old": table("old", Division.CBS2020, old, {B3: "Buurt 2", "OLD1": "Oud", "OLD4": "Vier"}),
    }


@pytest.fixture
def old_polygons() -> gpd.GeoDataFrame:
    """OLD1 = B1 + the left half of B2 (a border that moved), B3 unchanged, OLD4 = B4 + right half of B2."""
    return gpd.GeoDataFrame(
        {"code": ["OLD1", B3, "OLD4"], "gemeente_code": "GM0001"},
        geometry=[
            box(X0, Y0, X0 + 1.5 * SIDE, Y0 + SIDE),
            square(2),
            box(X0 + 1.5 * SIDE, Y0, X0 + 2 * SIDE, Y0 + SIDE).union(square(3)),
        ],
        crs=RD_NEW,
    )


@pytest.fixture
def universe(tables) -> pd.DataFrame:
    return units.buurt_universe(tables["kwb"])


# ----------------------------------------------------------------------------- units


def test_universe_nests_every_buurt_in_its_wijk_and_gemeente(universe):
    assert universe["code"].tolist() == BUURT_CODES
    assert universe["wijk_code"].tolist() == ["WK000101", "WK000101", "WK000102", "WK000102"]
    assert set(universe["gemeente_code"]) == {"GM0001"} and universe["population"].sum() == 1000


def test_combine_buurten_prefers_the_first_layer_per_gemeente(universe, buurten):
    detailed = buurten.iloc[:2].assign(name="detail")
    schematic = buurten.assign(name="schema")
    other = gpd.GeoDataFrame(
        {"code": ["BU99990101"], "gemeente_code": "GM9999", "name": "x"}, geometry=[square(9)], crs=RD_NEW
    )
    out = units.combine_buurten(universe, detailed, pd.concat([schematic, other]))
    assert out["name"].tolist() == ["detail", "detail"]  # GM0001 taken whole from the first layer; GM9999 not in 2024


def test_targets_partition_the_gemeente_and_pool_the_focus_areas(focus_area, universe):
    members = pd.DataFrame({"unit": [B1, B2, B3], "target": "TST"})
    targets = units.target_membership([focus_area], members, universe)
    by_level = targets.groupby("level")["unit"].apply(set)
    assert by_level[Level.FOCUS_AREA] | by_level[Level.REST_OF_GEMEENTE] == set(BUURT_CODES)
    assert not by_level[Level.FOCUS_AREA] & by_level[Level.REST_OF_GEMEENTE]
    assert by_level[Level.FOCUS_AVERAGE] == {B1, B2, B3}
    assert set(targets.loc[targets["level"] == Level.WIJK, "target"]) == {"WK000101", "WK000102"}


# ----------------------------------------------------------------------------- crosswalks


def test_crosswalks_split_wijken_keep_stable_codes_and_overlay_the_rest(tables, universe, buurten, old_polygons):
    cw = crosswalks.build_crosswalks(
        tables, universe, buurten, {(Division.CBS2020, Level.BUURT): old_polygons}, ["GM0001"]
    )
    split = cw[cw["method"] == Method.WIJK_SPLIT]
    assert split.groupby("from_code")["w_extensive"].sum().round(9).eq(1).all()
    assert cw.loc[cw["method"] == Method.CODE_STABLE, ["from_code", "to_code"]].values.tolist() == [[B3, B3]]
    overlay = cw[cw["method"] == Method.OVERLAY].set_index(["from_code", "to_code"])
    # OLD1 covers B1 whole and half of B2; the stable B3 is not split again
    assert overlay.loc[("OLD1", B1), "w_extensive"] == pytest.approx(2 / 3)
    assert overlay.loc[("OLD1", B2), "w_intensive"] == pytest.approx(0.5)
    assert B3 not in set(overlay.index.get_level_values("to_code"))


def test_overlays_only_inside_the_given_gemeenten(tables, universe, buurten, old_polygons):
    cw = crosswalks.build_crosswalks(
        tables, universe, buurten, {(Division.CBS2020, Level.BUURT): old_polygons}, ["GM0002"]
    )
    assert set(cw["method"]) == {Method.WIJK_SPLIT, Method.CODE_STABLE}


# ----------------------------------------------------------------------------- harmonise


@pytest.fixture
def harmonised(catalog, tables, universe, buurten, old_polygons):
    cw = crosswalks.build_crosswalks(
        tables, universe, buurten, {(Division.CBS2020, Level.BUURT): old_polygons}, ["GM0001"]
    )
    native = harmonise.native_values(catalog, tables)
    return harmonise.add_ratio_units(catalog, harmonise.harmonise_all(catalog, native, cw))


def test_native_values_name_their_source_and_rank(catalog, tables):
    native = harmonise.native_values(catalog, tables)
    assert set(native["indicator"]) == {"population", "crimes", "score"}
    assert (native.loc[native["indicator"] == "score", "division"] == Division.CBS2020).all()


def test_harmonised_values_say_how_they_reached_each_buurt(harmonised):
    score = harmonised[harmonised["indicator"] == "score"].set_index("unit")
    assert score.loc[B1, "method"] == Method.OVERLAY and score.loc[B1, "value"] == 2.0
    assert score.loc[B3, "method"] == Method.CODE_STABLE and score.loc[B3, "value"] == 4.0
    # B2 lies half in OLD1 (a value) and half in OLD4 (secret): a partial value from OLD1 alone
    assert score.loc[B2, "status"] == Status.PARTIAL and score.loc[B2, "unit_coverage"] == pytest.approx(0.5)
    assert score.loc[B4, "status"] == Status.SECRET


def test_ratio_units_are_recomputed_per_buurt(harmonised):
    rate = harmonised[harmonised["indicator"] == "crimes_per_1000"].set_index("unit")["value"]
    assert rate[B1] == pytest.approx(50.0) and rate[B3] == pytest.approx(100.0)


# ----------------------------------------------------------------------------- aggregation and benchmarks


@pytest.fixture
def targets(focus_area, universe):
    return units.target_membership([focus_area], pd.DataFrame({"unit": [B1, B2, B3], "target": "TST"}), universe)


def test_aggregates_conserve_counts_and_recompute_rates(catalog, harmonised, targets, universe):
    out = aggregation.aggregate_all(catalog, harmonised, targets, universe.set_index("code")["population"])
    at = out.set_index(["area_code", "indicator"])
    assert at.loc[("TST", "population"), "value"] + at.loc[("REST_TST", "population"), "value"] == 1000
    assert at.loc[("GM0001", "crimes"), "value"] == 46
    # 45 crimes among 600 inhabitants, not the mean of the three buurt rates
    assert at.loc[("TST", "crimes_per_1000"), "value"] == pytest.approx(45 / 600 * 1000)
    assert at.loc[("TST", "score"), "method"] == Method.AGGREGATE
    assert set(at.loc[("TST", "score"), "unit_methods"].split("+")) == {"overlay", "code_stable"}


def test_weights_of_another_year_are_named(catalog, harmonised):
    w, year = aggregation.weights_for(harmonised, "population", 2020)
    assert year == 2024 and w.sum() == 1000


def test_benchmark_rules_and_the_netherlands(catalog, harmonised, targets, universe, tables):
    aggregates = aggregation.aggregate_all(catalog, harmonised, targets, universe.set_index("code")["population"])
    native = harmonise.native_values(catalog, tables)
    bench = benchmarks.benchmark_values(catalog, native, aggregates)
    gm = bench[(bench["area_code"] == "GM0001") & (bench["indicator"] == "population")]
    assert gm.empty  # GM0001's population is published: no aggregate stands beside it
    nl = bench[(bench["area_code"] == NL_CODE) & (bench["indicator"] == "population")]
    assert nl["value"].tolist() == [1000.0] and nl["method"].tolist() == [Method.AGGREGATE_GEMEENTEN]
    pool = bench[(bench["area_code"] == FOCUS_AVERAGE_CODE) & (bench["indicator"] == "score")]
    assert pool["status"].isin([Status.OK, Status.PARTIAL, Status.MISSING]).all()


def test_values_table_has_one_row_per_area_division_year_indicator_and_method(
    catalog, harmonised, targets, universe, tables
):
    aggregates = aggregation.aggregate_all(catalog, harmonised, targets, universe.set_index("code")["population"])
    native = harmonise.add_ratio_native(catalog, harmonise.native_values(catalog, tables))
    table = values.assemble_values(native, harmonised, benchmarks.benchmark_values(catalog, native, aggregates))
    assert list(table.columns) == values.VALUE_COLUMNS
    key = ["area_code", "level", "division", "period", "indicator", "method"]
    assert not table.duplicated(key).any()
    assert str(table["weight_year"].dtype) == "Int16"


# ----------------------------------------------------------------------------- display


def test_focus_area_geometry_and_rest_partition_the_gemeente(focus_area, buurten, wijken):
    gemeente = gpd.GeoDataFrame(
        {"code": ["GM0001"], "name": ["Testgemeente"]}, geometry=[box(X0, Y0, X0 + 4 * SIDE, Y0 + SIDE)], crs=RD_NEW
    )
    rows = display.focus_rows([focus_area], gemeente, wijken, buurten)
    fa, rest = rows
    assert fa["geometry"].area == pytest.approx(3 * SIDE * SIDE)
    assert rest["geometry"].area == pytest.approx(SIDE * SIDE) and rest["name"] == "Rest van Testgemeente"


def test_display_geometry_is_wgs84_valid_and_keeps_every_unit(buurten):
    areas = buurten.assign(name="b", level="buurt", year=2024, focus_area="TST", wijk_code=buurten["wijk_code"])
    out = display.build_display(gpd.GeoDataFrame(areas, geometry="geometry", crs=RD_NEW))
    layer = out[out["layer"] == "buurt"]
    assert out.crs.equals(WGS84) and layer.is_valid.all() and sorted(layer["code"]) == BUURT_CODES


# ----------------------------------------------------------------------------- the orchestrator


def test_stage_cache_runs_a_stage_once_per_key(tmp_path):
    cache, calls = StageCache(tmp_path), []

    def make():
        calls.append(1)
        return pd.DataFrame({"x": [1, 2]})

    first = cache.run("stage", "k1", make)
    again = cache.run("stage", "k1", make)
    assert len(calls) == 1 and again.equals(first) and cache.hits == ["stage"]
    cache.run("stage", "k2", make)  # another key: run again, the old entry is dropped
    assert len(calls) == 2 and [p.name for p in tmp_path.iterdir()] == ["stage-k2.pkl"]
    (tmp_path / "stage-k2.pkl").write_bytes(b"not a pickle")
    assert cache.run("stage", "k2", make).equals(first) and len(calls) == 3  # a broken entry is rebuilt

"""Exact aggregation, crosswalk weights and harmonisation on the synthetic town of conftest.py."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal
from shapely.geometry import box

from geodata import RD_NEW, WGS84
from geodata.aggregate import OUT_COLUMNS, aggregate, crosswalk_weights, harmonise_units
from geodata.errors import CRSError
from geodata.vocab import Status
from tests.conftest import BUURT_CODES, SIDE, X0, Y0, square

OK, PARTIAL, MISSING, SECRET, MISSING_OR_SECRET = (
    Status.OK,
    Status.PARTIAL,
    Status.MISSING,
    Status.SECRET,
    Status.MISSING_OR_SECRET,
)

B1, B2, B3, B4 = BUURT_CODES


def units(values, *, period: int = 2024, status=OK, codes=BUURT_CODES, **extra) -> pd.DataFrame:
    """Unit rows ``unit, period, value, status`` (+ extra columns) for the given buurten."""
    return pd.DataFrame(
        {"unit": list(codes), "period": period, "value": [float(v) for v in values], "status": status, **extra}
    )


def whole_gemeente(target: str = "GM0001") -> pd.DataFrame:
    return pd.DataFrame({"unit": BUURT_CODES, "target": target})


# ----------------------------------------------------------------------------- sum


@pytest.mark.parametrize(
    "targets",
    [
        pytest.param(["TST", "TST", "TST", "REST_TST"], id="focus-area-and-rest"),
        pytest.param(["WK000101", "WK000101", "WK000102", "WK000102"], id="wijken"),
        pytest.param(["GM0001"] * 4, id="gemeente"),
        pytest.param(BUURT_CODES, id="identity"),
    ],
)
def test_sum_conserves_counts_over_a_partition(targets, population):
    values = pd.concat([units([105, 0, 2_340, 17], period=2023), units([110, 5, 2_355, 20], period=2024)])
    membership = pd.DataFrame({"unit": BUURT_CODES, "target": targets})

    out = aggregate(values, membership, rule="sum", coverage_weight=population)

    assert_series_equal(out.groupby("period")["value"].sum(), values.groupby("period")["value"].sum())
    assert (out["status"] == OK).all()
    assert (out["coverage"] == 1.0).all()


def test_sum_gives_each_target_its_members_total(membership, population):
    out = aggregate(units([110, 5, 2_355, 20]), membership, rule="sum", coverage_weight=population)

    expected = pd.DataFrame(
        {
            "target": ["REST_TST", "TST"],
            "period": 2024,
            "value": [20.0, 2_470.0],
            "status": OK,
            "coverage": 1.0,
            "n_members": [1, 3],
            "n_used": [1, 3],
        }
    )
    assert_frame_equal(out, expected[OUT_COLUMNS], check_dtype=False)


def test_a_split_unit_contributes_its_share_of_a_count():
    membership = pd.DataFrame({"unit": [B1, B2, B2], "target": ["A", "A", "B"], "share": [1.0, 0.25, 0.75]})
    out = aggregate(units([100, 400], codes=[B1, B2]), membership, rule="sum").set_index("target")

    assert out.loc["A", "value"] == 200.0
    assert out.loc["B", "value"] == 300.0
    assert out["value"].sum() == 500.0


# ----------------------------------------------------------------------------- ratio and weighted mean


def test_ratio_is_recomputed_from_summed_numerators_and_denominators():
    # crimes per 1000 inhabitants: 100 and 300 per buurt, 250 for both together
    parts = units([100.0, 300.0], codes=[B1, B2], numerator=[10.0, 90.0], denominator=[100.0, 300.0])

    out = aggregate(parts, pd.DataFrame({"unit": [B1, B2], "target": "A"}), rule="ratio", scale=1000)

    assert out["value"].tolist() == [250.0]
    mean_of_ratios = parts["value"].mean()
    assert mean_of_ratios == 200.0 and out["value"].iloc[0] != mean_of_ratios


def test_ratio_skips_units_without_a_positive_denominator():
    parts = units(
        [100.0, np.nan, np.nan], codes=[B1, B2, B3], numerator=[10.0, 7.0, np.nan], denominator=[100.0, 0.0, 50.0]
    )
    out = aggregate(parts, pd.DataFrame({"unit": [B1, B2, B3], "target": "A"}), rule="ratio", scale=1000)

    assert out["value"].iloc[0] == 100.0
    assert out["n_used"].iloc[0] == 1


@pytest.mark.parametrize(
    "values, weights, expected",
    [
        ([10.0, 30.0], [1.0, 3.0], 25.0),
        ([10.0, 30.0], [3.0, 1.0], 15.0),
        ([10.0, 30.0], [1.0, 1.0], 20.0),
        ([30.5, 32.0, 40.0], [2_000.0, 500.0, 7_500.0], 37.7),
    ],
)
def test_weighted_mean_weighs_by_the_named_weight(values, weights, expected):
    codes = BUURT_CODES[: len(values)]
    out = aggregate(
        units(values, codes=codes, weight=weights), pd.DataFrame({"unit": codes, "target": "A"}), rule="weighted_mean"
    )

    assert out["value"].iloc[0] == pytest.approx(expected, rel=1e-12)
    assert out["status"].iloc[0] == OK


def test_weighted_mean_without_weight_is_not_used_and_lowers_coverage(population):
    parts = units([10.0, 30.0, 50.0, 70.0], weight=[1.0, 1.0, np.nan, 0.0])
    out = aggregate(parts, whole_gemeente(), rule="weighted_mean", coverage_weight=population)

    assert out["value"].iloc[0] == 20.0
    assert out["status"].iloc[0] == PARTIAL
    assert out["coverage"].iloc[0] == pytest.approx(300 / 1000)


def test_unknown_rule_is_refused(membership):
    with pytest.raises(ValueError, match="'median'"):
        aggregate(units([1, 2, 3, 4]), membership, rule="median")


# ----------------------------------------------------------------------------- status and coverage


@pytest.mark.parametrize(
    "statuses, status, coverage, value",
    [
        ([OK, OK, OK, OK], OK, 1.0, 100.0),
        ([OK, SECRET, OK, OK], PARTIAL, 0.8, 80.0),
        ([OK, SECRET, OK, MISSING], PARTIAL, 0.4, 40.0),
        ([MISSING_OR_SECRET, OK, OK, OK], PARTIAL, 0.9, 90.0),
        ([SECRET, SECRET, SECRET, OK], PARTIAL, 0.4, 40.0),
        ([SECRET, SECRET, SECRET, SECRET], SECRET, 0.0, np.nan),
        ([MISSING, MISSING, MISSING, MISSING], MISSING, 0.0, np.nan),
        ([SECRET, MISSING_OR_SECRET, SECRET, SECRET], MISSING_OR_SECRET, 0.0, np.nan),
        ([SECRET, MISSING, SECRET, SECRET], MISSING, 0.0, np.nan),
    ],
)
def test_status_and_population_weighted_coverage(statuses, status, coverage, value, population):
    # inhabitants 100, 200, 300, 400; values 10, 20, 30, 40
    parts = units([10, 20, 30, 40], status=statuses)
    parts.loc[parts["status"] != OK, "value"] = np.nan

    out = aggregate(parts, whole_gemeente(), rule="sum", coverage_weight=population).iloc[0]

    assert out["status"] == status
    assert out["coverage"] == pytest.approx(coverage)
    assert out["n_members"] == 4
    assert out["n_used"] == statuses.count(OK)
    if np.isnan(value):
        assert np.isnan(out["value"])
    else:
        assert out["value"] == value


def test_coverage_counts_members_when_no_weights_are_known():
    parts = units([10, 20, 30, 40], status=[OK, OK, OK, SECRET])
    out = aggregate(parts, whole_gemeente(), rule="sum").iloc[0]

    assert out["status"] == PARTIAL
    assert out["coverage"] == 0.75


def test_members_without_a_row_for_a_period_still_count_for_coverage(membership, population):
    values = pd.concat([units([10, 20, 30], period=2023, codes=BUURT_CODES[:3]), units([10, 20, 30, 40], period=2024)])

    out = aggregate(values, whole_gemeente(), rule="sum", coverage_weight=population).set_index("period")

    assert out.loc[2023, "status"] == PARTIAL
    assert out.loc[2023, "coverage"] == pytest.approx(600 / 1000)
    assert (out.loc[2023, "n_members"], out.loc[2023, "n_used"]) == (4, 3)
    assert out.loc[2024, "status"] == OK


def test_target_without_any_row_in_a_period_is_missing_not_zero(membership, population):
    values = units([10, 20, 30], period=2023, codes=BUURT_CODES[:3])  # nothing for REST_TST's buurt

    out = aggregate(values, membership, rule="sum", coverage_weight=population).set_index("target")

    assert out.loc["TST", "value"] == 60.0
    rest = out.loc["REST_TST"]
    assert rest["status"] == MISSING and np.isnan(rest["value"])
    assert (rest["coverage"], rest["n_members"], rest["n_used"]) == (0.0, 1, 0)


def test_unit_coverage_of_estimated_units_carries_into_the_aggregate(population):
    parts = units([10, 20, 30, 40], unit_coverage=[1.0, 0.5, 1.0, 1.0])
    out = aggregate(parts, whole_gemeente(), rule="sum", coverage_weight=population).iloc[0]

    assert out["status"] == PARTIAL
    assert out["coverage"] == pytest.approx((100 + 0.5 * 200 + 300 + 400) / 1000)


def test_nothing_to_aggregate_gives_an_empty_frame_with_the_output_columns(membership):
    out = aggregate(units([], codes=[]), membership, rule="sum")
    assert out.empty and list(out.columns) == OUT_COLUMNS


# ----------------------------------------------------------------------------- crosswalk weights


@pytest.fixture
def old_division() -> gpd.GeoDataFrame:
    """Two units of an older division whose border runs through the middle of BU00010102."""
    return gpd.GeoDataFrame(
        {"code": ["OLD1", "OLD2"]},
        geometry=[box(X0, Y0, X0 + 1.5 * SIDE, Y0 + SIDE), box(X0 + 1.5 * SIDE, Y0, X0 + 4 * SIDE, Y0 + SIDE)],
        crs=RD_NEW,
    )


def test_crosswalk_splits_boxes_by_area(old_division, buurten):
    out = crosswalk_weights(old_division, buurten[["code", "geometry"]])

    expected = pd.DataFrame(
        {
            "from_code": ["OLD1", "OLD1", "OLD2", "OLD2", "OLD2"],
            "to_code": [B1, B2, B2, B3, B4],
            # OLD1 is 150 m wide: 100 m in B1, 50 m in B2; OLD2 is 250 m wide: 50 m in B2, 100 m in B3 and B4
            "w_extensive": [2 / 3, 1 / 3, 0.2, 0.4, 0.4],
            # B2 is half OLD1, half OLD2
            "w_intensive": [1.0, 0.5, 0.5, 1.0, 1.0],
        }
    )
    out = out.sort_values(["from_code", "to_code"]).reset_index(drop=True)
    assert_frame_equal(out, expected, check_exact=False, rtol=1e-9)


def test_crosswalk_weights_sum_to_one(buurten):
    # irregular units that also stick out of the buurten (that part has no target)
    source = gpd.GeoDataFrame(
        {"code": ["P", "Q", "R"]},
        geometry=[
            box(X0 - 50, Y0 - 20, X0 + 137, Y0 + 120),
            box(X0 + 137, Y0 + 10, X0 + 290, Y0 + 100),
            box(X0 + 137, Y0, X0 + 450, Y0 + 10).union(box(X0 + 290, Y0, X0 + 450, Y0 + 130)),
        ],
        crs=RD_NEW,
    )

    out = crosswalk_weights(source, buurten[["code", "geometry"]])

    per_source = out.groupby("from_code")["w_extensive"].sum()
    per_target = out.groupby("to_code")["w_intensive"].sum()
    assert per_source.to_numpy() == pytest.approx(np.ones(3))
    assert per_target.to_numpy() == pytest.approx(np.ones(4))
    assert set(per_target.index) == set(BUURT_CODES)


@pytest.mark.parametrize("min_share, targets", [(0.02, [B1]), (0.0, [B1, B2])])
def test_crosswalk_drops_slivers_of_imprecise_borders(buurten, min_share, targets):
    # reaches 1 m into B2: 1 % of both units, a digitising difference, not a real overlap
    source = gpd.GeoDataFrame({"code": ["S"]}, geometry=[box(X0, Y0, X0 + SIDE + 1, Y0 + SIDE)], crs=RD_NEW)

    out = crosswalk_weights(source, buurten[["code", "geometry"]], min_share=min_share)

    assert out["to_code"].tolist() == targets
    assert out["w_extensive"].sum() == pytest.approx(1.0)


def test_crosswalk_refuses_layers_in_different_crs(old_division, buurten):
    with pytest.raises(CRSError, match="EPSG:4326"):
        crosswalk_weights(old_division, buurten[["code", "geometry"]].to_crs(WGS84))


def test_crosswalk_refuses_a_layer_without_crs(old_division):
    target = gpd.GeoDataFrame({"code": ["T"]}, geometry=[square(0)])
    with pytest.raises(CRSError):
        crosswalk_weights(old_division, target)


# ----------------------------------------------------------------------------- harmonisation


@pytest.fixture
def weights(old_division, buurten) -> pd.DataFrame:
    """Crosswalk from the old division to the four buurten."""
    return crosswalk_weights(old_division, buurten[["code", "geometry"]])


def old_values(values, status=(OK, OK), period: int = 2020) -> pd.DataFrame:
    return pd.DataFrame({"unit": ["OLD1", "OLD2"], "period": period, "value": values, "status": list(status)})


def test_harmonise_extensive_conserves_totals(weights):
    # 1500 and 2500 inhabitants spread evenly: 10 per 100 m², 1000 per buurt
    out = harmonise_units(old_values([1_500.0, 2_500.0]), weights, extensive=True)

    assert out["value"].sum() == pytest.approx(4_000.0)
    assert out.set_index("unit")["value"].to_numpy() == pytest.approx([1_000.0] * 4)
    assert (out["status"] == OK).all() and (out["unit_coverage"] == 1.0).all()


def test_harmonise_extensive_conserves_totals_over_periods(weights):
    values = pd.concat([old_values([1_500.0, 2_500.0], period=2020), old_values([7.0, 993.0], period=2018)])
    out = harmonise_units(values, weights, extensive=True)

    assert_series_equal(
        out.groupby("period")["value"].sum(), values.groupby("period")["value"].sum(), check_exact=False, rtol=1e-12
    )


def test_harmonise_intensive_averages_by_share_of_the_target(weights):
    out = harmonise_units(old_values([10.0, 20.0]), weights, extensive=False).set_index("unit")

    assert out["value"].to_dict() == pytest.approx({B1: 10.0, B2: 15.0, B3: 20.0, B4: 20.0})


def test_harmonise_secret_source_makes_targets_partial_or_secret(weights):
    out = harmonise_units(old_values([1_500.0, np.nan], status=(OK, SECRET)), weights, extensive=True).set_index("unit")

    assert out.loc[B1, "status"] == OK
    # half of B2 lies in the secret unit: value only from OLD1's half, coverage one half of B2
    assert out.loc[B2, "status"] == PARTIAL
    assert out.loc[B2, "value"] == pytest.approx(500.0)
    assert out.loc[B2, "unit_coverage"] == pytest.approx(0.5)
    assert out.loc[B3, "status"] == SECRET and np.isnan(out.loc[B3, "value"])
    assert out.loc[B3, "unit_coverage"] == 0.0


def test_harmonised_coverage_carries_into_the_focus_area(weights, membership, population):
    carried = harmonise_units(old_values([1_500.0, np.nan], status=(OK, SECRET)), weights, extensive=True)

    out = aggregate(carried, membership, rule="sum", coverage_weight=population).set_index("target")

    # TST = B1 (known) + B2 (half known) + B3 (secret)
    assert out.loc["TST", "value"] == pytest.approx(1_500.0)
    assert out.loc["TST", "status"] == PARTIAL
    assert out.loc["TST", "coverage"] == pytest.approx((100 + 0.5 * 200) / 600)
    assert out.loc["REST_TST", "status"] == SECRET

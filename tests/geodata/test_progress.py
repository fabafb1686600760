"""The half-yearly report: periods, vintages (a value published after the cut-off is not in the
report), comparability, the matrix and the ranking by change — on the real store."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pandas as pd
import pytest

from geodata.errors import UnknownValueError
from geodata.progress import (
    ReportPeriod,
    changes_since,
    comparability,
    coverage_matrix,
    progress_matrix,
    ranking_by_change,
    report_periods,
    report_values,
    vintage,
)
from geodata.vocab import Level


@pytest.mark.parametrize("text", ["2026-H3", "2026", "26-H1", "1999-H1", "", None, "2026-h1 ", "2026–H1"])
def test_a_bad_period_is_refused_with_the_choices(text):
    with pytest.raises(UnknownValueError, match="verslagperiode"):
        ReportPeriod.parse(text)


def test_periods_follow_each_other_by_half_years():
    p = ReportPeriod.parse("2025-H2")
    assert p.shift(1).label == "2026-H1" and p.shift(-2).label == "2024-H2"
    assert ReportPeriod.of(date(2026, 7, 1)).label == "2026-H2"
    assert ReportPeriod.of(date(2026, 6, 30)).cutoff == date(2026, 6, 30)
    assert [x.label for x in report_periods(date(2024, 12, 31))] == ["2024-H2", "2024-H1"]


def test_vintage_is_the_latest_release_of_the_sources_behind_a_value(store):
    cat = store.catalog
    dated = [s for s in cat.sources.values() if s.kind == "table" and s.published]
    undated = [s for s in cat.sources.values() if s.kind == "table" and not s.published]
    assert len(dated) >= 2, "the registry records release dates"
    a, b = sorted(dated, key=lambda s: s.published)[:2]
    assert vintage(cat, f"{a.id}/{b.id}") == max(a.published, b.published)
    assert vintage(cat, "delivery:7", {"delivery:7": "2026-08-15"}) == "2026-08-15"
    assert vintage(cat, "delivery:8", {"delivery:7": "2026-08-15"}) is None
    if undated:
        assert vintage(cat, f"{a.id},{undated[0].id}") is None


# ----------------------------------------------------------------------------- vintage


def _with_delivery(store, rows: list[dict]):
    """The store with extra focus-area rows as a delivery would add them."""
    template = store.values.iloc[0]
    extra = pd.DataFrame([{**template.to_dict(), **r} for r in rows])
    values = pd.concat([store.values.astype({"source": object}), extra], ignore_index=True)
    return dataclasses.replace(store, values=values)


def test_a_value_delivered_after_the_cut_off_is_not_in_that_periods_report(store):
    indicator = "youth_nuisance_experienced"
    assert store.values.query("indicator == @indicator and level == 'focus_area'").empty, "precondition: no open data"
    row = {
        "area_code": "DH_ZW",
        "level": Level.FOCUS_AREA.value,
        "period": 2025,
        "indicator": indicator,
        "value": 18.5,
        "status": "ok",
        "coverage": 1.0,
        "method": "source",
        "source": "delivery:41",
    }
    s = _with_delivery(store, [row])
    delivered = {"delivery:41": "2026-08-15"}  # after 30 June, before 31 December
    h1 = progress_matrix(
        s, baseline_year=2022, period=ReportPeriod.parse("2026-H1"), indicators=[indicator], delivered=delivered
    )
    h2 = progress_matrix(
        s, baseline_year=2022, period=ReportPeriod.parse("2026-H2"), indicators=[indicator], delivered=delivered
    )
    cell = lambda m: m.set_index("area").loc["DH_ZW"]  # noqa: E731
    assert np.isnan(cell(h1)["latest_value"]) and cell(h1)["origin"] == "none"
    assert cell(h2)["latest_value"] == 18.5 and cell(h2)["origin"] == "delivery" and cell(h2)["vintage"] == "2026-08-15"
    # the second view of the H2 report names it as new since H1
    what = changes_since(h2, h1).set_index("area")["what"]
    assert what["DH_ZW"] == "new" and (what.drop("DH_ZW") == "none").all()
    cov = coverage_matrix(s, period=ReportPeriod.parse("2026-H2"), indicators=[indicator], delivered=delivered)
    assert cov.set_index("area").loc["DH_ZW", "origin"] == "delivery"


def test_a_source_published_after_the_cut_off_drops_out_of_the_report(store):
    cat = store.catalog
    dated = sorted((s for s in cat.sources.values() if s.kind == "table" and s.published), key=lambda s: s.published)
    newest = dated[-1]
    day = date.fromisoformat(newest.published)
    before = ReportPeriod.of(day).previous()
    inds = sorted({i.id for i in cat if any(r.source == newest.id for r in i.sources)})
    rows_before = report_values(store, inds, before.cutoff)
    rows_after = report_values(store, inds, ReportPeriod.of(day).cutoff)
    # (a value that also rests on a source without a release date on record is kept and flagged)
    uses = lambda f: f["source"].astype(str).str.contains(newest.id, regex=False) & f["vintage_known"]  # noqa: E731
    assert not uses(rows_before).any() and uses(rows_after).any()
    assert (rows_after.loc[uses(rows_after), "vintage"] == newest.published).all()


# ----------------------------------------------------------------------------- comparability


def test_a_leefbaarometer_change_is_comparable_within_one_version(store):
    cat = store.catalog
    lbm = cat.sources[next(r.source for r in cat["lbm_nuisance_safety"].sources)]
    assert comparability(cat, "lbm_nuisance_safety", (2014, lbm.id), (2020, lbm.id)) == ""
    other = next(s for s in cat.sources.values() if s.kind == "table" and s.series and s.series != lbm.series)
    assert comparability(cat, "lbm_nuisance_safety", (2014, lbm.id), (2020, other.id)) == "series"


def test_a_change_across_a_definition_break_is_not_given(store):
    cat = store.catalog
    broken = [(i.id, r.source) for i in cat for r in i.sources if not r.comparable]
    assert broken, "the catalogue marks at least one source column as not comparable"
    iid, sid = broken[0]
    good = next(r.source for r in cat[iid].sources if r.comparable)
    assert comparability(cat, iid, (2019, sid), (2024, good)) == "definition"


# ----------------------------------------------------------------------------- the question


def test_which_areas_improved_most_on_overlast_since_2014(store):
    """The ranking on /voortgang (basis=2014, sorteer=lbm_nuisance_safety) against the store."""
    matrix = progress_matrix(store, baseline_year=2014, indicators=["lbm_nuisance_safety"])
    ranked = ranking_by_change(matrix, "lbm_nuisance_safety")
    v = store.values
    fa = v[(v["indicator"] == "lbm_nuisance_safety") & (v["level"] == Level.FOCUS_AREA)]
    fa = fa[fa["status"].isin(["ok", "partial"])]
    wide = fa.pivot_table(index="area_code", columns="period", values="value")
    # lower is better for overlast? the catalogue says which way is good
    sign = 1 if store.catalog["lbm_nuisance_safety"].direction == "higher_better" else -1
    expected = ((wide[2020] - wide[2014]) * sign).dropna().sort_values(ascending=False)
    assert len(expected) == 20
    assert ranked["area"].head(len(expected)).tolist() == expected.index.tolist()
    np.testing.assert_allclose(ranked["improvement"].head(20).to_numpy(), expected.to_numpy())
    assert (ranked["baseline_period"] == 2014).all() and (ranked["latest_period"] == 2020).all()


def test_the_matrix_has_a_cell_per_area_and_kernindicator_and_sizes_are_not_compared(store):
    m = progress_matrix(store, baseline_year=2022)
    core = [i.id for i in store.catalog if i.core]
    assert len(m) == 20 * len(core) and set(m["indicator"]) == set(core)
    sums = [i.id for i in store.catalog if i.core and i.rule == "sum"]
    if sums:
        assert m[m["indicator"].isin(sums)]["diff_nl"].isna().all()
    has = m.dropna(subset=["latest_value"])
    assert (has["latest_period"] >= has["baseline_period"]).all()
    changed = has[has["change"].notna()]
    np.testing.assert_allclose(changed["change"], changed["latest_value"] - changed["baseline_value"])


def test_labour_participation_2019_to_2022_is_not_a_trend(store):
    """The 2022 figures (tmap's employment_rate) use another definition than 2019's netto
    arbeidsparticipatie (NL 64,9 against 69,0): no change is claimed across them."""
    m = progress_matrix(store, baseline_year=2019, indicators=["labour_participation"]).set_index("area")
    cell = m.loc["DH_ZW"]
    assert (cell["baseline_period"], cell["latest_period"]) == (2019, 2022)
    assert cell["reason"] == "definition" and np.isnan(cell["change"])

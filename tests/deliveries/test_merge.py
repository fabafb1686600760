"""Delivered values in the store: aggregated to focus areas by the existing rules, with provenance,
picked up by a running store, and dated so that a report before the delivery does not show them."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from geodata.deliveries.merge import delivered_values, unit_membership
from geodata.deliveries.overlay import LiveDeliveries, merge_into
from geodata.progress import ReportPeriod, report_values

from .conftest import with_accounts
from .test_database import send

POP = pd.Series({"BU00010101": 100.0, "BU00010102": 200.0, "BU00010201": 300.0, "BU00010202": 400.0})
MEMBERS = pd.DataFrame({"unit": ["BU00010101", "BU00010102", "BU00010201"], "target": "TST"})


def rows(*items, delivery=1):
    return pd.DataFrame(
        [
            {
                "delivery_id": delivery,
                "indicator": i,
                "area_code": a,
                "period": p,
                "value": v,
                "numerator": n,
                "denominator": d,
                "status": "ok",
            }
            for i, a, p, v, n, d in items
        ]
    )


def focus(out: pd.DataFrame, indicator: str) -> pd.Series:
    return out[(out["area_code"] == "TST") & (out["indicator"] == indicator)].iloc[0]


def test_buurt_counts_are_summed_to_the_focus_area(store):
    r = rows(
        *[("dwellings_new_build", b, "2025", v, np.nan, np.nan) for b, v in (("BU00010101", 3), ("BU00010102", 4))]
    )
    out = delivered_values(r, store.catalog, MEMBERS, POP, {"TST": "GM0001"})
    row = focus(out, "dwellings_new_build")
    assert (row["value"], row["status"], row["source"], row["method"]) == (7.0, "partial", "delivery:1", "delivered")
    # two of the three member buurten delivered: 300 of 600 inhabitants covered
    assert row["coverage"] == pytest.approx(0.5)


def test_buurt_percentages_are_recomputed_from_numerators_and_denominators(store):
    r = rows(
        ("energy_label_efg_pct", "BU00010101", "2025", 10.0, 1, 10),
        ("energy_label_efg_pct", "BU00010102", "2025", 50.0, 45, 90),
        ("energy_label_efg_pct", "BU00010201", "2025", 20.0, 20, 100),
    )
    out = delivered_values(r, store.catalog, MEMBERS, POP, {"TST": "GM0001"})
    row = focus(out, "energy_label_efg_pct")
    assert row["value"] == pytest.approx(66 / 200 * 100)  # never the mean of the percentages (26.7)
    assert row["status"] == "ok"


def test_a_partly_included_wijk_counts_with_its_population_share(store):
    # WK000102: BU00010201 (300) in TST, BU00010202 (400) not -> 3/7 of its count
    r = rows(("dwellings_new_build", "WK000102", "2025", 70.0, np.nan, np.nan))
    out = delivered_values(r, store.catalog, MEMBERS, POP, {"TST": "GM0001"})
    assert focus(out, "dwellings_new_build")["value"] == pytest.approx(30.0)
    m = unit_membership(MEMBERS, POP)
    assert m.loc[m["unit"] == "WK000101", "share"].item() == 1.0


def test_rest_of_the_gemeente_and_the_gemeente_are_aggregated_where_the_buurten_cover_them(store):
    buurten = pd.Series(dict.fromkeys(POP.index, "GM0001"))
    every = rows(*[("dwellings_new_build", b, "2025", v, np.nan, np.nan) for b, v in zip(POP.index, (1, 2, 3, 4))])
    out = delivered_values(every, store.catalog, MEMBERS, POP, {"TST": "GM0001"}, buurten=buurten)
    agg = out[out["level"] != "buurt"].set_index("area_code")[["level", "value", "status"]]
    assert agg.to_dict("index") == {
        "TST": {"level": "focus_area", "value": 6.0, "status": "ok"},
        "REST_TST": {"level": "rest_of_gemeente", "value": 4.0, "status": "ok"},
        "GM0001": {"level": "gemeente", "value": 10.0, "status": "ok"},
    }
    # only the focus area's buurten: no rest, and the gemeente (60 % covered) is no benchmark
    some = every[every["area_code"] != "BU00010202"]
    out = delivered_values(some, store.catalog, MEMBERS, POP, {"TST": "GM0001"}, buurten=buurten)
    assert sorted(out.loc[out["level"] != "buurt", "area_code"]) == ["TST"]


def test_the_focus_areas_own_figure_beats_the_aggregate_and_h2_beats_h1(store):
    r = pd.concat(
        [
            rows(("dwellings_new_build", "BU00010101", "2025", 3.0, np.nan, np.nan)),
            rows(("dwellings_new_build", "TST", "2025-H1", 50.0, np.nan, np.nan), delivery=2),
            rows(("dwellings_new_build", "TST", "2025-H2", 60.0, np.nan, np.nan), delivery=3),
        ]
    )
    out = delivered_values(r, store.catalog, MEMBERS, POP, {"TST": "GM0001"})
    tst = out[(out["area_code"] == "TST")]
    assert tst[["period", "value", "source"]].values.tolist() == [[2025, 60.0, "delivery:3"]]


def test_the_store_shows_delivered_values_with_provenance(sqlite_db, store):
    from geodata.compare import summarise

    with_accounts(sqlite_db)
    assert not store.catalog["dwellings_new_build"].available
    send(
        sqlite_db,
        store,
        "GM0001",
        "dwellings_new_build;BU00010101;2025;3",
        "dwellings_new_build;BU00010102;2025;4",
        "dwellings_new_build;BU00010201;2025;5",
    )
    merge_into(store, sqlite_db)
    assert store.catalog["dwellings_new_build"].available
    s = summarise(store, "TST", "dwellings_new_build", None, 2022)
    assert (s.value, s.status, s.period) == (12.0, "ok", 2025)
    assert store.provenance(s.source) == [("gemeente Een", date.today().isoformat())]
    export = store.export("dwellings_new_build", level="buurt", area="GM0001")
    assert export["source"].str.startswith("delivery:1 (aangeleverd door gemeente Een, ").all()


def test_a_running_store_picks_up_deliveries_and_withdrawals(sqlite_db, store):
    from geodata.deliveries.service import withdraw

    with_accounts(sqlite_db)
    live = LiveDeliveries(store, sqlite_db, interval=3600)
    assert live.refresh(force=True) and store.revision == 0
    out = send(sqlite_db, store, "GM0001", "dwellings_new_build;TST;2025;9")
    assert not live.refresh()  # within the interval: no database query
    assert live.refresh(force=True) and store.series("dwellings_new_build", "TST")[2025][0] == 9.0
    withdraw(sqlite_db, out.delivery_id, "GM0001")
    live.interval = 0
    assert live.refresh() and store.series("dwellings_new_build", "TST") == {}


def test_a_value_delivered_after_a_reports_cutoff_is_not_in_that_report(sqlite_db, store):
    """The vintage of a delivered value is its delivery date (geodata/progress.py)."""
    with_accounts(sqlite_db)
    send(sqlite_db, store, "GM0001", "energy_label_efg_pct;TST;2025;12,5")
    merge_into(store, sqlite_db)
    delivered = store.delivery_dates()
    assert list(delivered) == ["delivery:1"]
    today = date.today()
    before = ReportPeriod.of(today).previous()  # its cut-off lies before today
    now = ReportPeriod.of(today)
    assert before.cutoff < today <= now.cutoff
    old = report_values(store, ["energy_label_efg_pct"], before.cutoff, delivered)
    new = report_values(store, ["energy_label_efg_pct"], now.cutoff, delivered)
    assert old.empty
    assert new[["area_code", "value", "vintage"]].values.tolist() == [["TST", 12.5, today.isoformat()]]

"""The row checks of a delivery, one at a time, on a hand-made row (no file, no store)."""

from __future__ import annotations

from collections import namedtuple
from datetime import date

import numpy as np
import pytest

from geodata.catalog import Catalog, Indicator
from geodata.deliveries.rows import ROW_CHECKS, DeliveryContext, row_problems
from geodata.vocab import Rule

Row = namedtuple("Row", "row indicator area_code period value numerator denominator status")
PCT = Indicator(
    "pct", "p", "p", "2", True, "%", "%", 1, "neutral", Rule.NONE, "", "", (),
    available=False, delivery_rule=Rule.RATIO, delivery_scale=100.0,
)  # fmt: skip
COUNT = Indicator(
    "n", "n", "n", "2", True, "woningen", "dwellings", 0, "neutral", Rule.SUM, "", "", (),
    available=False, delivery_rule=Rule.SUM,
)  # fmt: skip
CTX = DeliveryContext(
    catalog=Catalog({"pct": PCT, "n": COUNT}, {}),
    codes_2024=frozenset({"BU05180101", "GM0518", "GM0344"}),
    focus_areas={"DH_ZW": "GM0518"},
    today=date(2025, 9, 1),
    own_gemeente="GM0518",
)


def row(**kw) -> Row:
    base = {"row": 2, "indicator": "n", "area_code": "DH_ZW", "period": "2024", "value": 5.0,
            "numerator": np.nan, "denominator": np.nan, "status": ""}  # fmt: skip
    return Row(**{**base, **kw})


@pytest.mark.parametrize(
    "r, expected",
    [
        (row(), []),
        (row(area_code="BU05189999"), [("area_code", "geen bekend code in de CBS-indeling 2024")]),
        (row(area_code="GM0344"), [("area_code", "ligt niet in uw gemeente")]),
        (row(period="2012"), [("period", "ligt voor 2015")]),
        (row(period="2026"), [("period", "in de toekomst")]),
        (row(value=np.nan), [("value", "waarde ontbreekt")]),
        (row(status="geheim"), [("value", "status is 'geheim' maar er staat een waarde")]),
        (row(value=2.5), [("value", "geen geheel getal")]),
        (row(indicator="pct", value=150.0, numerator=3.0, denominator=2.0), [
            ("numerator", "teller 3 is groter dan noemer 2"),
            ("value", "ligt niet tussen 0 en 100"),
        ]),
        (row(indicator="pct", value=30.0, numerator=1.0, denominator=4.0), [("value", "past niet bij teller/noemer (25.0)")]),
        (row(indicator="pct", value=np.nan, numerator=1.0), [
            ("value", "waarde ontbreekt"),
            ("denominator", "vul teller én noemer in"),
        ]),
        (row(indicator="pct", area_code="BU05180101", value=12.0), [("numerator", "teller en noemer nodig")]),
        (row(indicator="pct", value=25.0, numerator=1.0, denominator=4.0), []),
    ],
)  # fmt: skip
def test_each_check_names_the_cell_and_the_fix(r, expected):
    found = [f for check in ROW_CHECKS if (f := check(r, CTX.catalog[r.indicator], CTX)) is not None]
    assert [col for col, _ in found] == [col for col, _ in expected]
    for (_, message), (_, words) in zip(found, expected):
        assert words in message


def test_duplicates_and_a_year_with_its_halves_are_reported_once_each():
    import pandas as pd

    rows = [row(), row(row=3), row(row=4, period="2024-H1")]
    problems = row_problems(pd.DataFrame(rows), CTX)
    assert [(p.row, p.column) for p in problems] == [(3, "area_code"), (4, "period")]
    assert "ook in rij 2" in problems[0].message

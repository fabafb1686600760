"""Fixtures the dashboard tests share."""

from __future__ import annotations

import pytest

from geodata.catalog import Indicator


@pytest.fixture
def indicator():
    """A rate where lower is better."""
    return Indicator(
        id="crime",
        name_nl="Misdrijven",
        name_en="Crimes",
        action_line="4",
        core=True,
        unit_nl="per 1.000",
        unit_en="per 1,000",
        decimals=1,
        direction="lower_better",
        rule="ratio",
        definition_nl="d",
        definition_en="d",
        sources=(),
        numerator="a",
        denominator="b",
        scale=1000,
    )

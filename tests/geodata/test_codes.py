"""CBS area-code helpers: the level of a code, refusing malformed or wrong-level codes, padding, and the
gemeente, wijk and rest-of-gemeente codes derived from a code."""

from __future__ import annotations

import pytest

from geodata.codes import check_code, gemeente_of, level_of, normalise_name, rest_code, wijk_of
from geodata.errors import AreaCodeError

# ----------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    "code, level",
    [
        ("GM0344", "gemeente"),
        ("WK034403", "wijk"),
        ("WK0363FA", "wijk"),
        ("BU03440300", "buurt"),
        ("BU0363AF08", "buurt"),
        ("NL01", "nl"),
    ],
)
def test_level_of_good_codes(code, level):
    assert level_of(code) == level
    if level != "nl":
        assert check_code(code, level) == code


@pytest.mark.parametrize(
    "code",
    ["GM344", "GM03444", "gm0344", "WK03440", "BU0344030", "BU034403000", "XX034403", "", None, 344, " ", "WK0344-3"],
)
def test_level_of_bad_codes(code):
    with pytest.raises(AreaCodeError) as err:
        level_of(code)
    assert repr(code) in str(err.value)


@pytest.mark.parametrize(
    "code, level",
    [
        ("WK034403", "gemeente"),
        ("GM0344", "wijk"),
        ("BU03440300", "wijk"),
        ("WK034403", "buurt"),
        ("BU0344030", "buurt"),
        (None, "gemeente"),
    ],
)
def test_check_code_refuses_the_wrong_level(code, level):
    with pytest.raises(AreaCodeError, match=f"not a {level} code; expected e.g."):
        check_code(code, level)


def test_check_code_strips_padding():
    assert check_code("  BU03440300 ", "buurt") == "BU03440300"


def test_code_helpers():
    assert gemeente_of("BU0363AF08") == "GM0363"
    assert wijk_of("BU0363AF08") == "WK0363AF"
    assert gemeente_of("WK034403") == "GM0344"
    assert rest_code("UTR_OV") == "REST_UTR_OV"
    assert normalise_name("’s-Gravenhage") == normalise_name("'S GRAVENHAGE")
    assert normalise_name("Oud-Zuid") != normalise_name("Oud-West")

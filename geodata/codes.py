"""CBS area codes: GMxxxx, WKxxxxyy, BUxxxxyyzz; and the levels of our store."""

from __future__ import annotations

import re

import pandas as pd

from .errors import AreaCodeError

AreaCode = str

LEVELS = ("buurt", "wijk", "gemeente", "focus_area", "rest_of_gemeente", "focus_average", "nl")
NL_CODE = "NL01"
FOCUS_AVERAGE_CODE = "FA_GEM20"
REST_PREFIX = "REST_"
WIDE_PREFIX = "WIDE_"

_PATTERNS = {
    "gemeente": re.compile(r"^GM\d{4}$"),
    "wijk": re.compile(r"^WK\d{4}[0-9A-Z]{2}$"),
    "buurt": re.compile(r"^BU\d{4}[0-9A-Z]{4}$"),
}


def level_of(code: AreaCode) -> str:
    """Return the level of a CBS code.

    >>> level_of("WK034403"), level_of("BU0363AF08"), level_of("GM0344")
    ('wijk', 'buurt', 'gemeente')
    """
    if code == NL_CODE:
        return "nl"
    for level, pattern in _PATTERNS.items():
        if isinstance(code, str) and pattern.match(code):
            return level
    raise AreaCodeError(code, "not a CBS code", "expected GM + 4 digits, WK + 6 or BU + 8 characters")


def check_code(code: object, level: str) -> AreaCode:
    """Return ``code`` stripped, or raise naming the expected pattern."""
    text = str(code).strip() if code is not None else ""
    pattern = _PATTERNS[level]
    if not pattern.match(text):
        raise AreaCodeError(code, f"not a {level} code", f"expected e.g. {_EXAMPLE[level]}")
    return text


_EXAMPLE = {"gemeente": "GM0344", "wijk": "WK034403", "buurt": "BU03440300"}


def gemeente_of(code: AreaCode) -> AreaCode:
    """``GM`` + the four digits that every WK/BU code carries.

    >>> gemeente_of("BU0363AF08")
    'GM0363'
    """
    return "GM" + code[2:6]


def wijk_of(code: AreaCode) -> AreaCode:
    """``WK`` + the gemeente and wijk digits that every BU code carries.

    >>> wijk_of("BU03440300")
    'WK034403'
    """
    return "WK" + code[2:8]


def gemeente_series(codes: pd.Series) -> pd.Series:
    """:func:`gemeente_of` for a column of codes."""
    return "GM" + codes.str[2:6]


def wijk_series(codes: pd.Series) -> pd.Series:
    """:func:`wijk_of` for a column of codes."""
    return "WK" + codes.str[2:8]


def level_series(codes: pd.Series) -> pd.Series:
    """The level of each code by its prefix (GM, WK, BU, NL); NaN for any other code.

    >>> level_series(pd.Series(["GM0344", "BU03440101", "XX"])).tolist()
    ['gemeente', 'buurt', nan]
    """
    return codes.str[:2].map({"GM": "gemeente", "WK": "wijk", "BU": "buurt", "NL": "nl"})


def in_gemeente(code: AreaCode, gemeente: AreaCode) -> bool:
    """Whether a WK/BU/GM code lies in (or is) ``gemeente``.

    >>> in_gemeente("BU03440300", "GM0344"), in_gemeente("WK036301", "GM0344")
    (True, False)
    """
    return gemeente_of(code) == gemeente


_PREFIX = {"buurt": "BU", "wijk": "WK", "gemeente": "GM"}


def level_prefix(level: str, gemeente: AreaCode) -> str:
    """The start every code of ``level`` inside ``gemeente`` shares.

    >>> level_prefix("buurt", "GM0344"), level_prefix("wijk", "GM0363")
    ('BU0344', 'WK0363')
    """
    return _PREFIX[level] + gemeente[2:6]


def rest_code(focus_area_id: str) -> str:
    """Code of the 'rest of the municipality' benchmark of a focus area."""
    return REST_PREFIX + focus_area_id


def wide_code(focus_area_id: str) -> str:
    """Code of a focus area's wider variant: its core plus its uncertain members.

    >>> wide_code("TIL_NW")
    'WIDE_TIL_NW'
    """
    return WIDE_PREFIX + focus_area_id


def normalise_name(name: object) -> str:
    """Compare names across years: case, punctuation and spacing folded.

    >>> normalise_name("Welgelegen, Den Hommel") == normalise_name("welgelegen den  hommel")
    True
    """
    text = str(name or "").lower().replace("’", "'")
    text = re.sub(r"[^0-9a-z\u00c0-\u024f]+", " ", text)
    return " ".join(text.split())

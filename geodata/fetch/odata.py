"""CBS OData v3 replies → one table in the data-dir layout (pure: lists of dicts in, a frame out).

The reply of a CBS table is a set of named feeds: ``TypedDataSet`` (one row per cell key, the
measures typed, ``null`` = missing or secret), the dimension tables (``WijkenEnBuurten``,
``Perioden``…: ``Key``, ``Title``) and ``DataProperties``/``TableInfos``. CBS pads dimension keys
with spaces (``"GM0344    "``). The file written keeps every column of the TypedDataSet under its
OData key (stripped) and adds, where the table has them, the columns the readers use:
``niveau, code, naam, gemeentecode, wijkcode`` (from ``WijkenEnBuurten``) and ``jaar`` (from
``Perioden``: ``2024JJ00`` → 2024; ``2021MM03`` months are summed to complete years on request).
"""

from __future__ import annotations

import re

import pandas as pd

from ..codes import gemeente_series, wijk_series

AREA_KEY = "WijkenEnBuurten"
PERIOD_KEY = "Perioden"
LAYOUT_COLUMNS = ["niveau", "code", "naam", "gemeentecode", "wijkcode", "jaar"]
NIVEAU = {"NL": "Land", "GM": "Gemeente", "WK": "Wijk", "BU": "Buurt"}
_YEAR = re.compile(r"^(\d{4})JJ\d\d$")
_MONTH = re.compile(r"^(\d{4})MM(\d\d)$")


class ReplyShapeError(ValueError):
    """The reply lacks something the layout needs (a feed, a column, a period format)."""


def table_frame(feeds: dict[str, list[dict]], *, periods: str = "year", rename: dict | None = None) -> pd.DataFrame:
    """The TypedDataSet of a CBS reply as a frame in the data-dir layout.

    >>> feeds = {"TypedDataSet": [{"ID": 0, "WijkenEnBuurten": "WK034403  ", "AantalInwoners_5": 35255}],
    ...          "WijkenEnBuurten": [{"Key": "WK034403  ", "Title": "Wijk 03 Overvecht"}]}
    >>> table_frame(feeds).iloc[0][["niveau", "code", "naam", "gemeentecode", "AantalInwoners_5"]].astype(str).tolist()
    ['Wijk', 'WK034403', 'Wijk 03 Overvecht', 'GM0344', '35255']
    """
    if "TypedDataSet" not in feeds:
        got = ", ".join(sorted(feeds)) or "nothing"
        raise ReplyShapeError(f"the reply has no TypedDataSet (got {got}); is cbsodata 1.3.x installed?")
    frame = pd.DataFrame.from_records(feeds["TypedDataSet"])
    frame = frame.drop(columns=[c for c in ("ID",) if c in frame.columns])
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(lambda v: v.strip() if isinstance(v, str) else v)
    front = pd.DataFrame(index=frame.index)
    if AREA_KEY in frame.columns:
        code = frame[AREA_KEY].astype(str)
        front["niveau"] = code.str[:2].map(NIVEAU)
        front["code"] = code
        titles = {str(r["Key"]).strip(): str(r.get("Title", "")).strip() for r in feeds.get(AREA_KEY, [])}
        front["naam"] = code.map(titles)
        sub = code.str[:2].isin(["WK", "BU"])
        front["gemeentecode"] = gemeente_series(code).where(sub, code.where(code.str[:2] == "GM"))
        front["wijkcode"] = wijk_series(code).where(sub)
    if PERIOD_KEY in frame.columns:
        front["jaar"] = _years(frame[PERIOD_KEY], monthly=periods == "month_to_year")
    out = pd.concat([front, frame], axis=1)
    if periods == "month_to_year":
        out = _months_to_years(out)
    if rename:
        out = out.rename(columns=rename)
    return out


def _years(period: pd.Series, *, monthly: bool) -> pd.Series:
    pattern = _MONTH if monthly else _YEAR
    found = period.astype(str).str.extract(pattern)
    if found[0].isna().any():
        bad = sorted(period[found[0].isna()].astype(str).unique())[:3]
        kind = "YYYYMMnn (months)" if monthly else "YYYYJJ00 (years)"
        raise ReplyShapeError(f"Perioden {bad} are not of the form {kind}")
    return found[0].astype(int)


def _months_to_years(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum monthly rows to calendar years; a year without all 12 months is left out (no
    partial totals), and a total with a missing month is missing."""
    months = frame[PERIOD_KEY].astype(str).str[-2:]
    frame = frame.assign(_month=months).drop(columns=[PERIOD_KEY])
    measures = [
        c
        for c in frame.columns
        if c not in LAYOUT_COLUMNS and c != "_month" and pd.api.types.is_numeric_dtype(frame[c])
    ]
    keys = [c for c in frame.columns if c not in measures and c != "_month"]
    grouped = frame.groupby(keys, dropna=False, sort=False)
    sums = grouped[measures].sum(min_count=1).where(grouped[measures].count() == 12)
    whole_years = grouped["_month"].nunique() == 12
    return sums[whole_years].reset_index()

"""Row checks of a delivery: its rows against the catalogue, the 2024 division and each other.

First a pandera schema (types, known indicator ids, code and period patterns, status words), then
the checks that need the store, one small function per check in :data:`ROW_CHECKS` (codes that
exist in the 2024 division, the organisation's own areas, periods in range, value and status in
agreement, percentages in 0–100, numerator ≤ denominator, a ratio's parts, whole counts), then
the checks across rows (duplicates; a year delivered together with its halves).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from ..catalog import Catalog, Indicator
from ..codes import gemeente_of
from .layout import STATUSES
from .problems import Problem

if TYPE_CHECKING:
    import pandera.pandas as pa

#: the first year a delivery may be for (the programme's 0-meting lies in 2022; older context is fine)
FIRST_YEAR = 2015
PERIOD = re.compile(r"^(\d{4})(?:-H([12]))?$")
CBS_CODE = re.compile(r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")
#: a CBS code, or a focus-area id (DH_ZW)
AREA = re.compile(r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4}|[A-Z][A-Z0-9_]{1,15})$")


@dataclass(frozen=True)
class DeliveryContext:
    """What the checks need to know: the catalogue, the 2024 codes, the focus areas (id → gemeente
    code), today, and who delivers (``None`` = may deliver for every area)."""

    catalog: Catalog
    codes_2024: frozenset[str]
    focus_areas: dict[str, str]
    today: date
    own_gemeente: str | None = None

    def may_deliver_for(self, code: str) -> bool:
        if self.own_gemeente is None:
            return True
        if code in self.focus_areas:
            return self.focus_areas[code] == self.own_gemeente
        return gemeente_of(code) == self.own_gemeente


def schema(ctx: DeliveryContext) -> pa.DataFrameSchema:
    """The pandera schema of a delivery's rows (types, known ids, patterns, status words)."""
    import pandera.pandas as pa  # here, not at import: 165 ms of every server start, used per delivery

    known = sorted(i.id for i in ctx.catalog.deliverable())
    return pa.DataFrameSchema(
        {
            "row": pa.Column(int),
            "indicator": pa.Column(str, pa.Check.isin(known, error="indicator")),
            "area_code": pa.Column(str, pa.Check.str_matches(AREA.pattern, error="area_code")),
            "period": pa.Column(str, pa.Check.str_matches(PERIOD.pattern, error="period")),
            "value": pa.Column(float, pa.Check.ge(0, ignore_na=True, error="negative"), nullable=True),
            "numerator": pa.Column(float, pa.Check.ge(0, ignore_na=True, error="negative"), nullable=True),
            "denominator": pa.Column(float, pa.Check.gt(0, ignore_na=True, error="not_positive"), nullable=True),
            "status": pa.Column(str, pa.Check.isin(["", *STATUSES], error="status")),
            "source": pa.Column(str),
            "remark": pa.Column(str),
        },
        strict=True,
        coerce=False,
    )


def schema_problems(frame: pd.DataFrame, ctx: DeliveryContext) -> list[Problem]:
    from pandera.errors import SchemaErrors  # with schema(): pandera is imported per delivery

    known = ", ".join(sorted(i.id for i in ctx.catalog.deliverable()))
    messages = {
        "indicator": lambda v: (
            "lege indicator; vul een indicator-id uit het sjabloon in"
            if not v
            else f"onbekende indicator {v!r}; kies een van: {known}"
        ),
        "area_code": lambda v: (
            "lege gebiedscode; vul een focusgebied (bijv. DH_ZW) of een CBS-code (GM/WK/BU) in"
            if not v
            else f"{v!r} is geen gebiedscode; gebruik een focusgebied-id (bijv. DH_ZW) of een CBS-code als GM0518, WK051801, BU05180101"
        ),
        "period": lambda v: (
            "lege periode; vul een jaar (2025) of een halfjaar (2025-H1) in"
            if not v
            else f"{v!r} is geen periode; schrijf een jaar (2025) of een halfjaar (2025-H1)"
        ),
        "negative": lambda v: f"{float(v):g} is negatief; aantallen en percentages zijn 0 of meer",
        "not_positive": lambda v: (
            f"noemer {float(v):g} moet groter dan 0 zijn; laat de noemer leeg als die onbekend is"
        ),
        "status": lambda v: f"status {v!r} is onbekend; kies ok, geheim of ontbreekt (of laat leeg = ok)",
    }
    try:
        schema(ctx).validate(frame, lazy=True)
    except SchemaErrors as err:
        out = []
        cases = err.failure_cases
        for case in cases.itertuples(index=False):
            if case.index is None or pd.isna(case.index):
                out.append(Problem(None, str(case.column), f"kolom {case.column}: {case.check}"))
                continue
            row = int(frame.iloc[int(case.index)]["row"])
            key = str(case.check)
            make = messages.get(key)
            text = make(case.failure_case) if make else f"{case.failure_case!r} voldoet niet ({key})"
            out.append(Problem(row, str(case.column), text))
        return out
    return []


#: one row of the frame (``DataFrame.itertuples``)
Row = tuple
#: a check of one row: None, or the column and the message of what is wrong
RowCheck = Callable[[Row, Indicator, DeliveryContext], tuple[str, str] | None]


def _status(r: Row) -> str:
    return r.status or "ok"


def _area_known(r: Row, ind: Indicator, ctx: DeliveryContext) -> tuple[str, str] | None:
    """The code exists in the 2024 division (or is a focus area) and this organisation may deliver for it."""
    code = r.area_code
    if not AREA.match(code):
        return None  # reported by the schema
    if code not in ctx.focus_areas and code not in ctx.codes_2024:
        what = "code in de CBS-indeling 2024" if CBS_CODE.match(code) else "focusgebied"
        return "area_code", f"{code!r} is geen bekend {what}; gebruik de codes van de indeling 2024 (zie het sjabloon)"
    if not ctx.may_deliver_for(code):
        return (
            "area_code",
            f"{code!r} ligt niet in uw gemeente ({ctx.own_gemeente}); u kunt alleen voor uw eigen gebieden aanleveren",
        )
    return None


def _period_in_range(r: Row, ind: Indicator, ctx: DeliveryContext) -> tuple[str, str] | None:
    """The period lies between ``FIRST_YEAR`` and today."""
    m = PERIOD.match(r.period)
    if not m:
        return None  # reported by the schema
    year, half = int(m.group(1)), m.group(2)
    start = date(year, 7, 1) if half == "2" else date(year, 1, 1)
    if year < FIRST_YEAR:
        return "period", f"{r.period} ligt voor {FIRST_YEAR}; lever cijfers vanaf {FIRST_YEAR} aan"
    if start > ctx.today:
        return "period", f"{r.period} ligt in de toekomst; lever alleen afgelopen perioden aan"
    return None


def _value_agrees_with_status(r: Row, ind: Indicator, ctx: DeliveryContext) -> tuple[str, str] | None:
    """Status ok: a value (or a numerator and a positive denominator to compute it from);
    another status: no value."""
    status, value, num, den = _status(r), r.value, r.numerator, r.denominator
    if status == "ok":
        if pd.isna(value) and not (pd.notna(num) and pd.notna(den) and den > 0):
            return "value", "waarde ontbreekt; vul een getal in, of zet status op 'ontbreekt' of 'geheim'"
    elif status in STATUSES and pd.notna(value):
        return "value", f"status is {status!r} maar er staat een waarde; laat de waarde leeg of zet status op ok"
    return None


def _numerator_within_denominator(r: Row, ind: Indicator, ctx: DeliveryContext) -> tuple[str, str] | None:
    num, den = r.numerator, r.denominator
    if pd.notna(num) and pd.notna(den) and num > den:
        return "numerator", f"teller {num:g} is groter dan noemer {den:g}; de teller is een deel van de noemer"
    return None


def _percentage_in_range(r: Row, ind: Indicator, ctx: DeliveryContext) -> tuple[str, str] | None:
    value = r.value
    if ind.is_percentage and pd.notna(value) and not 0 <= value <= 100:
        return "value", f"{value:g} ligt niet tussen 0 en 100; een percentage schrijft u als 12,5 (niet 0,125 of 1250)"
    return None


def _is_ratio_ok(r: Row, ind: Indicator) -> bool:
    return ind.delivery_rule == "ratio" and _status(r) == "ok"


def _ratio_parts_paired(r: Row, ind: Indicator, ctx: DeliveryContext) -> tuple[str, str] | None:
    """A ratio's numerator and denominator come together or not at all."""
    if _is_ratio_ok(r, ind) and pd.isna(r.numerator) != pd.isna(r.denominator):
        return "denominator" if pd.isna(r.denominator) else "numerator", "vul teller én noemer in, of geen van beide"
    return None


def _ratio_parts_for_units(r: Row, ind: Indicator, ctx: DeliveryContext) -> tuple[str, str] | None:
    """A buurt's or wijk's ratio needs its parts: the focus area's is computed from them."""
    if (
        _is_ratio_ok(r, ind)
        and r.area_code.startswith(("BU", "WK"))
        and pd.isna(r.numerator)
        and pd.isna(r.denominator)
    ):
        return (
            "numerator",
            "voor buurt- en wijkcijfers van een percentage zijn teller en noemer nodig "
            "(het focusgebied wordt eruit berekend); vul beide in",
        )
    return None


def _ratio_value_matches_parts(r: Row, ind: Indicator, ctx: DeliveryContext) -> tuple[str, str] | None:
    """A ratio given with its parts equals numerator / denominator × scale (to the rounding of one decimal)."""
    value, num, den = r.value, r.numerator, r.denominator
    if not (_is_ratio_ok(r, ind) and pd.notna(num) and pd.notna(den) and den > 0 and pd.notna(value)):
        return None
    expected = num / den * ind.delivery_scale
    if abs(expected - value) > max(0.051, 0.005 * abs(expected)):
        return (
            "value",
            f"waarde {value:g} past niet bij teller/noemer ({expected:.1f}); corrigeer de waarde of laat haar leeg",
        )
    return None


def _count_is_whole(r: Row, ind: Indicator, ctx: DeliveryContext) -> tuple[str, str] | None:
    if ind.delivery_rule == "sum" and pd.notna(r.value) and not float(r.value).is_integer():
        return "value", f"{r.value:g} is geen geheel getal; dit is een aantal"
    return None


#: the checks of one row, in order: where two find something in the same cell, the first is reported
ROW_CHECKS: tuple[RowCheck, ...] = (
    _area_known,
    _period_in_range,
    _value_agrees_with_status,
    _numerator_within_denominator,
    _percentage_in_range,
    _ratio_parts_paired,
    _ratio_parts_for_units,
    _ratio_value_matches_parts,
    _count_is_whole,
)


def row_problems(frame: pd.DataFrame, ctx: DeliveryContext) -> list[Problem]:
    """The problems of each row of a deliverable indicator (:data:`ROW_CHECKS`), then those
    across rows (other rows are the schema's to report)."""
    out: list[Problem] = []
    checked = []
    for r in frame.itertuples(index=False):
        ind = ctx.catalog.indicators.get(r.indicator)
        if ind is None or not ind.deliverable:
            continue  # reported by the schema
        checked.append(r)
        for check in ROW_CHECKS:
            found = check(r, ind, ctx)
            if found is not None:
                out.append(Problem(r.row, *found))
    return out + _duplicate_problems(checked)


def _duplicate_problems(rows: list[Row]) -> list[Problem]:
    """Rows for the same indicator, area and period; and a year delivered with its halves for the
    same area, which would double a count."""
    out: list[Problem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for r in rows:
        key = (r.indicator, r.area_code, r.period)
        if key in seen:
            out.append(
                Problem(
                    r.row,
                    "area_code",
                    f"dubbele rij: {r.indicator}, {r.area_code}, {r.period} staat ook in rij {seen[key]}; houd er één over",
                )
            )
        else:
            seen[key] = r.row
    years = {(i, c, p) for i, c, p in seen if "-H" not in p}
    for (i, c, p), row in seen.items():
        if "-H" in p and (i, c, p[:4]) in years:
            out.append(
                Problem(
                    row,
                    "period",
                    f"{p} en het hele jaar {p[:4]} staan beide in het bestand voor {c}; lever één van beide",
                )
            )
    return out

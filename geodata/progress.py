"""The half-yearly progress report (voortgang): every focus area × kernindicator against its
0-meting, as it stood at a reporting period's cut-off (pure: the store in, frames out).

A report "stand per 2026-H1" uses only values whose release was published (or delivered) on or
before 30 June 2026 (:func:`vintage`); a value whose release date is not on record is used and
flagged (``vintage_known = False``). A change since the 0-meting is given only where both years
come from the same statistical series and instrument version and no definition break lies in
between (:func:`comparability`); otherwise the cell says why it is not comparable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from .catalog import Catalog
from .codes import NL_CODE, rest_code
from .errors import UnknownValueError
from .store import Store
from .vocab import HAS_VALUE, Level, Rule

_PERIOD = re.compile(r"^(\d{4})-H([12])$")
#: why a change is not given
REASONS = ("definition", "series", "version")
CELL_COLUMNS = [
    "area",
    "indicator",
    "baseline_period",
    "baseline_value",
    "latest_period",
    "latest_value",
    "change",
    "improvement",
    "comparable",
    "reason",
    "rest",
    "nl",
    "diff_rest",
    "diff_nl",
    "status",
    "origin",
    "source",
    "vintage",
    "vintage_known",
]


@dataclass(frozen=True, order=True)
class ReportPeriod:
    """A half-year of the programme's reporting cycle, e.g. ``2026-H1`` (cut-off 30 June 2026).

    >>> p = ReportPeriod.parse("2026-H1")
    >>> p.cutoff.isoformat(), p.previous().label, ReportPeriod.parse("2026-H2").previous().label
    ('2026-06-30', '2025-H2', '2026-H1')
    """

    year: int
    half: int

    @classmethod
    def parse(cls, text: object) -> ReportPeriod:
        match = _PERIOD.match(str(text or "").strip())
        if not match or not 2000 <= int(match.group(1)) <= 2100:
            raise UnknownValueError("verslagperiode", text, ["2025-H2", "2026-H1", "…"])
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> ReportPeriod:
        """The period a day falls in."""
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def label(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def cutoff(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    def previous(self) -> ReportPeriod:
        return self.shift(-1)

    def shift(self, halves: int) -> ReportPeriod:
        n = self.year * 2 + (self.half - 1) + halves
        return ReportPeriod(n // 2, n % 2 + 1)


def source_ids(source: object) -> list[str]:
    """The sources behind a value (aggregates join them with ``,``, ratios with ``/``).

    >>> source_ids("kwb2024_buurten,politie_misdrijven/kwb2024_buurten")
    ['kwb2024_buurten', 'politie_misdrijven']
    """
    return list(dict.fromkeys(x for part in str(source or "").split(",") for x in part.split("/") if x))


def vintage(catalog: Catalog, source: object, delivered: dict[str, str] | None = None) -> str | None:
    """When a value became public: the latest release date of the sources behind it (a delivery:
    its delivery date); None when any of them has no date on record."""
    dates = []
    for sid in source_ids(source):
        if sid.startswith("delivery:"):
            day = (delivered or {}).get(sid)
        else:
            src = catalog.sources.get(sid)
            day = src.published if src else None
        if day is None:
            return None
        dates.append(day)
    return max(dates) if dates else None


def comparability(catalog: Catalog, indicator: str, first: tuple[int, object], last: tuple[int, object]) -> str:
    """``""`` when the two values ``(year, source)`` of an indicator can be compared, else the reason:
    ``definition`` (a source column marked not comparable), ``series`` (different statistical
    series) or ``version`` (another instrument version, e.g. Leefbaarometer 2.0 → 3.0)."""
    ind = catalog[indicator]
    broken = {ref.source for ref in ind.sources if not ref.comparable}
    (y0, s0), (y1, s1) = first, last
    ids0, ids1 = source_ids(s0), source_ids(s1)
    if broken & (set(ids0) | set(ids1)):
        return "definition"

    def series(ids: list[str]) -> set[str]:
        return {catalog.sources[i].series if i in catalog.sources else i.split(":")[0] for i in ids}

    if series(ids0) != series(ids1):
        return "series"
    for sid in set(ids0) & set(ids1):
        src = catalog.sources.get(sid)
        if src and src.version(y0) != src.version(y1):
            return "version"
    return ""


def report_values(
    store: Store, indicators: list[str], cutoff: date | None, delivered: dict[str, str] | None = None
) -> pd.DataFrame:
    """The benchmark rows (focus areas, rests, gemeenten, NL) of ``indicators`` that were public at
    ``cutoff`` (all when None), with ``vintage`` and ``vintage_known``."""
    v = store.values
    roles = [Level.FOCUS_AREA, Level.REST_OF_GEMEENTE, Level.GEMEENTE, Level.NL]
    sub = v[v["indicator"].isin(indicators) & v["level"].isin(roles) & v["status"].isin(HAS_VALUE)]
    sub = pd.DataFrame({c: sub[c].astype(str) if str(sub[c].dtype) == "category" else sub[c] for c in sub.columns})
    vintages = {s: vintage(store.catalog, s, delivered) for s in sub["source"].unique()}
    sub = sub.assign(vintage=sub["source"].map(vintages))
    sub["vintage_known"] = sub["vintage"].notna()
    if cutoff is not None:
        sub = sub[~sub["vintage_known"] | (sub["vintage"] <= cutoff.isoformat())]
    # one row per area, year and indicator: a published gemeente value before our aggregate
    sub = sub.assign(_agg=(sub["method"] != "source").astype(int)).sort_values(["_agg"])
    return sub.drop_duplicates(["area_code", "period", "indicator"]).drop(columns="_agg")


def _baseline(periods: list[int], baseline_year: int) -> int | None:
    later = [p for p in periods if p >= baseline_year]
    return later[0] if later else (periods[-1] if periods else None)


def progress_cell(catalog: Catalog, rows: dict[str, pd.DataFrame], fa, indicator: str, baseline_year: int) -> dict:
    """One cell of the matrix (``CELL_COLUMNS``) from the report values of one indicator by area."""
    ind = catalog[indicator]
    own = rows.get(fa.id)
    cell = dict.fromkeys(CELL_COLUMNS)
    cell.update(
        area=fa.id,
        indicator=indicator,
        comparable=False,
        reason="",
        status="missing",
        origin="none",
        vintage_known=True,
    )
    if own is None or own.empty:
        return cell
    own = own.sort_values("period")
    periods = own["period"].astype(int).tolist()
    base, latest = _baseline(periods, baseline_year), periods[-1]
    b, last = own[own["period"] == base].iloc[0], own[own["period"] == latest].iloc[0]
    reason = comparability(catalog, indicator, (base, b["source"]), (latest, last["source"])) if latest > base else ""
    cell.update(
        baseline_period=base,
        baseline_value=float(b["value"]),
        latest_period=latest,
        latest_value=float(last["value"]),
        status=str(last["status"]),
        source=str(last["source"]),
        origin="delivery" if "delivery:" in str(last["source"]) else "open",
        vintage=last["vintage"],
        vintage_known=bool(last["vintage_known"]),
        reason=reason,
        comparable=not reason,
    )
    if latest > base and not reason:
        cell["change"] = cell["latest_value"] - cell["baseline_value"]
        sign = {"higher_better": 1, "lower_better": -1}.get(ind.direction)
        cell["improvement"] = cell["change"] * sign if sign else None
    if ind.rule != Rule.SUM:  # sizes of different areas are not compared
        for role, code in (("rest", rest_code(fa.id)), ("nl", NL_CODE), ("gemeente", fa.gemeente)):
            other = rows.get(code)
            hit = other[other["period"] == latest] if other is not None else None
            if role != "gemeente" and hit is not None and len(hit):
                cell[role] = float(hit["value"].iloc[0])
                cell[f"diff_{role}"] = cell["latest_value"] - cell[role]
    return cell


def progress_matrix(
    store: Store,
    *,
    baseline_year: int,
    period: ReportPeriod | None = None,
    indicators: list[str] | None = None,
    delivered: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The voortgang matrix: one row per focus area × kernindicator (``CELL_COLUMNS``)."""
    ids = indicators or [i.id for i in store.catalog if i.core]
    values = report_values(store, ids, period.cutoff if period else None, delivered)
    by_ind = {k: dict(tuple(g.groupby("area_code"))) for k, g in values.groupby("indicator")}
    cells = [
        progress_cell(store.catalog, by_ind.get(iid, {}), fa, iid, baseline_year)
        for iid in ids
        for fa in store.focus_areas
    ]
    frame = pd.DataFrame(cells, columns=CELL_COLUMNS)
    for c in ("baseline_value", "latest_value", "change", "improvement", "rest", "nl", "diff_rest", "diff_nl"):
        frame[c] = frame[c].astype(float)
    return frame


def changes_since(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """What changed between two reports: per cell ``new`` (a value where the previous report had
    none), ``newer`` (a later year), ``revised`` (the same year, another value), ``unchanged`` or
    ``none`` (no value in either).

    >>> a = pd.DataFrame({"area": ["X", "Y", "Z"], "indicator": "i", "latest_period": [2024, 2024, None],
    ...                   "latest_value": [1.0, 2.0, None]})
    >>> b = pd.DataFrame({"area": ["X", "Y", "Z"], "indicator": "i", "latest_period": [2022, None, None],
    ...                   "latest_value": [1.5, None, None]})
    >>> changes_since(a, b)["what"].tolist()
    ['newer', 'new', 'none']
    """
    key = ["area", "indicator"]
    m = current.merge(previous[key + ["latest_period", "latest_value"]], on=key, how="left", suffixes=("", "_before"))
    for c in ("latest_period", "latest_period_before", "latest_value", "latest_value_before"):
        m[c] = pd.to_numeric(m[c], errors="coerce").astype(float)  # a report without any value is all None
    now, before = m["latest_period"].notna(), m["latest_period_before"].notna()
    same_year = now & before & (m["latest_period"] == m["latest_period_before"])
    revised = same_year & ~np.isclose(m["latest_value"], m["latest_value_before"])
    m["what"] = np.select(
        [now & ~before, now & before & (m["latest_period"] > m["latest_period_before"]), revised, same_year],
        ["new", "newer", "revised", "unchanged"],
        default="none",
    )
    return m


def ranking_by_change(matrix: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The areas of one indicator ordered by improvement since the 0-meting (best first); areas
    without a comparable change last."""
    sub = matrix[matrix["indicator"] == indicator].copy()
    sub["_order"] = sub["improvement"].fillna(-np.inf)
    return sub.sort_values(["_order", "area"], ascending=[False, True]).drop(columns="_order").reset_index(drop=True)


def coverage_matrix(
    store: Store,
    *,
    period: ReportPeriod | None = None,
    indicators: list[str] | None = None,
    delivered: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Which cells have data, from which kind of source: per focus area × kernindicator the years
    with a value (``n_years``, ``first``, ``last``) and ``origin`` (``open``, ``delivery``, ``both``
    or ``none``)."""
    ids = indicators or [i.id for i in store.catalog if i.core]
    values = report_values(store, ids, period.cutoff if period else None, delivered)
    values = values[values["level"] == Level.FOCUS_AREA]
    rows = []
    for iid in ids:
        sub = values[values["indicator"] == iid]
        for fa in store.focus_areas:
            own = sub[sub["area_code"] == fa.id]
            kinds = {"delivery" if "delivery:" in str(s) else "open" for s in own["source"]}
            origin = "none" if not kinds else ("both" if len(kinds) == 2 else kinds.pop())
            years = sorted(own["period"].astype(int))
            rows.append(
                {
                    "area": fa.id,
                    "indicator": iid,
                    "n_years": len(years),
                    "first": years[0] if years else None,
                    "last": years[-1] if years else None,
                    "origin": origin,
                }
            )
    return pd.DataFrame(rows)


def report_periods(today: date, first: ReportPeriod = ReportPeriod(2024, 1)) -> list[ReportPeriod]:
    """The reporting periods from ``first`` up to the one ``today`` falls in, newest first.

    >>> [p.label for p in report_periods(date(2025, 3, 1))]
    ['2025-H1', '2024-H2', '2024-H1']
    """
    out, p, last = [], first, ReportPeriod.of(today)
    while p <= last:
        out.append(p)
        p = p.shift(1)
    return out[::-1]

"""What each panel shows, computed from the store (no Dash): the callbacks call these."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import shapely

from geodata.catalog import Indicator
from geodata.codes import NL_CODE, wijk_of
from geodata.compare import Summary, summarise
from geodata.errors import UnknownValueError
from geodata.progress import comparability
from geodata.store import Store
from geodata.vocab import BENCHMARK_LEVELS, HAS_VALUE, Level, Rule, Status

from .about import composition_note, provenance_text
from .figures import make_timeseries
from .geo import GeoAssets
from .i18n import fmt_number, fmt_pct, t
from .mapdata import align_units, map_payload
from .palette import has_value, status_label, value_range
from .state import LINES, Meta, Routes
from .svg import static_map_svg

ROLES = BENCHMARK_LEVELS
DEFAULT_INDICATOR = {
    "2": "lbm_housing_stock",
    "3": "labour_participation",
    "4": "lbm_nuisance_safety",
    "context": "population",
}


def build_meta(store: Store, routes: Routes | None = None, baseline_year: int = 2022) -> Meta:
    """Options for the URL decoder: areas, available indicators per line, years with values."""
    by_line = {line: tuple(i.id for i in store.catalog.for_action_line(line) if i.available) for line in LINES}
    periods = {}
    for ind in store.catalog.available():
        v = store.indicator_values(ind.id)
        v = v[v["status"].isin(HAS_VALUE) & v["level"].isin([Level.FOCUS_AREA, Level.GEMEENTE])]
        periods[ind.id] = tuple(sorted(int(p) for p in v["period"].unique()))
    defaults = {k: v for k, v in DEFAULT_INDICATOR.items() if v in store.catalog}
    return Meta(
        tuple(fa.id for fa in store.focus_areas),
        by_line,
        periods,
        defaults,
        {fa.id: fa.name for fa in store.focus_areas},
        routes,
        tuple(i.id for i in store.catalog if i.core),
        baseline_year,
    )


def pool_name(ind: Indicator, lang: str) -> str:
    """What the 20-area benchmark is: the mean per area for counts, the pooled figure otherwise."""
    return t("role_focus_average" if ind.rule == Rule.SUM else "role_focus_pool", lang)


def role_names(store: Store, focus_id: str, lang: str, ind: Indicator | None = None) -> dict[str, str]:
    fa = store.focus_area(focus_id)
    gm = store.area_name(fa.gemeente)
    return {
        Level.FOCUS_AREA: fa.name,
        Level.REST_OF_GEMEENTE: f"{t('role_rest_of_gemeente', lang)} ({gm})",
        Level.GEMEENTE: gm,
        Level.NL: t("role_nl", lang),
        Level.FOCUS_AVERAGE: pool_name(ind, lang) if ind else t("role_focus_pool", lang),
    }


@dataclass
class FocusMapView:
    level: str | None
    units: pd.DataFrame
    geo_key: str | None


def focus_map_view(store: Store, focus_id: str, indicator: str, year: int | None) -> FocusMapView:
    fa = store.focus_area(focus_id)
    level = store.map_level(indicator, fa.gemeente, year) if year is not None else None
    if level is None:
        level = "buurt"
        units = store.unit_values(indicator, level="buurt", period=year or 0, gemeente=fa.gemeente)
        units = units.assign(value=np.nan, status=Status.MISSING.value)
    else:
        units = store.unit_values(indicator, level=level, period=year, gemeente=fa.gemeente)
    if level == "buurt":
        units = units[units["focus_area"] == focus_id]
    else:
        members = set(store.membership.loc[store.membership["target"] == focus_id, "unit"])
        units = units[units["code"].isin({wijk_of(b) for b in members})]
    geo_key = f"fa-{level}-{focus_id}"
    return FocusMapView(level=level, units=units.reset_index(drop=True), geo_key=geo_key)


#: colour scales of the focus map: the Netherlands' range (default: a small difference within an area
#: looks small), the range over the 20 focus areas, or the area's own range (the most contrast)
SCALES = ("nl", "focus20", "gebied")


def colour_range(store: Store, ind: Indicator, level: str, year: int | None, scale: str) -> tuple[float, float] | None:
    """The colour range of a focus map on ``scale``: the middle 90 % of every unit of the level in
    the Netherlands (``nl``) or in the 20 focus areas (``focus20``); None: the area's own range."""
    if scale not in SCALES:
        raise UnknownValueError("kleurschaal", scale, SCALES)
    if scale == "gebied" or year is None:
        return None
    units = store.unit_values(ind.id, level=level, period=year)
    if scale == "focus20":
        members = set(store.membership["unit"])
        codes = members if level == "buurt" else {wijk_of(b) for b in members}
        units = units[units["code"].isin(codes)]
    has = has_value(units)
    if not has.any():
        return None
    return value_range(units["value"].to_numpy(float)[has], robust=True)


def nl_reference(store: Store, ind: Indicator, year: int | None, lang: str) -> tuple[str, float] | None:
    """The Netherlands on the legend (not for counts: a country total is not on an area's scale)."""
    if year is None or ind.rule == Rule.SUM:
        return None
    row = store.series(ind.id, NL_CODE).get(year)
    if not row or row[1] not in HAS_VALUE:
        return None
    return f"{t('role_nl', lang)} {fmt_number(row[0], ind.decimals, lang)}", row[0]


def focus_map_payload(
    store: Store, geo: GeoAssets, focus_id: str, indicator: str, year: int | None, lang: str, scale: str = "nl"
) -> dict:
    """Map payload of a focus area: its buurten (or wijken), the rest of its municipality
    underneath and its outline on top; coloured on ``scale`` (:data:`SCALES`), NL on the legend."""
    ind = store.indicator(indicator)
    view = focus_map_view(store, focus_id, indicator, year)
    return map_payload(
        align_units(view.units, geo.codes(view.geo_key)),
        ind,
        lang=lang,
        geojson_url=geo.url(view.geo_key),
        rest_url=geo.url(f"rest-{focus_id}"),
        outline_url=geo.url(f"outline-{focus_id}"),
        fit=geo.bounds(f"outline-{focus_id}"),
        fitkey=focus_id,
        lohi=colour_range(store, ind, view.level, year, scale),
        reference=nl_reference(store, ind, year, lang),
        labels_url=geo.url(f"labels-{focus_id}"),
    )


def map_status_text(view: FocusMapView, ind: Indicator, year: int | None, lang: str) -> str:
    if view.units["status"].isin(HAS_VALUE).any():
        return f"{ind.name(lang)} {year}, {t('map_level_' + view.level, lang)}; {t('rest_context', lang)}"
    return t("map_no_units", lang, year=year if year is not None else "–")


def summary_sentence(
    store: Store, focus_id: str, ind: Indicator, year: int | None, lang: str, baseline_year: int
) -> str:
    s = summarise(store, focus_id, ind.id, year, baseline_year)
    fa = store.focus_area(focus_id)
    if s.value is None:
        return t("summary_none", lang, area=fa.name, year=year if year is not None else "–")
    value = f"{fmt_number(s.value, ind.decimals, lang)} {ind.unit(lang)}"
    if ind.rule == Rule.SUM and s.gemeente:  # a count: its share of the gemeente, not a comparison
        share = fmt_pct(s.value / s.gemeente, lang)
        return t(
            "summary_share",
            lang,
            area=fa.name,
            value=value,
            year=s.period,
            share=share,
            gemeente=store.area_name(fa.gemeente),
        )
    if s.rest is None:
        return t("summary_no_rest", lang, area=fa.name, value=value, year=s.period)
    cmp = t("higher" if s.value > s.rest else "lower", lang) if s.value != s.rest else t("equal", lang)
    return t(
        "summary_sentence",
        lang,
        area=fa.name,
        value=value,
        year=s.period,
        cmp=cmp,
        gemeente=store.area_name(fa.gemeente),
        rest=fmt_number(s.rest, ind.decimals, lang),
    )


def unit_table_rows(view: FocusMapView, ind: Indicator, lang: str) -> list[list[str]]:
    units = view.units.sort_values("name")
    return [
        [str(n), f"{fmt_number(v, ind.decimals, lang)}" if s in HAS_VALUE else "–", status_label(s, lang)]
        for n, v, s in zip(units["name"].fillna(units["code"]), units["value"], units["status"])
    ]


@dataclass(frozen=True)
class CardView:
    """One card of the focus page: the indicator, its figure (None: not in the open sources), and
    what else the card says."""

    ind: Indicator
    summary: Summary | None
    selected: bool = False
    extra: bool = False  #: a supplementary indicator (not a kernindicator)
    note: str | None = None  #: what the area's uncertain members would change
    provenance: str | None = None  #: who delivered the figure


def line_cards(
    store: Store, focus_id: str, line: str, indicator: str, year: int | None, lang: str, baseline_year: int
) -> list[CardView]:
    """The cards of an action line for an area: its kernindicatoren, then the supplementary
    indicators with data (a line without kernindicatoren: the first six of those); the chosen
    indicator in the chosen year, every other in its latest."""
    store.focus_area(focus_id)  # an unknown area fails here, before any figure
    core = store.catalog.for_action_line(line, core_only=True)
    extra = [i for i in store.catalog.for_action_line(line) if i.available and not i.core]
    if not core:
        core, extra = extra[:6], []
    cards = []
    for ind in [*core, *extra]:
        s = (
            summarise(store, focus_id, ind.id, year if ind.id == indicator else None, baseline_year)
            if ind.available
            else None
        )
        cards.append(
            CardView(
                ind,
                s,
                selected=ind.id == indicator,
                extra=ind in extra,
                note=composition_note(store, focus_id, ind, s, lang) if s is not None else None,
                provenance=provenance_text(store, s, lang),
            )
        )
    return cards


def series_view(store: Store, focus_id: str, ind: Indicator, lang: str, baseline_year: int):
    bench = store.benchmarks(focus_id, ind.id)
    names = role_names(store, focus_id, lang, ind)
    base = store.baseline_period(ind.id, focus_id, baseline_year)
    # counts as an index: an area's 60,000 inhabitants and the country's 17.9 million on one axis
    # would flatten the area's line
    own = bench.loc[(bench["role"] == Level.FOCUS_AREA) & bench["status"].isin(HAS_VALUE), "period"]
    index_year = (
        (base if base is not None else (int(own.min()) if len(own) else None)) if ind.rule == Rule.SUM else None
    )
    fig = make_timeseries(
        bench,
        ind,
        lang=lang,
        names=names,
        baseline=base,
        index_year=index_year,
        breaks=series_breaks(store, ind, bench),
    )
    periods = sorted(bench["period"].unique())
    rows = []
    for role in ROLES:
        sub = bench[bench["role"] == role].set_index("period")
        cells = []
        for p in periods:
            if p in sub.index and sub.loc[p, "status"] in HAS_VALUE:
                mark = "" if sub.loc[p, "status"] == Status.OK else " *"
                cells.append(fmt_number(sub.loc[p, "value"], ind.decimals, lang) + mark)
            elif p in sub.index:
                cells.append(status_label(str(sub.loc[p, "status"]), lang))
            else:
                cells.append("–")
        rows.append([names[role], *cells])
    header = [t("table_area", lang), *[str(p) for p in periods]]
    return fig, header, rows


def series_breaks(store: Store, ind: Indicator, bench: pd.DataFrame) -> dict[str, list[int]]:
    """Per role the years whose value is not comparable with the year before (another source,
    definition or version): the chart breaks its line there, so a change of method does not look
    like a trend."""
    out: dict[str, list[int]] = {}
    ok = bench[bench["status"].isin(HAS_VALUE)].sort_values("period")
    for role, sub in ok.groupby("role", observed=True):
        rows = list(zip(sub["period"].astype(int), sub["source"].astype(str)))
        years = [b[0] for a, b in zip(rows, rows[1:]) if comparability(store.catalog, ind.id, a, b)]
        if years:
            out[str(role)] = years
    return out


def download_href(indicator: str, *, level: str = "focus_area", area: str | None = None, lang: str = "nl") -> str:
    """The CSV of a view (for Dutch Excel; names and words in ``lang``)."""
    params = {"indicator": indicator, "level": level}
    if area:
        params["area"] = area
    if lang != "nl":
        params["taal"] = lang
    return "/download.csv?" + urlencode(params)


def next_indicator_for(store: Store, meta: Meta, area: str, line: str, indicator: str) -> str:
    """The next indicator of the action line with a figure for ``area`` (its latest year); the
    current one when no other has one."""
    ids = [i for i in meta.indicators_by_line.get(line, ()) if meta.periods.get(i)]
    current = indicator
    for _ in range(len(ids)):
        current = next_indicator(meta, line, current)
        if current == indicator:
            break
        if summarise(store, area, current, None, 0).value is not None:
            return current
    return indicator


def next_indicator(meta: Meta, line: str, indicator: str, *, step: int = 1) -> str:
    """The next (or previous) indicator with data in an action line, wrapping around.

    >>> m = Meta(("A",), {"4": ("x", "y", "z")}, {"x": (2020,), "y": (), "z": (2024,)})
    >>> next_indicator(m, "4", "x"), next_indicator(m, "4", "z"), next_indicator(m, "4", "x", step=-1)
    ('z', 'x', 'z')
    """
    ids = [i for i in meta.indicators_by_line.get(line, ()) if meta.periods.get(i)]
    if not ids:
        return indicator
    if indicator not in ids:
        return ids[0]
    return ids[(ids.index(indicator) + step) % len(ids)]


def factsheet_data(store: Store, focus_id: str, indicator: str, year: int | None, baseline_year: int):
    """Everything the printed factsheet shows: the map (as SVG), the kernindicatoren of the three
    action lines with their summaries, and the sources behind them."""
    fa = store.focus_area(focus_id)
    view = focus_map_view(store, focus_id, indicator, year)
    layer = "buurt" if view.level == "buurt" else "wijk_detail"
    d = store.display
    shapes_frame = d[(d["layer"] == layer) & d["code"].isin(set(view.units["code"]))]
    shapes = list(zip(shapes_frame["code"].astype(str), shapes_frame.geometry))
    outline = d.loc[(d["layer"] == "focus_area") & (d["code"] == focus_id)].geometry
    rest = d.loc[(d["layer"] == "rest_of_gemeente") & (d["focus_area"] == focus_id)].geometry
    svg = static_map_svg(
        shapes,
        view.units,
        outline=outline.iloc[0] if len(outline) else None,
        context=shapely.union_all([*rest, *outline]) if len(rest) else None,
    )
    has = has_value(view.units)
    lo, hi = value_range(view.units["value"].to_numpy(float)[has], robust=True)
    lines = {}
    used_sources: set[str] = set()
    for line in ("2", "3", "4"):
        cards = []
        for ind in store.catalog.for_action_line(line, core_only=True):
            summary = summarise(store, focus_id, ind.id, None, baseline_year) if ind.available else None
            if summary is not None:
                used_sources |= summary.sources
            cards.append((ind, summary))
        lines[line] = cards
    sources = [store.catalog.sources[s] for s in sorted(used_sources) if s in store.catalog.sources]
    return fa, svg, (lo, hi, bool(has.any())), lines, sources

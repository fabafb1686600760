"""The nationwide page's views, computed from the store (no Dash): the map of the Netherlands
per gemeente, wijk or buurt (a year, or the change between two years), the ranking of the 20
areas and their small multiples."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.catalog import Indicator
from geodata.codes import NL_CODE
from geodata.compare import change_ranking, ranking, unit_changes
from geodata.errors import UnknownValueError
from geodata.progress import comparability
from geodata.store import Store
from geodata.vocab import HAS_VALUE, Level, Status

from .geo import GeoAssets
from .i18n import fmt_number, t
from .mapdata import align_units, legend_spec, map_payload
from .palette import change_palette, has_value, status_label
from .rankings import make_change_ranking, make_ranking
from .state import Meta
from .svg import sparkline_data, sparkline_svg
from .views import nl_reference


def national_map_payload(store: Store, geo: GeoAssets, level: str, indicator: str, year: int | None, lang: str) -> dict:
    """Map payload of the Netherlands per gemeente, wijk or buurt (2019 polygons), with the 20
    outlines on top."""
    if level not in NATIONAL_LAYERS:
        raise UnknownValueError("kaartniveau", level, list(NATIONAL_LAYERS))
    ind = store.indicator(indicator)
    units = national_map_units(store, ind, year, level)
    return _national_payload(geo, level, units, ind, lang, reference=nl_reference(store, ind, year, lang))


def _national_payload(geo: GeoAssets, level: str, units: pd.DataFrame, ind: Indicator, lang: str, **extra) -> dict:
    """A nationwide map's payload: the layer of ``level``, the 20 outlines, the gemeente names."""
    key = f"nl-{level}"
    return map_payload(
        align_units(units, geo.codes(key)),
        ind,
        lang=lang,
        geojson_url=geo.url(key),
        outline_url=geo.url("outline-all"),
        fit=geo.bounds("nl-gemeente"),
        fitkey="nl",
        outline_width=1.5,
        line_width=0.3 if level != "buurt" else 0,
        labels_url=geo.url("labels-nl"),
        **extra,
    )


def national_change_payload(
    store: Store, geo: GeoAssets, level: str, indicator: str, first: int, last: int, lang: str
) -> dict:
    """Map payload of the change between two years per gemeente, wijk or buurt, on a diverging
    scale centred on no change (blue = better where the indicator has a direction of good). Not
    painted where the national series changed source or version in between (not comparable)."""
    if level not in NATIONAL_LAYERS:
        raise UnknownValueError("kaartniveau", level, list(NATIONAL_LAYERS))
    ind = store.indicator(indicator)
    if not first < last:
        raise UnknownValueError("periode van de verandering", f"{first}-{last}", ["<eerste jaar>-<later jaar>"])
    units = unit_changes(store, ind.id, level=NATIONAL_LAYERS[level], first=first, last=last)
    reason = national_change_reason(store, ind, first, last)
    if reason:
        units = units.assign(value=np.nan, status=Status.MISSING.value)
    payload = _national_payload(geo, level, units, ind, lang)
    has = [x for x in payload["v"] if x is not None]
    m = max(abs(payload["lo"]), abs(payload["hi"])) if has else 1.0
    payload.update(lo=-m, hi=m, palette=change_palette(ind.direction))
    payload["labels"]["value"] = t("hover_change", lang, first=first, last=last)
    payload["token"] += f"|change{first}-{last}"
    payload["legend"] = legend_spec(payload)
    payload["legend"]["ramp_label"] = t("legend_ramp", lang, lo="{lo}", hi="{hi}")
    payload["legend"]["caption"] = t(
        "legend_change_nc" if reason else f"legend_change_{ind.direction}", lang, first=first, last=last
    )
    return payload


def national_change_reason(store: Store, ind: Indicator, first: int, last: int) -> str:
    """Why the change of the national series between two years is not comparable (``""``: it is)."""
    nl = store.series(ind.id, NL_CODE)
    a, b = nl.get(first), nl.get(last)
    if not a or not b:
        return ""
    return comparability(store.catalog, ind.id, (first, a[6]), (last, b[6]))


NATIONAL_LAYERS = {"gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt2019"}


def national_map_units(store: Store, ind: Indicator, year: int | None, level: str) -> pd.DataFrame:
    return store.unit_values(ind.id, level=NATIONAL_LAYERS[level], period=year or 0)


def national_map_status(units: pd.DataFrame, ind: Indicator, year: int | None, level: str, lang: str) -> str:
    n = int(units["status"].isin(HAS_VALUE).sum())
    return t(
        "nat_map_status",
        lang,
        indicator=ind.name(lang),
        year=year,
        level=t(f"nat_level_{level}", lang).lower(),
        n=n,
        m=len(units) - n,
    )


def national_change_status(store: Store, ind: Indicator, span: tuple[int, int] | None, level: str, lang: str) -> str:
    if span is None:
        return t("nat_change_none", lang, indicator=ind.name(lang))
    first, last = span
    units = unit_changes(store, ind.id, level=NATIONAL_LAYERS[level], first=first, last=last)
    n = 0 if national_change_reason(store, ind, first, last) else int(has_value(units).sum())
    return t(
        "nat_change_status",
        lang,
        indicator=ind.name(lang),
        first=first,
        last=last,
        level=t(f"nat_level_{level}", lang).lower(),
        n=n,
        m=len(units) - n,
    )


def national_panels(store: Store, ind: Indicator, year: int | None, lang: str):
    """Ranking figure, sparklines and table rows for the nationwide page."""
    rank = ranking(store, ind.id, year or 0)
    labels = {
        Level.FOCUS_AREA: t("role_focus_area", lang),
        Level.GEMEENTE: t("role_gemeente", lang),
        Level.NL: t("role_nl", lang),
    }
    rank_fig = make_ranking(rank, ind, lang=lang, labels=labels)
    v = store.indicator_values(ind.id)
    series = v[v["level"] == Level.FOCUS_AREA].rename(columns={"area_code": "focus_area"})
    series = series.assign(focus_area=series["focus_area"].astype(str), status=series["status"].astype(str))
    nl = v[(v["level"] == Level.NL) & v["status"].isin(HAS_VALUE)].sort_values("period")
    names = {fa.id: fa.name for fa in store.focus_areas}
    points, ref, x_range, y_range = sparkline_data(series, names, nl)
    sparks = []
    for fid, name in names.items():
        pts = points[fid]
        if pts:
            alt = f"{name}: " + ", ".join(f"{p} {fmt_number(v, ind.decimals, lang)}" for p, v in pts)
        else:
            alt = f"{name}: {t('no_value', lang)}"
        sparks.append(
            (
                name,
                sparkline_svg(pts, x_range=x_range, y_range=y_range, reference=ref),
                alt,
                f"{pts[0][0]}–{pts[-1][0]}" if pts else "–",
            )
        )
    rows = [
        [
            r.name,
            fmt_number(r.value, ind.decimals, lang),
            status_label(r.status, lang),
            r.gemeente_name,
            fmt_number(r.gemeente_value, ind.decimals, lang),
            fmt_number(r.nl_value, ind.decimals, lang),
        ]
        for r in rank.sort_values("name").itertuples()
    ]
    header = [
        t("role_focus_area", lang),
        t("table_value", lang),
        t("table_status", lang),
        t("role_gemeente", lang),
        t("table_value", lang),
        t("role_nl", lang),
    ]
    return rank_fig, sparks, header, rows


def national_change_panels(store: Store, ind: Indicator, first: int, last: int, lang: str):
    """The change view of the nationwide page: the ranking by change (figure) and its table."""
    rank = change_ranking(store, ind.id, first, last)
    labels = {
        Level.FOCUS_AREA: t("role_focus_area", lang),
        Level.GEMEENTE: t("role_gemeente", lang),
        Level.NL: t("role_nl", lang),
    }
    fig = make_change_ranking(rank, ind, first=first, last=last, lang=lang, labels=labels)
    header = [
        t("role_focus_area", lang),
        str(first),
        str(last),
        t("xl_change", lang),
        t("role_gemeente", lang),
        t("role_nl", lang),
    ]

    def change_text(row) -> str:
        if row.reason == "missing":
            return t("no_value", lang)
        if row.reason:
            return t(f"vg_not_comparable_{row.reason}", lang)
        return fmt_number(row.change, ind.decimals, lang)

    rows = [
        [
            r.name,
            fmt_number(r.first_value, ind.decimals, lang),
            fmt_number(r.last_value, ind.decimals, lang),
            change_text(r),
            f"{r.gemeente_name} {fmt_number(r.gemeente_change, ind.decimals, lang)}",
            fmt_number(r.nl_change, ind.decimals, lang),
        ]
        for r in rank.itertuples()
    ]
    return fig, header, rows, rank


def change_years(
    meta: Meta, indicator: str, first: object, last: int | None, baseline_year: int
) -> tuple[int, int] | None:
    """The two years of the change view: ``last`` (the year control) and ``first`` when it is an
    earlier year of the indicator; else the 0-meting (the first year from ``baseline_year`` on)
    or, when that is not earlier than ``last``, the indicator's first year. None: fewer than two years.

    >>> m = Meta(("A",), {"4": ("x",)}, {"x": (2014, 2018, 2020)})
    >>> change_years(m, "x", "2018", 2020, 2022), change_years(m, "x", None, 2020, 2016), change_years(m, "x", "", 2020, 2022)
    ((2018, 2020), (2018, 2020), (2014, 2020))
    """
    years = sorted(meta.periods.get(indicator, ()))
    if len(years) < 2:
        return None
    last = last if last in years else years[-1]
    try:
        wanted = int(first)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        wanted = None
    if wanted in years and wanted < last:
        return wanted, last
    later = [y for y in years if baseline_year <= y < last]
    earlier = [y for y in years if y < last]
    if not earlier:
        return None
    return (later[0] if later else earlier[0]), last

"""The voortgang matrix as an HTML table: 20 focus areas × kernindicatoren, one view at a time
(the progress since the 0-meting, the coverage, or what changed since the previous report)."""

from __future__ import annotations

import math

import pandas as pd
from dash import html

from geodata.catalog import Catalog, Indicator
from geodata.store import Store

from .cards import judge
from .i18n import fmt_number, t

VIEWS = ("matrix", "dekking", "wijzigingen")
FILTERS = ("alle", "verbeterd", "verslechterd", "metcijfer")


def _num(x: object) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def change_words(cell: pd.Series, ind: Indicator, lang: str) -> tuple[str, str]:
    """(text, css class) of a cell's change since the 0-meting, or why there is none."""
    if _num(cell["latest_value"]) is None:
        return "–", "vg-none"
    if cell["reason"]:
        return t(f"vg_not_comparable_{cell['reason']}", lang), "vg-nc"
    change = _num(cell["change"])
    if change is None:
        return t("vg_single_year", lang), "vg-none"
    verdict = judge(change, ind.direction)
    arrow = "=" if verdict == "equal" else ("▲" if change > 0 else "▼")
    unit = t("unit_points", lang) if "%" in ind.unit_nl else ""
    text = f"{arrow} {fmt_number(abs(change), ind.decimals, lang)}{(' ' + unit) if unit else ''}"
    if verdict in ("better", "worse"):
        text += f" ({t(verdict, lang)})"
    return text, f"vg-{verdict}"


def progress_cell(cell: pd.Series, ind: Indicator, lang: str) -> list:
    latest = _num(cell["latest_value"])
    if latest is None:
        return [html.Span(t("no_value", lang), className="vg-empty")]
    text, _ = change_words(cell, ind, lang)
    flag = "" if cell["vintage_known"] else " °"  # no publication date on record (explained under the table)
    parts = [
        html.Span(
            [fmt_number(latest, ind.decimals, lang), html.Small(f" {int(cell['latest_period'])}{flag}")],
            className="vg-latest",
        ),
        html.Span(text, className="vg-change"),
        html.Span(
            f"{t('baseline', lang)} {int(cell['baseline_period'])}: "
            f"{fmt_number(cell['baseline_value'], ind.decimals, lang)}",
            className="vg-base",
        ),
    ]
    bench = [
        f"{t(label, lang)} {fmt_number(cell[key], ind.decimals, lang)}"
        for key, label in (("rest", "vg_rest"), ("nl", "role_nl"))
        if _num(cell[key]) is not None
    ]
    if bench:
        parts.append(html.Span(" · ".join(bench), className="vg-bench"))
    return parts


def coverage_cell(cell: pd.Series, lang: str) -> tuple[list, str]:
    if cell["origin"] == "none":
        return [t("no_value", lang)], "vg-none"
    years = f"{int(cell['first'])}–{int(cell['last'])}" if cell["n_years"] > 1 else str(int(cell["first"]))
    return [
        html.Span(t(f"vg_origin_{cell['origin']}", lang), className="vg-latest"),
        html.Span(f"{years} ({t('vg_years', lang, n=int(cell['n_years']))})", className="vg-base"),
    ], f"vg-origin-{cell['origin']}"


def change_cell(cell: pd.Series, ind: Indicator, lang: str) -> tuple[list, str]:
    what = cell["what"]
    parts = [html.Span(t(f"vg_what_{what}", lang), className="vg-latest")]
    if what in ("new", "newer", "revised") and _num(cell["latest_value"]) is not None:
        parts.append(
            html.Span(
                f"{int(cell['latest_period'])}: {fmt_number(cell['latest_value'], ind.decimals, lang)}",
                className="vg-base",
            )
        )
    if what == "revised":
        parts.append(
            html.Span(
                f"{t('vg_was', lang)} {fmt_number(cell['latest_value_before'], ind.decimals, lang)}",
                className="vg-bench",
            )
        )
    return parts, f"vg-what-{what}"


def order_rows(frame: pd.DataFrame, store: Store, sort: str, filt: str) -> list[str]:
    """The focus areas in table order: by name, or by improvement on the ``sort`` indicator (best
    first, areas without a comparable change last), filtered."""
    names = {fa.id: fa.name for fa in store.focus_areas}
    areas = sorted(names, key=names.get)
    if sort in set(frame["indicator"]) and "improvement" in frame:
        sub = frame[frame["indicator"] == sort].set_index("area")
        score = sub["improvement"].reindex(areas)

        def key(area: str) -> tuple:
            missing = pd.isna(score[area])
            return missing, 0.0 if missing else -float(score[area]), names[area]

        areas = sorted(areas, key=key)
        if filt == "verbeterd":
            areas = [a for a in areas if pd.notna(score[a]) and score[a] > 0]
        elif filt == "verslechterd":
            areas = [a for a in areas if pd.notna(score[a]) and score[a] < 0]
        elif filt == "metcijfer":
            areas = [a for a in areas if pd.notna(sub["latest_value"].get(a))]
    return areas


def columns(frame: pd.DataFrame, indicators: list[str], sort: str, view: str) -> tuple[list[str], list[str]]:
    """The indicator columns to show — the sort column first — and those left out for having no
    figure for any area (named under the table; the coverage view shows every column)."""
    if view == "dekking":
        shown = list(indicators)
    else:
        has = set(frame.loc[frame["latest_value"].notna(), "indicator"]) if "latest_value" in frame else set()
        shown = [i for i in indicators if i in has]
    if sort in shown:
        shown = [sort] + [i for i in shown if i != sort]
    return shown, [i for i in indicators if i not in shown]


def build_matrix(
    frame: pd.DataFrame,
    store: Store,
    catalog: Catalog,
    indicators: list[str],
    *,
    view: str,
    sort: str,
    filt: str,
    lang: str,
) -> html.Table:
    """The table: one row per area (a row header), one column per kernindicator."""
    areas = order_rows(frame, store, sort, filt)
    by_key = {(r["area"], r["indicator"]): r for _, r in frame.iterrows()}
    head = html.Tr(
        [html.Th(t("role_focus_area", lang), scope="col")]
        + [
            html.Th(
                [catalog[i].name(lang), html.Small(catalog[i].unit(lang), className="vg-unit")],
                scope="col",
                className="vg-sorted" if i == sort else None,
            )
            for i in indicators
        ]
    )
    body = []
    for area in areas:
        cells = [html.Th(store.focus_area(area).name, scope="row")]
        for iid in indicators:
            cell = by_key.get((area, iid))
            ind = catalog[iid]
            if cell is None:
                cells.append(html.Td("–"))
            elif view == "dekking":
                parts, cls = coverage_cell(cell, lang)
                cells.append(html.Td(parts, className=f"vg-cell {cls}"))
            elif view == "wijzigingen":
                parts, cls = change_cell(cell, ind, lang)
                cells.append(html.Td(parts, className=f"vg-cell {cls}"))
            else:
                _, cls = change_words(cell, ind, lang)
                cells.append(html.Td(progress_cell(cell, ind, lang), className=f"vg-cell {cls}"))
        body.append(html.Tr(cells))
    caption = t(f"vg_caption_{view}", lang)
    return html.Table([html.Caption(caption), html.Thead(head), html.Tbody(body)], className="vg-table")

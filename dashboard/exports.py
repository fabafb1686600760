"""Exports people open in Dutch Excel: the voortgang report as a workbook (openpyxl), and CSV with
``;``, a decimal comma, a BOM and Dutch words. Everything is built in memory (bytes)."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd

from geodata.catalog import Catalog
from geodata.progress import ReportPeriod
from geodata.store import Store

from .i18n import fmt_pct, method_text, t
from .palette import status_label
from .shell import line_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: the fill of a sheet's header rows
HEADER_COLOUR = "EEF1F6"
#: the columns of one kernindicator in a voortgang sheet: (matrix column, i18n key)
CELL_FIELDS = (
    ("baseline_period", "xl_baseline_year"),
    ("baseline_value", "xl_baseline_value"),
    ("latest_period", "xl_latest_year"),
    ("latest_value", "xl_latest_value"),
    ("change", "xl_change"),
    ("diff_rest", "xl_vs_rest"),
    ("diff_nl", "xl_vs_nl"),
    ("remark", "xl_remark"),
)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A frame as CSV for Dutch Excel: ``;`` separated, decimal comma, UTF-8 with BOM.

    >>> csv_bytes(pd.DataFrame({"a": [1.5], "b": ["x;y"]})).decode("utf-8-sig")
    'a;b\\r\\n1,5;"x;y"\\r\\n'
    """
    return frame.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n").encode("utf-8-sig")


def neutralise(text: object) -> object:
    """A cell that a spreadsheet would read as a formula gets a leading apostrophe.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-0,5"), neutralise(3.0)
    ("'=HYPERLINK(1)", '-0,5', 3.0)
    """
    if (
        isinstance(text, str)
        and text[:1] in ("=", "+", "@", "\t", "\r")
        or (isinstance(text, str) and text[:1] == "-" and not _numeric(text))
    ):
        return "'" + text
    return text


def _numeric(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def rounded(values: pd.Series, decimals: pd.Series) -> pd.Series:
    """Each value rounded to its own indicator's decimals; whole numbers stay integers.

    >>> rounded(pd.Series([1.26, 350.0]), pd.Series([1, 0])).tolist(), rounded(pd.Series([350.4]), pd.Series([0])).tolist()
    ([1.3, 350.0], [350])
    """
    out = values.astype(float).copy()
    for d in decimals.unique():
        rows = decimals == d
        out[rows] = out[rows].round(int(d))
    if len(out) and (decimals <= 0).all():
        return out.round().astype("Int64")
    return out


def _source_title(catalog: Catalog, source: str) -> str:
    """The sources of a value by their titles (a value may combine several: ``a+b``)."""
    parts = [catalog.sources[p].title if p in catalog.sources else p for p in source.split("+") if p]
    return "; ".join(parts)


def export_rows_nl(frame: pd.DataFrame, catalog: Catalog, lang: str = "nl") -> pd.DataFrame:
    """The export rows (``geodata.store.EXPORT_COLUMNS``) in words: names, units, Dutch status
    words, coverage in percent, rounded values, no duplicate rows."""
    frame = frame.drop_duplicates(["area_code", "level", "period", "indicator"])
    decimals = frame["indicator"].map(lambda i: max(catalog[i].decimals, 0) if i in catalog else 2)
    out = pd.DataFrame(
        {
            t("col_code", lang): frame["area_code"].astype(str),
            t("table_area", lang): frame["area_name"].astype(str),
            t("col_level", lang): frame["level"].astype(str).map(lambda lv: t(f"level_{lv}", lang)),
            t("table_year", lang): frame["period"].astype(int),
            t("col_id", lang): frame["indicator"].astype(str),
            t("indicator", lang): frame["indicator"].map(lambda i: catalog[i].name(lang)),
            t("unit", lang): frame["indicator"].map(lambda i: catalog[i].unit(lang)),
            t("table_value", lang): rounded(frame["value"], decimals),
            t("table_status", lang): frame["status"].astype(str).map(lambda s: status_label(s, lang)),
            t("coverage", lang): (frame["coverage"].astype(float) * 100).round(1),
            t("mapping", lang): [
                method_text(str(m), lang, weight_year=None if pd.isna(w) else int(w), unit_methods=str(u or ""))
                for m, w, u in zip(frame["method"], frame["weight_year"], frame["unit_methods"])
            ],
            t("source", lang): frame["source"].astype(str).map(lambda s: _source_title(catalog, s)),
        }
    )
    return out.map(neutralise)


def voortgang_workbook(
    matrix: pd.DataFrame,
    store: Store,
    *,
    period: ReportPeriod,
    baseline: int,
    lang: str,
    created: date,
    lines: tuple[str, ...] = ("2", "3", "4"),
) -> bytes:
    """The report as a workbook: one sheet per action line (a row per focus area), then the
    explanation: definitions, sources with licences and release dates, compositions."""
    from openpyxl import Workbook  # here, not at import: 60 ms of every server start for one download

    wb = Workbook()
    wb.remove(wb.active)
    catalog = store.catalog
    for line in lines:
        inds = [i for i in catalog.for_action_line(line) if i.core]
        if inds:
            _line_sheet(wb.create_sheet(line_label(line, lang).replace("·", "-")[:31]), matrix, store, inds, lang)
    _explanation(
        wb.create_sheet(t("xl_explanation", lang)), store, period=period, baseline=baseline, lang=lang, created=created
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _remark(cell: pd.Series, lang: str) -> str:
    if pd.isna(cell["latest_value"]):
        return t("no_value", lang)
    if cell["reason"]:
        return t(f"vg_not_comparable_{cell['reason']}", lang)
    return "" if cell["vintage_known"] else t("vg_vintage_unknown", lang)


def _line_sheet(ws, matrix: pd.DataFrame, store: Store, inds: list, lang: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append(
        [t("role_focus_area", lang), t("role_gemeente", lang)]
        + [x for ind in inds for x in [f"{ind.name(lang)} ({ind.unit(lang)})"] + [""] * (len(CELL_FIELDS) - 1)]
    )
    ws.append(["", ""] + [t(key, lang) for _ in inds for _, key in CELL_FIELDS])
    for i, _ in enumerate(inds):
        start = 3 + i * len(CELL_FIELDS)
        ws.merge_cells(start_row=1, start_column=start, end_row=1, end_column=start + len(CELL_FIELDS) - 1)
    cells = {(r["area"], r["indicator"]): r for _, r in matrix.iterrows()}
    for fa in sorted(store.focus_areas, key=lambda a: a.name):
        row = [fa.name, store.area_name(fa.gemeente)]
        for ind in inds:
            cell = cells.get((fa.id, ind.id))
            for field, _ in CELL_FIELDS:
                if cell is None:
                    row.append(None)
                elif field == "remark":
                    row.append(_remark(cell, lang))
                else:
                    row.append(_cell_number(cell[field], ind.decimals if "period" not in field else 0))
        ws.append(row)
    bold, fill, wrap = (
        Font(bold=True),
        PatternFill("solid", fgColor=HEADER_COLOUR),
        Alignment(wrap_text=True, vertical="top"),
    )
    for c in ws[1] + ws[2]:
        c.font, c.fill, c.alignment = bold, fill, wrap
    ws.freeze_panes = "C3"
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 30, 18
    for col in range(3, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(col)].width = 12


def _cell_number(value: object, decimals: int) -> float | int | None:
    """A number as a number (never text), rounded; years and counts as integers."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    number = round(float(value), max(decimals, 0))
    return int(number) if decimals <= 0 else number


def _explanation(ws, store: Store, *, period: ReportPeriod, baseline: int, lang: str, created: date) -> None:
    """The sheet that makes the report readable on its own: the period and its cut-off, then the
    definitions, the sources with licences and release dates, and the compositions."""
    from openpyxl.styles import Font

    rows = [
        [t("vg_title", lang)],
        [t("vg_period", lang), period.label, t("xl_cutoff", lang), period.cutoff.isoformat()],
        [t("vg_baseline", lang), baseline],
        [t("xl_created", lang), created.isoformat()],
        [t("vg_note_method", lang)],
        *_definition_rows(store.catalog, lang),
        *_source_rows(store.catalog, lang),
        *_composition_rows(store, lang),
    ]
    for row in rows:
        ws.append([neutralise(x) for x in row])
    bold = Font(bold=True)
    for r in ws.iter_rows():  # the section titles: a row of one text
        if r and isinstance(r[0].value, str) and len([c for c in r if c.value is not None]) == 1:
            r[0].font = bold
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 28, 36
    for col in "CDEFGHI":
        ws.column_dimensions[col].width = 24


def _heads(lang: str, *keys: str) -> list[str]:
    return [t(k, lang) for k in keys]


def _definition_rows(catalog: Catalog, lang: str) -> list[list]:
    rows = [[], [t("xl_definitions", lang)]]
    rows.append(_heads(lang, "col_id", "indicator", "line", "unit", "definition", "aggregation", "source"))
    for ind in catalog:
        if ind.core:
            sources = "; ".join(f"{catalog.sources[r.source].title} ({r.column})" for r in ind.sources if r.source)
            rows.append(
                [
                    ind.id,
                    ind.name(lang),
                    ind.action_line,
                    ind.unit(lang),
                    ind.definition(lang),
                    t(f"rule_{ind.rule}", lang, weight=ind.weight or ""),
                    sources or t("not_available", lang),
                ]
            )
    return rows


def _source_rows(catalog: Catalog, lang: str) -> list[list]:
    heads = _heads(
        lang,
        "col_bron",
        "col_uitgever",
        "col_tabel",
        "col_licentie",
        "col_vermelding",
        "xl_published",
        "xl_published_basis",
    )
    return [[], [t("sources", lang)], heads] + [
        [s.title, s.publisher, s.table, s.licence, s.citation, s.published or t("xl_unknown", lang), s.published_basis]
        for s in catalog.sources_of_kind("table")
    ]


def _composition_rows(store: Store, lang: str) -> list[list]:
    heads = _heads(
        lang,
        "col_id",
        "col_naam",
        "col_gemeente",
        "col_betrouwbaarheid",
        "col_wijken",
        "col_buurten",
        "xl_uncertain",
        "col_bron",
        "col_opmerking",
    )
    return [[], [t("compositions", lang)], heads] + [
        [
            fa.id,
            fa.name,
            store.area_name(fa.gemeente),
            fa.confidence,
            ", ".join(fa.wijken + fa.partial_wijken_whole),
            ", ".join(fa.buurten),
            ", ".join(fa.uncertain),
            fa.source,
            fa.remarks,
        ]
        for fa in store.focus_areas
    ]


def voortgang_csv(matrix: pd.DataFrame, store: Store, lang: str) -> bytes:
    """The matrix in long form (one row per focus area × kernindicator), for Dutch Excel."""
    catalog = store.catalog
    names = {fa.id: fa.name for fa in store.focus_areas}
    frame = pd.DataFrame(
        {
            t("role_focus_area", lang): matrix["area"].map(names),
            t("col_id", lang): matrix["indicator"],
            t("indicator", lang): matrix["indicator"].map(lambda i: catalog[i].name(lang)),
            t("unit", lang): matrix["indicator"].map(lambda i: catalog[i].unit(lang)),
        }
    )
    decimals = matrix["indicator"].map(lambda i: max(catalog[i].decimals, 0))
    for field, key in CELL_FIELDS:
        if field == "remark":
            frame[t(key, lang)] = [_remark(r, lang) for _, r in matrix.iterrows()]
        elif "period" in field:
            frame[t(key, lang)] = matrix[field].astype("Int64")
        else:
            frame[t(key, lang)] = rounded(matrix[field], decimals)
    frame[t("table_status", lang)] = matrix["status"].map(lambda s: status_label(str(s), lang))
    frame[t("coverage", lang)] = matrix["origin"].map(lambda o: t(f"vg_origin_{o}", lang) if o != "none" else "–")
    return csv_bytes(frame.map(neutralise))


__all__ = ["csv_bytes", "export_rows_nl", "neutralise", "voortgang_csv", "voortgang_workbook", "fmt_pct"]

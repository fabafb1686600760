"""The delivery template, prefilled for an organisation: one row per deliverable kernindicator ×
own focus area (value empty), XLSX (a sheet ``Aanlevering`` and a sheet ``Toelichting``) or CSV."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd

from ..catalog import Catalog
from ..focus import FocusArea
from .layout import COLUMNS, SHEET


def template_rows(catalog: Catalog, focus_areas: list[FocusArea], gemeente: str | None, year: int) -> pd.DataFrame:
    """Rows of the template: every deliverable kernindicator for every focus area of ``gemeente``
    (all focus areas when None), for ``year``, value left empty.

    >>> from geodata.catalog import load_catalog
    >>> from geodata.focus import load_focus_areas
    >>> t = template_rows(load_catalog(), load_focus_areas(), "GM0518", 2025)
    >>> sorted(set(t["area_code"])), list(t.columns)[:4]
    (['DH_ZW'], ['indicator', 'area_code', 'period', 'value'])
    """
    areas = [fa for fa in focus_areas if gemeente is None or fa.gemeente == gemeente]
    rows = [
        {"indicator": ind.id, "area_code": fa.id, "period": str(year), "status": "", "source": "", "remark": ""}
        for ind in catalog.deliverable()
        for fa in areas
    ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame


def explanation(catalog: Catalog) -> pd.DataFrame:
    """The ``Toelichting`` sheet: what each column and each indicator means."""
    rows = [
        ("indicator", "verplicht", "id van de kernindicator (zie hieronder)"),
        ("area_code", "verplicht", "focusgebied-id (bijv. DH_ZW) of CBS-code GM/WK/BU van de indeling 2024"),
        ("period", "verplicht", "jaar (2025) of halfjaar (2025-H1)"),
        (
            "value",
            "verplicht bij status ok",
            "getal; decimaal met komma of punt (één soort per bestand); percentages 0–100",
        ),
        ("numerator", "bij percentages per buurt/wijk", "teller (aantal personen/woningen met het kenmerk)"),
        ("denominator", "bij percentages per buurt/wijk", "noemer (de hele groep)"),
        ("status", "optioneel", "ok (standaard), geheim of ontbreekt"),
        ("source", "optioneel", "eigen bron (registratie, maatwerktabel)"),
        ("remark", "optioneel", "toelichting"),
        ("", "", ""),
    ]
    for ind in catalog.deliverable():
        how = "aantal (opgeteld)" if ind.delivery_rule == "sum" else f"teller/noemer × {ind.delivery_scale:g}"
        rows.append((ind.id, f"{ind.name_nl} ({ind.unit_nl})", f"{how}. {ind.definition_nl}"))
    return pd.DataFrame(rows, columns=["kolom of indicator", "betekenis", "toelichting"])


def template_xlsx(
    catalog: Catalog, focus_areas: list[FocusArea], gemeente: str | None, *, year: int | None = None
) -> bytes:
    from openpyxl import Workbook

    year = year or date.today().year - 1
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    frame = template_rows(catalog, focus_areas, gemeente, year)
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([None if v == "" or (isinstance(v, float) and pd.isna(v)) else v for v in row])
    for col, width in zip("ABCDEFGHI", (30, 14, 10, 10, 12, 12, 10, 24, 30)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    info = wb.create_sheet("Toelichting")
    for row in explanation(catalog).itertuples(index=False):
        info.append(list(row))
    info.column_dimensions["A"].width = 32
    info.column_dimensions["B"].width = 50
    info.column_dimensions["C"].width = 90
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_csv(
    catalog: Catalog, focus_areas: list[FocusArea], gemeente: str | None, *, year: int | None = None
) -> bytes:
    """CSV with ``;`` and a UTF-8 BOM (what Dutch Excel opens correctly)."""
    frame = template_rows(catalog, focus_areas, gemeente, year or date.today().year - 1)
    return ("\ufeff" + frame.to_csv(sep=";", index=False)).encode("utf-8")

"""Hostile and broken delivery files: each is answered with a clear Dutch message naming the problem
(row and column where there is one) and the fix, and nothing is stored."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from geodata.deliveries.db import Delivery, DeliveryRow
from geodata.deliveries.service import deliver
from geodata.deliveries.validate import check_file, read_table

from .conftest import TODAY, with_accounts

HEADER = ["indicator", "area_code", "period", "value", "numerator", "denominator", "status", "source", "remark"]


def csv(*lines: str, sep: str = ";", encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").replace(";", sep).encode(encoding)


def xlsx(rows: list[list], *, sheet: str = "Aanlevering", header: list | None = HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if header:
        ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def with_member(xlsx_bytes: bytes, name: str, data: bytes) -> bytes:
    """The workbook with member ``name`` added or replaced by ``data``."""
    src = zipfile.ZipFile(io.BytesIO(xlsx_bytes))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != name:
                z.writestr(info, src.read(info.filename))
        z.writestr(name, data)
    return buf.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><worksheet '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    b'<c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>'
)


GOOD = "dwellings_new_build;TST;2025;120"
H = "indicator;area_code;period;value"


def _cases():
    yield from _file_cases()
    yield from _encoding_cases()
    yield from _column_cases()
    yield from _row_cases()
    yield from _value_cases()


def _file_cases():
    """Empty, too large, zip bombs, formulas, macros, the wrong kind of file."""
    yield "empty", b"", "x.csv", "het bestand is leeg"
    yield "blank lines only", b"\n  \n\r\n", "x.csv", "het bestand is leeg"
    yield "headers only (csv)", csv(H), "x.csv", "alleen een kopregel"
    yield "headers only (xlsx)", xlsx([]), "x.xlsx", "alleen een kopregel"
    yield (
        "template untouched",
        csv(H, "dwellings_new_build;TST;2025;", "energy_label_efg_pct;TST;2025;"),
        "x.csv",
        "geen enkele rij is ingevuld",
    )
    yield (
        "50 MB",
        b"indicator;area_code;period;value\n" + b"dwellings_new_build;TST;2025;1\n" * 1_700_000,
        "big.csv",
        "de grens is 5 MB",
    )
    bomb = zip_of({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (100 * 1024 * 1024)})
    yield "zip bomb disguised as xlsx (100 MB inside)", bomb, "cijfers.xlsx", "zip-bom"
    dense = zip_of({"[Content_Types].xml": b"<Types/>", "xl/sharedStrings.xml": b"a" * (20 * 1024 * 1024)})
    yield "zip bomb by ratio", dense, "cijfers.xlsx", "zip-bom"
    yield "plain zip", zip_of({"data.csv": csv(H, GOOD)}), "data.zip", "zip-bestand"
    yield "zip named xlsx, not a workbook", zip_of({"data.csv": csv(H, GOOD)}), "data.xlsx", "geen Excel-werkmap"
    yield (
        "=HYPERLINK in xlsx",
        xlsx([["dwellings_new_build", "TST", "2025", '=HYPERLINK("http://evil.example","klik")']]),
        "x.xlsx",
        "formules",
    )
    yield (
        "=SUM in xlsx",
        xlsx([["dwellings_new_build", "TST", "2025", "=SUM(1,2)"]]),
        "x.xlsx",
        "formules worden nooit uitgerekend",
    )
    yield (
        "=HYPERLINK in csv",
        csv(H + ";remark", GOOD + ';=HYPERLINK("http://evil.example")'),
        "x.csv",
        "rij 2, kolom remark",
    )
    yield "+cmd in csv", csv(H + ";source", GOOD + ";+cmd|' /C calc'!A0"), "x.csv", "formule"
    yield "@SUM in csv", csv(H + ";source", GOOD + ";@SUM(A1)"), "x.csv", "formule"
    yield (
        "wrong sheet",
        xlsx([["dwellings_new_build", "TST", "2025", 1]], sheet="Blad1"),
        "x.xlsx",
        "tabblad 'Aanlevering' ontbreekt",
    )
    yield "old xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "x.xls", "oud Excel-bestand"
    yield "csv named xlsx", csv(H, GOOD), "x.xlsx", "geen Excel-werkmap"
    yield (
        "macros",
        with_member(xlsx([["dwellings_new_build", "TST", "2025", 1]]), "xl/vbaProject.bin", b"VBA"),
        "x.xlsm",
        "macro",
    )


def _encoding_cases():
    """What is not text, or not text in one encoding and one decimal sign."""
    yield "UTF-16 without BOM", (H + "\n" + GOOD + "\n").encode("utf-16-le"), "x.csv", "geen tekstbestand"
    yield "binary (PNG)", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"\0" * 64, "x.csv", "geen tekstbestand"
    yield (
        "broken UTF-8 after BOM",
        b"\xef\xbb\xbf" + csv(H + ";remark", GOOD) + b";\xff\xfe\n",
        "x.csv",
        "ongeldige tekens",
    )
    yield "undecodable bytes", csv(H, GOOD).replace(b"120", b"12\x81\x8d"), "x.csv", "tekencodering"
    yield (
        "mixed decimal commas",
        csv(H, "energy_label_efg_pct;TST;2025;12,5", "energy_label_efg_pct;TST;2024;13.5"),
        "x.csv",
        "gemengd decimaalteken",
    )


def _column_cases():
    """Unknown or missing columns and indicators, and duplicates."""
    yield (
        "unknown indicator",
        csv(H, "energielabels;TST;2025;12"),
        "x.csv",
        "rij 2, kolom indicator: onbekende indicator 'energielabels'",
    )
    yield "open-data indicator", csv(H, "population;TST;2025;12"), "x.csv", "onbekende indicator 'population'"
    yield "unknown column", csv(H + ";kleur", GOOD + ";rood"), "x.csv", "onbekende kolom 'kleur'"
    yield (
        "missing column",
        csv("indicator;area_code;period", "dwellings_new_build;TST;2025"),
        "x.csv",
        "verplichte kolom 'value' ontbreekt",
    )
    yield "duplicate column", csv(H + ";value", GOOD + ";3"), "x.csv", "staat er twee keer in"
    yield "duplicate row", csv(H, GOOD, GOOD), "x.csv", "rij 3, kolom area_code: dubbele rij"


def _row_cases():
    """Rows that name unknown codes, another gemeente's areas or impossible periods."""
    yield (
        "unknown code",
        csv(H, "dwellings_new_build;BU00019999;2025;1"),
        "x.csv",
        "'BU00019999' is geen bekend code in de CBS-indeling 2024",
    )
    yield "unknown focus area", csv(H, "dwellings_new_build;XX_YY;2025;1"), "x.csv", "geen bekend focusgebied"
    yield (
        "another gemeente's area",
        csv(H, "dwellings_new_build;OTH;2025;1"),
        "x.csv",
        "ligt niet in uw gemeente (GM0001)",
    )
    yield (
        "another gemeente's buurt",
        csv(H, "dwellings_new_build;BU00020101;2025;1"),
        "x.csv",
        "ligt niet in uw gemeente",
    )
    yield (
        "bad period",
        csv(H, "dwellings_new_build;TST;2025-Q1;1"),
        "x.csv",
        "rij 2, kolom period: '2025-Q1' is geen periode",
    )
    yield "future period", csv(H, "dwellings_new_build;TST;2026-H2;1"), "x.csv", "ligt in de toekomst"
    yield "period too early", csv(H, "dwellings_new_build;TST;2009;1"), "x.csv", "ligt voor 2015"


def _value_cases():
    """Values a kernindicator cannot have: out of range, negative, text, the wrong status."""
    yield "percentage above 100", csv(H, "energy_label_efg_pct;TST;2025;125"), "x.csv", "125 ligt niet tussen 0 en 100"
    yield (
        "numerator above denominator",
        csv(H + ";numerator;denominator", "energy_label_efg_pct;TST;2025;;30;20"),
        "x.csv",
        "rij 2, kolom numerator: teller 30 is groter dan noemer 20",
    )
    yield "negative count", csv(H, "dwellings_new_build;TST;2025;-5"), "x.csv", "-5 is negatief"
    yield "text as value", csv(H, "dwellings_new_build;TST;2025;veel"), "x.csv", "'veel' is geen getal"
    yield "unknown status", csv(H + ";status", GOOD + ";onbekend"), "x.csv", "status 'onbekend' is onbekend"
    yield (
        "date as value (xlsx)",
        xlsx([["dwellings_new_build", "TST", "2025", datetime(2025, 1, 1)]]),
        "x.xlsx",
        "geen getal",
    )
    yield (
        "buurt percentage without numerator",
        csv(H, "energy_label_efg_pct;BU00010101;2025;12"),
        "x.csv",
        "teller en noemer nodig",
    )
    yield "text too long", csv(H + ";remark", GOOD + ";" + "x" * 600), "x.csv", "600 tekens lang"
    yield "broken quoting", csv(H + ";remark", GOOD + ';"niet afgesloten'), "x.csv", "aanhalingstekens"
    yield "no separator", b"hallo wereld\n", "x.csv", "geen scheidingsteken"
    yield (
        "year and its half",
        csv(H, "dwellings_new_build;TST;2025;1", "dwellings_new_build;TST;2025-H1;1"),
        "x.csv",
        "staan beide in het bestand",
    )
    yield "fractional count", csv(H, "dwellings_new_build;TST;2025;1,5"), "x.csv", "geen geheel getal"
    yield (
        "secret with a value",
        csv(H + ";status", GOOD + ";geheim"),
        "x.csv",
        "status is 'geheim' maar er staat een waarde",
    )
    yield (
        "value off its numerator/denominator",
        csv(H + ";numerator;denominator", "energy_label_efg_pct;TST;2025;80;10;20"),
        "x.csv",
        "past niet bij teller/noemer",
    )


CASES = list(_cases())


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """One database with accounts for all the cases: every case must leave it empty."""
    from geodata.deliveries.db import open_database

    database = with_accounts(open_database(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'zof.sqlite'}"))
    yield database
    database.dispose()


def test_at_least_thirty_hostile_files():
    assert len(CASES) >= 30


@pytest.mark.parametrize("data, filename, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_file_is_refused_with_a_clear_message_and_nothing_is_stored(
    hostile_db, store, data, filename, expected
):
    outcome = deliver(
        hostile_db, store, organisation="GM0001", data=data, filename=filename, channel="cli", today=TODAY
    )
    assert not outcome.ok
    text = "\n".join(outcome.report.lines())
    assert expected in text, text
    assert outcome.delivery_id is None and outcome.report.frame.empty
    with hostile_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Delivery)) == 0
        assert s.scalar(select(func.count()).select_from(DeliveryRow)) == 0
    assert hostile_db.revision() == 0


def test_every_problem_of_a_file_is_listed_by_row_and_column(ctx):
    data = csv(
        H, GOOD, "energielabels;TST;2025;1", "dwellings_new_build;OTH;2025;1", "energy_label_efg_pct;TST;2025;150"
    )
    report = check_file(data, "x.csv", ctx)
    where = [(p.row, p.column) for p in report.problems]
    assert where == [(3, "indicator"), (4, "area_code"), (5, "value")]


@pytest.mark.parametrize(
    "data",
    [
        csv(H, "energy_label_efg_pct;TST;2025;12,5"),  # decimal comma, UTF-8
        b"\xef\xbb\xbf" + csv(H, "energy_label_efg_pct;TST;2025;12,5"),  # UTF-8 with BOM (Excel "CSV UTF-8")
        csv(H + ";remark", "energy_label_efg_pct;TST;2025;12,5;geteld in maart, één keer", encoding="cp1252"),
        ("\ufeff" + (H + "\nenergy_label_efg_pct;TST;2025;12,5\n").replace(";", "\t")).encode(
            "utf-16"
        ),  # Excel Unicode text
        csv(H, "energy_label_efg_pct;TST;2025;12.5", sep=","),
        csv(H + ";numerator;denominator", "energy_label_efg_pct;TST;2025;;25;200"),  # value from numerator/denominator
    ],
    ids=["decimal-comma", "utf8-bom", "cp1252", "utf16-bom-tabs", "comma-separated", "from-numerator"],
)
def test_ordinary_excel_exports_are_read(ctx, data):
    report = check_file(data, "x.csv", ctx)
    assert report.ok, report.lines()
    assert report.frame["value"].tolist() == [12.5]


def test_xlsx_numbers_and_text_cells_are_read(ctx):
    report = check_file(
        xlsx([["dwellings_new_build", "TST", 2025, 120], ["dwellings_new_build", "BU00010101", "2024", "7"]]),
        "x.xlsx",
        ctx,
    )
    assert report.ok, report.lines()
    assert report.frame[["area_code", "period", "value"]].values.tolist() == [
        ["TST", "2025", 120.0],
        ["BU00010101", "2024", 7.0],
    ]


def test_the_template_reads_back_and_only_filled_rows_count(store, ctx):
    from geodata.deliveries.template import template_xlsx

    header, rows = read_table(template_xlsx(store.catalog, store.focus_areas, "GM0001", year=2025), "t.xlsx")
    assert header == HEADER and {r[1] for r in rows} == {"TST"}
    assert len(rows) == len(store.catalog.deliverable())
    rows[0][3] = 10 if store.catalog[rows[0][0]].delivery_rule == "sum" else 12.5
    report = __import__("geodata.deliveries.validate", fromlist=["check_rows"]).check_rows(header, rows, ctx)
    assert report.ok, report.lines()
    assert len(report.frame) == 1 and report.n_skipped == len(rows) - 1

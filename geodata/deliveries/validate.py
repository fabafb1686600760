"""Reading a delivered file safely and checking every row: a report in Dutch by row and column.

The file is never trusted: its size is bounded before anything is read; an XLSX is a zip whose
members' uncompressed sizes are checked *before* it is opened (zip bombs), macros (``vbaProject``)
are refused, and it is read with openpyxl in read-only mode, where a formula is only text — a
cell holding a formula is refused, never evaluated. A CSV is decoded as UTF-8 (with or without
BOM), UTF-16 with BOM, or Windows-1252 (Excel's Dutch default); ``;``, ``,`` and tab separators
and the decimal comma are understood, a file mixing decimal comma and decimal point is refused.

The rows are then checked with a pandera schema (types, known indicator ids, code and period
patterns, status words) and with the checks that need the store (codes that exist in the 2024
division, the organisation's own areas, periods in range, percentages in 0–100, numerator ≤
denominator, duplicates). Any problem makes the whole file rejected.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..catalog import Catalog
from ..codes import gemeente_of

#: limits on what is read at all
MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 40 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 200
MAX_ROWS = 20_000
MAX_TEXT = 500
SHEET = "Aanlevering"
REQUIRED = ("indicator", "area_code", "period", "value")
OPTIONAL = ("numerator", "denominator", "status", "source", "remark")
COLUMNS = REQUIRED + OPTIONAL
NUMERIC = ("value", "numerator", "denominator")
STATUSES = ("ok", "geheim", "ontbreekt")
#: the first year a delivery may be for (the programme's 0-meting lies in 2022; older context is fine)
FIRST_YEAR = 2015
PERIOD = re.compile(r"^(\d{4})(?:-H([12]))?$")
CBS_CODE = re.compile(r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")
#: a CBS code, or a focus-area id (DH_ZW)
AREA = re.compile(r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4}|[A-Z][A-Z0-9_]{1,15})$")
FORMULA_START = ("=", "+", "@", "\t=", "\r=")
#: magic numbers of the file types we know
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Problem:
    """One finding: the spreadsheet row (1 = the header row; None = the whole file), the column and
    the message (what is wrong and how to fix it)."""

    row: int | None
    column: str | None
    message: str

    def text(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column:
            where.append(f"kolom {self.column}")
        return (", ".join(where) + ": " if where else "") + self.message


class FileRejected(Exception):
    """The file cannot be read at all (size, type, encoding, structure)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(None, None, message)


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


@dataclass
class Report:
    """The outcome of a check: the clean rows (``frame``; empty when any problem was found) and
    every problem found."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    n_rows: int = 0
    #: template rows left empty (no value, numerator, denominator or status): skipped
    n_skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        return [p.text() for p in self.problems]


# ----------------------------------------------------------------------------- reading


def read_table(data: bytes, filename: str) -> tuple[list[str], list[list[object]]]:
    """The header and the data rows of a delivered file (XLSX or CSV), as raw cells; raise
    :class:`FileRejected` with a Dutch message when it cannot be read safely."""
    if not data:
        raise FileRejected("het bestand is leeg; vul het sjabloon in en lever het opnieuw aan")
    if len(data) > MAX_BYTES:
        raise FileRejected(
            f"het bestand is {len(data) / 1e6:.1f} MB; de grens is {MAX_BYTES // (1024 * 1024)} MB — "
            "lever minder rijen per bestand aan"
        )
    name = (filename or "").lower()
    if data.startswith(OLE_MAGIC):
        raise FileRejected(
            "dit is een oud Excel-bestand (.xls) of een ander Office-formaat; sla het op als .xlsx of CSV"
        )
    if data.startswith(ZIP_MAGIC):
        if not name.endswith((".xlsx", ".xlsm")):
            raise FileRejected("dit is een zip-bestand; lever een .xlsx- of CSV-bestand aan (geen zip)")
        return _read_xlsx(data)
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        raise FileRejected(
            "de naam eindigt op .xlsx, maar de inhoud is geen Excel-werkmap; sla het bestand opnieuw op als .xlsx"
        )
    return _read_csv(data)


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileRejected("de Excel-werkmap is beschadigd (geen geldig zip-archief); sla haar opnieuw op") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise FileRejected(f"de werkmap bevat {len(infos)} onderdelen; dat is geen gewone Excel-werkmap")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise FileRejected(
                f"de werkmap pakt uit tot {total / 1e6:.0f} MB (grens {MAX_UNCOMPRESSED // (1024 * 1024)} MB); "
                "dit lijkt een zip-bom — lever het ingevulde sjabloon aan"
            )
        for info in infos:
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1_000_000:
                raise FileRejected(
                    f"onderdeel {info.filename!r} van de werkmap is {info.file_size / info.compress_size:.0f}× "
                    "gecomprimeerd; dit lijkt een zip-bom — lever het ingevulde sjabloon aan"
                )
            if "vbaproject" in info.filename.lower():
                raise FileRejected("de werkmap bevat macro's (VBA); sla haar op als .xlsx zonder macro's")
        if "[Content_Types].xml" not in {i.filename for i in infos}:
            raise FileRejected("dit zip-bestand is geen Excel-werkmap; lever een .xlsx- of CSV-bestand aan")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as fh:
                    head = fh.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise FileRejected(
                        f"onderdeel {info.filename!r} van de werkmap bevat een DTD of XML-entiteiten (mogelijk een "
                        "XML-bom); Excel schrijft die nooit — sla de werkmap opnieuw op als .xlsx"
                    )


def _read_xlsx(data: bytes) -> tuple[list[str], list[list[object]]]:
    _check_zip(data)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # read-only: cells stream, formulas stay text (data_only=False so a formula is seen and refused)
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as err:  # openpyxl raises many kinds for broken files
        raise FileRejected(
            f"de Excel-werkmap kan niet gelezen worden ({type(err).__name__}); sla haar opnieuw op als .xlsx"
        ) from None
    try:
        if SHEET not in wb.sheetnames:
            raise FileRejected(
                f"het tabblad {SHEET!r} ontbreekt (gevonden: {', '.join(repr(s) for s in wb.sheetnames)}); "
                "gebruik het sjabloon en vul het tabblad 'Aanlevering' in"
            )
        ws = wb[SHEET]
        rows, formulas = _sheet_cells(ws)
        if formulas:
            raise FileRejected(
                f"de werkmap bevat formules ({'; '.join(formulas[:5])}{' …' if len(formulas) > 5 else ''}); "
                "formules worden nooit uitgerekend — plak de cellen als waarden (Plakken speciaal → Waarden)"
            )
    finally:
        wb.close()
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        raise FileRejected(f"het tabblad {SHEET!r} is leeg; vul het sjabloon in")
    header = ["" if v is None else str(v) for v in rows[0]]
    return header, [list(r) for r in rows[1:]]


def _sheet_cells(ws) -> tuple[list[list[object]], list[str]]:
    """Every cell of a read-only sheet, and where formulas are (never evaluated)."""
    rows: list[list[object]] = []
    formulas: list[str] = []
    try:
        for r, row in enumerate(ws.iter_rows(), start=1):
            if r > MAX_ROWS + 1:
                raise FileRejected(f"meer dan {MAX_ROWS} rijen; verdeel de aanlevering over meer bestanden")
            cells = []
            for c, cell in enumerate(row, start=1):
                if getattr(cell, "data_type", None) == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith("=")
                ):
                    formulas.append(f"rij {r}, kolom {c}")
                cells.append(cell.value)
            rows.append(cells)
    except FileRejected:
        raise
    except Exception as err:  # a broken sheet: openpyxl raises many kinds
        raise FileRejected(
            f"het tabblad {SHEET!r} kan niet gelezen worden ({type(err).__name__}); sla de werkmap opnieuw op als .xlsx"
        ) from None
    return rows, formulas


def decode_text(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252.

    >>> decode_text("café".encode("cp1252")), decode_text(b"\\xef\\xbb\\xbfa;b")
    ('café', 'a;b')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileRejected(
                "het bestand begint als UTF-16 maar is geen geldige UTF-16-tekst; sla het op als CSV UTF-8"
            ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise FileRejected(
                "het bestand begint als UTF-8 maar bevat ongeldige tekens; sla het op als 'CSV UTF-8'"
            ) from None
    if b"\x00" in data:
        raise FileRejected("dit is geen tekstbestand (het bevat nul-bytes); lever een .xlsx- of CSV-bestand aan")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if "\ufffd" in text:
            raise FileRejected(
                "de tekencodering van het bestand is onbekend (geen UTF-8 of Windows-1252); sla het op als 'CSV UTF-8'"
            ) from None
        return text


def _read_csv(data: bytes) -> tuple[list[str], list[list[object]]]:
    text = decode_text(data).lstrip("\ufeff")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise FileRejected("het bestand is leeg; vul het sjabloon in en lever het opnieuw aan")
    first = lines[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        raise FileRejected(
            "de eerste regel heeft geen scheidingsteken (; of ,); begin met de kopregel "
            "indicator;area_code;period;value uit het sjabloon"
        )
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
    except csv.Error as err:
        raise FileRejected(f"het CSV-bestand is niet goed opgebouwd ({err}); controleer de aanhalingstekens") from None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) > MAX_ROWS + 1:
        raise FileRejected(f"meer dan {MAX_ROWS} rijen; verdeel de aanlevering over meer bestanden")
    return rows[0], [list(r) for r in rows[1:]]


# ----------------------------------------------------------------------------- cells


def _header(header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    problems: list[Problem] = []
    index: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = str(raw or "").strip().lower().lstrip("\ufeff")
        if not name:
            continue
        if name not in COLUMNS:
            problems.append(
                Problem(
                    1, str(raw), f"onbekende kolom {raw!r}; toegestaan zijn {', '.join(COLUMNS)} (zie het sjabloon)"
                )
            )
        elif name in index:
            problems.append(Problem(1, name, f"kolom {name!r} staat er twee keer in; houd er één over"))
        else:
            index[name] = i
    for name in REQUIRED:
        if name not in index:
            problems.append(
                Problem(1, name, f"verplichte kolom {name!r} ontbreekt; gebruik de kopregel van het sjabloon")
            )
    return index, problems


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_NUM_DOT = re.compile(r"^-?\d+(\.\d+)?$")
_NUM_COMMA = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")
_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_number(text: str, decimal_comma: bool) -> float:
    """A number as Dutch or English spreadsheets write it; raise ValueError otherwise.

    >>> parse_number("12,5", True), parse_number("1.234,5", True), parse_number("12.5", False)
    (12.5, 1234.5, 12.5)
    """
    t = text.replace("\u00a0", "").replace(" ", "")
    if decimal_comma and _NUM_COMMA.match(t):
        return float(t.replace(".", "").replace(",", "."))
    if not decimal_comma and _NUM_DOT.match(t):
        return float(t)
    raise ValueError(text)


def _cells_to_frame(index: dict[str, int], rows: list[list[object]]) -> tuple[pd.DataFrame, list[Problem]]:
    """The data rows as text/number columns, ``row`` = the spreadsheet row number."""
    problems: list[Problem] = []
    texts = {c: [] for c in COLUMNS}
    numbers = {c: [] for c in NUMERIC}
    numeric_texts: list[tuple[int, str, str]] = []
    for r, cells in enumerate(rows, start=2):
        for col in COLUMNS:
            i = index.get(col)
            raw = cells[i] if i is not None and i < len(cells) else None
            if isinstance(raw, str) and raw.strip().startswith(FORMULA_START):
                problems.append(
                    Problem(
                        r,
                        col,
                        f"{raw.strip()[:40]!r} ziet eruit als een formule; formules worden niet aanvaard — vul de waarde zelf in",
                    )
                )
                raw = None
            if isinstance(raw, str) and len(raw) > MAX_TEXT:
                problems.append(
                    Problem(r, col, f"de tekst is {len(raw)} tekens lang (grens {MAX_TEXT}); maak haar korter")
                )
                raw = raw[:MAX_TEXT]
            if col in NUMERIC:
                if isinstance(raw, bool) or (raw is not None and not isinstance(raw, int | float | str)):
                    problems.append(
                        Problem(r, col, f"{_text(raw)!r} is geen getal (bijvoorbeeld een datum); vul een getal in")
                    )
                    numbers[col].append(np.nan)
                elif isinstance(raw, int | float):
                    numbers[col].append(float(raw))
                else:
                    t = _text(raw)
                    numbers[col].append(np.nan)
                    if t:
                        numeric_texts.append((r, col, t))
            texts[col].append(_text(raw) if col not in NUMERIC else "")
    # one decimal convention per file: a comma anywhere makes the comma the decimal sign
    with_comma = [x for x in numeric_texts if "," in x[2]]
    with_dot = [x for x in numeric_texts if "." in x[2] and "," not in x[2] and not _THOUSANDS_DOT.match(x[2])]
    decimal_comma = bool(with_comma)
    if with_comma and with_dot:
        r, col, t = with_dot[0]
        c0 = with_comma[0]
        problems.append(
            Problem(
                r,
                col,
                f"gemengd decimaalteken: {t!r} gebruikt een punt, rij {c0[0]} ({c0[2]!r}) een komma; "
                "gebruik in het hele bestand hetzelfde decimaalteken",
            )
        )
    reported = set(with_dot) if with_comma else set()
    for r, col, t in numeric_texts:
        try:
            value = parse_number(t, decimal_comma)
        except ValueError:
            if (r, col, t) not in reported:
                problems.append(
                    Problem(r, col, f"{t!r} is geen getal; schrijf bijvoorbeeld 12,5 of 12.5 (zonder eenheid of %)")
                )
            continue
        if not np.isfinite(value):
            problems.append(Problem(r, col, f"{t!r} is geen eindig getal; vul een getal in"))
            continue
        numbers[col][r - 2] = value
    frame = pd.DataFrame({"row": range(2, len(rows) + 2), **{c: texts[c] for c in COLUMNS if c not in NUMERIC}})
    for col in NUMERIC:
        frame[col] = pd.Series(numbers[col], dtype=float)
    return frame, problems


# ----------------------------------------------------------------------------- checks


def schema(ctx: DeliveryContext) -> pa.DataFrameSchema:
    """The pandera schema of a delivery's rows (types, known ids, patterns, status words)."""
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


def _schema_problems(frame: pd.DataFrame, ctx: DeliveryContext) -> list[Problem]:
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
    except pa.errors.SchemaErrors as err:
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


def _row_problems(frame: pd.DataFrame, ctx: DeliveryContext) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for r in frame.itertuples(index=False):
        ind = ctx.catalog.indicators.get(r.indicator)
        code, period, status = r.area_code, r.period, r.status or "ok"
        if ind is None or not ind.deliverable:
            continue  # reported by the schema
        # the code exists and may be delivered by this organisation
        if AREA.match(code):
            if code not in ctx.focus_areas and code not in ctx.codes_2024:
                what = "code in de CBS-indeling 2024" if CBS_CODE.match(code) else "focusgebied"
                out.append(
                    Problem(
                        r.row,
                        "area_code",
                        f"{code!r} is geen bekend {what}; gebruik de codes van de indeling 2024 (zie het sjabloon)",
                    )
                )
            elif not ctx.may_deliver_for(code):
                out.append(
                    Problem(
                        r.row,
                        "area_code",
                        f"{code!r} ligt niet in uw gemeente ({ctx.own_gemeente}); u kunt alleen voor uw eigen gebieden aanleveren",
                    )
                )
        m = PERIOD.match(period)
        if m:
            year, half = int(m.group(1)), m.group(2)
            start = date(year, 7, 1) if half == "2" else date(year, 1, 1)
            if year < FIRST_YEAR:
                out.append(
                    Problem(r.row, "period", f"{period} ligt voor {FIRST_YEAR}; lever cijfers vanaf {FIRST_YEAR} aan")
                )
            elif start > ctx.today:
                out.append(
                    Problem(r.row, "period", f"{period} ligt in de toekomst; lever alleen afgelopen perioden aan")
                )
        # value and status agree
        value, num, den = r.value, r.numerator, r.denominator
        if status == "ok":
            if pd.isna(value) and not (pd.notna(num) and pd.notna(den) and den > 0):
                out.append(
                    Problem(
                        r.row, "value", "waarde ontbreekt; vul een getal in, of zet status op 'ontbreekt' of 'geheim'"
                    )
                )
        elif status in STATUSES and pd.notna(value):
            out.append(
                Problem(
                    r.row,
                    "value",
                    f"status is {status!r} maar er staat een waarde; laat de waarde leeg of zet status op ok",
                )
            )
        if pd.notna(num) and pd.notna(den) and num > den:
            out.append(
                Problem(
                    r.row,
                    "numerator",
                    f"teller {num:g} is groter dan noemer {den:g}; de teller is een deel van de noemer",
                )
            )
        if ind.is_percentage and pd.notna(value) and not 0 <= value <= 100:
            out.append(
                Problem(
                    r.row,
                    "value",
                    f"{value:g} ligt niet tussen 0 en 100; een percentage schrijft u als 12,5 (niet 0,125 of 1250)",
                )
            )
        if ind.delivery_rule == "ratio" and status == "ok":
            if (pd.isna(num)) != (pd.isna(den)):
                out.append(
                    Problem(
                        r.row,
                        "denominator" if pd.isna(den) else "numerator",
                        "vul teller én noemer in, of geen van beide",
                    )
                )
            elif code.startswith(("BU", "WK")) and pd.isna(num):
                out.append(
                    Problem(
                        r.row,
                        "numerator",
                        "voor buurt- en wijkcijfers van een percentage zijn teller en noemer nodig "
                        "(het focusgebied wordt eruit berekend); vul beide in",
                    )
                )
            elif pd.notna(num) and pd.notna(den) and den > 0 and pd.notna(value):
                expected = num / den * ind.delivery_scale
                if abs(expected - value) > max(0.051, 0.005 * abs(expected)):
                    out.append(
                        Problem(
                            r.row,
                            "value",
                            f"waarde {value:g} past niet bij teller/noemer ({expected:.1f}); corrigeer de waarde of laat haar leeg",
                        )
                    )
        if ind.delivery_rule == "sum" and pd.notna(value) and not float(value).is_integer():
            out.append(Problem(r.row, "value", f"{value:g} is geen geheel getal; dit is een aantal"))
        key = (r.indicator, code, period)
        if key in seen:
            out.append(
                Problem(
                    r.row,
                    "area_code",
                    f"dubbele rij: {r.indicator}, {code}, {period} staat ook in rij {seen[key]}; houd er één over",
                )
            )
        else:
            seen[key] = r.row
    # a year and its halves for the same area would double a count
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


def check_rows(header: list[str], rows: list[list[object]], ctx: DeliveryContext) -> Report:
    """Every problem of a file's rows; the clean frame only when there is none."""
    index, problems = _header(header)
    if problems:
        return Report(pd.DataFrame(), problems, len(rows))
    if not rows:
        return Report(
            pd.DataFrame(), [Problem(None, None, "alleen een kopregel, geen gegevensrijen; vul minstens één rij in")], 0
        )
    frame, problems = _cells_to_frame(index, rows)
    empty = frame[list(NUMERIC)].isna().all(axis=1) & (frame["status"] == "")
    empty &= ~frame["row"].isin({p.row for p in problems})
    n_skipped = int(empty.sum())
    frame = frame[~empty].reset_index(drop=True)
    if frame.empty and not problems:
        return Report(
            pd.DataFrame(),
            [Problem(None, None, "geen enkele rij is ingevuld (alle waarden leeg); vul een waarde of een status in")],
            len(rows),
            n_skipped,
        )
    problems += _schema_problems(frame, ctx)
    problems += _row_problems(frame, ctx)
    # one message per cell: the first (a cell that could not be read is not also "empty")
    first: dict[tuple, Problem] = {}
    for p in problems:
        first.setdefault((p.row, p.column) if p.row is not None else (None, p.message), p)
    problems = sorted(
        first.values(), key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column in COLUMNS else 99)
    )
    if problems:
        return Report(pd.DataFrame(), problems, len(rows), n_skipped)
    frame["status"] = frame["status"].replace("", "ok")
    ratio = frame["indicator"].map(lambda i: ctx.catalog[i].delivery_rule == "ratio")
    scale = frame["indicator"].map(lambda i: ctx.catalog[i].delivery_scale)
    derive = ratio & frame["value"].isna() & frame["numerator"].notna() & frame["denominator"].notna()
    frame.loc[derive, "value"] = frame["numerator"] / frame["denominator"] * scale
    return Report(frame.reset_index(drop=True), [], len(rows), n_skipped)


def check_file(data: bytes, filename: str, ctx: DeliveryContext) -> Report:
    """Read and check one delivered file."""
    try:
        header, rows = read_table(data, filename)
    except FileRejected as err:
        return Report(pd.DataFrame(), [err.problem], 0)
    return check_rows(header, rows, ctx)

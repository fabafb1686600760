"""File-level checks of a delivered file: is it safe to read, and what are its header and rows.

The file is never trusted: its size is bounded before anything is read; an XLSX is a zip whose
members' uncompressed sizes are checked *before* it is opened (zip bombs), macros (``vbaProject``)
and DTDs or XML entities (XML bombs) are refused, and it is read with openpyxl in read-only mode,
where a formula is only text — a cell holding a formula is refused, never evaluated. A CSV is
decoded as UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 (Excel's Dutch
default); its separator (``;``, ``,`` or tab) is the one its header line uses most.

What comes out is raw cells; :mod:`.cells` turns them into a typed frame.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile

from .layout import SHEET
from .problems import Problem

#: limits on what is read at all
MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 40 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 200
MAX_ROWS = 20_000
#: magic numbers of the file types we know
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileRejected(Exception):
    """The file cannot be read at all (size, type, encoding, structure)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(None, None, message)


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

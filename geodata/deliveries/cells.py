"""The raw cells of a delivered file as a typed frame: the header matched to the template's
columns, text columns as text, number columns as numbers.

A cell that looks like a formula is refused; text is bounded in length. Numbers are read as Dutch
or English spreadsheets write them, with one decimal convention per file: a decimal comma
anywhere makes the comma the decimal sign, and a file that mixes decimal comma and decimal point
is refused.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .layout import COLUMNS, NUMERIC, REQUIRED
from .problems import Problem

MAX_TEXT = 500
FORMULA_START = ("=", "+", "@", "\t=", "\r=")
_NUM_DOT = re.compile(r"^-?\d+(\.\d+)?$")
_NUM_COMMA = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")
_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
#: a number cell given as text, to be parsed once the file's decimal sign is known: (row, column, text)
NumberText = tuple[int, str, str]


def read_header(header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """Column name -> position in the file's header, and the header's problems (unknown,
    doubled or missing columns). Names are matched case-insensitively.

    >>> index, problems = read_header(["Indicator", "area_code", "period", "value", "x"])
    >>> index["indicator"], [p.column for p in problems]
    (0, ['x'])
    """
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


def cells_to_frame(index: dict[str, int], rows: list[list[object]]) -> tuple[pd.DataFrame, list[Problem]]:
    """The data rows as text/number columns, ``row`` = the spreadsheet row number."""
    problems: list[Problem] = []
    texts: dict[str, list[str]] = {c: [] for c in COLUMNS if c not in NUMERIC}
    numbers: dict[str, list[float]] = {c: [] for c in NUMERIC}
    number_texts: list[NumberText] = []
    for r, cells in enumerate(rows, start=2):
        for col in COLUMNS:
            i = index.get(col)
            raw = _bounded_cell(cells[i] if i is not None and i < len(cells) else None, r, col, problems)
            if col in NUMERIC:
                numbers[col].append(_number_cell(raw, r, col, problems, number_texts))
            else:
                texts[col].append(_text(raw))
    for (r, col), value in parse_number_texts(number_texts, problems).items():
        numbers[col][r - 2] = value
    frame = pd.DataFrame({"row": range(2, len(rows) + 2), **texts})
    for col in NUMERIC:
        frame[col] = pd.Series(numbers[col], dtype=float)
    return frame, problems


def _bounded_cell(raw: object, r: int, col: str, problems: list[Problem]) -> object:
    """The cell, or None for what looks like a formula; text cut to ``MAX_TEXT`` characters."""
    if isinstance(raw, str) and raw.strip().startswith(FORMULA_START):
        problems.append(
            Problem(
                r,
                col,
                f"{raw.strip()[:40]!r} ziet eruit als een formule; formules worden niet aanvaard — vul de waarde zelf in",
            )
        )
        return None
    if isinstance(raw, str) and len(raw) > MAX_TEXT:
        problems.append(Problem(r, col, f"de tekst is {len(raw)} tekens lang (grens {MAX_TEXT}); maak haar korter"))
        return raw[:MAX_TEXT]
    return raw


def _number_cell(raw: object, r: int, col: str, problems: list[Problem], number_texts: list[NumberText]) -> float:
    """A number cell's value; NaN for an empty cell and for text, which is kept in
    ``number_texts`` to be parsed when the file's decimal sign is known."""
    if isinstance(raw, bool) or (raw is not None and not isinstance(raw, int | float | str)):
        problems.append(Problem(r, col, f"{_text(raw)!r} is geen getal (bijvoorbeeld een datum); vul een getal in"))
        return np.nan
    if isinstance(raw, int | float):
        return float(raw)
    t = _text(raw)
    if t:
        number_texts.append((r, col, t))
    return np.nan


def parse_number_texts(number_texts: list[NumberText], problems: list[Problem]) -> dict[tuple[int, str], float]:
    """(row, column) -> number of the number cells given as text, with one decimal convention
    for the whole file: a comma anywhere makes the comma the decimal sign. A file mixing decimal
    comma and decimal point, and text that is no finite number, add to ``problems``.

    >>> problems = []
    >>> parse_number_texts([(2, "value", "1.234"), (3, "value", "12,5")], problems), problems
    ({(2, 'value'): 1234.0, (3, 'value'): 12.5}, [])
    >>> _ = parse_number_texts([(2, "value", "1.5"), (3, "value", "12,5")], problems)
    >>> [(p.row, p.message[:21]) for p in problems]
    [(2, 'gemengd decimaalteken')]
    """
    with_comma = [x for x in number_texts if "," in x[2]]
    with_dot = [x for x in number_texts if "." in x[2] and "," not in x[2] and not _THOUSANDS_DOT.match(x[2])]
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
    out: dict[tuple[int, str], float] = {}
    for r, col, t in number_texts:
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
        out[(r, col)] = value
    return out

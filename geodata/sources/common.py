"""Shared reading helpers: checked file access and decoding of CBS missing/secret codes.

Every reader returns a :class:`SourceTable`: a long frame of
``area_code, level, period, column, value, status`` in the source's own column names
(the catalogue maps those columns to indicators) and the names of the areas.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DuplicateRowsError, SourceFileError
from ..vocab import Division, Level, Status

logger = logging.getLogger(__name__)

#: CBS wijk-en-buurtkaart codes
CBS_MISSING = -99999999
CBS_SECRET = -99999997

RAW_COLUMNS = ["area_code", "level", "period", "column", "value", "status"]


@dataclass
class SourceTable:
    """What a reader hands on: values in the source's own columns, plus area names."""

    source: str
    division: Division
    frame: pd.DataFrame
    names: dict[str, str] = field(default_factory=dict)


LEVEL_WORDS = {
    "gemeente": Level.GEMEENTE.value,
    "wijk": Level.WIJK.value,
    "buurt": Level.BUURT.value,
    "land": Level.NL.value,
}


def level_from_word(words: pd.Series, path: Path) -> pd.Series:
    """Our level of each row from the source's word for it (Gemeente, Wijk, Buurt, Land)."""
    level = words.astype(str).str.strip().str.lower().map(LEVEL_WORDS)
    if level.isna().any():
        bad = sorted(words[level.isna()].astype(str).unique())[:5]
        raise SourceFileError(path, f"unknown level value(s) {bad}", "expected Gemeente, Wijk, Buurt or Land")
    return level


def require_file(path: Path) -> Path:
    if not path.is_file():
        raise SourceFileError(
            path,
            "file not found",
            "check the data directory (ZOF_DATA_DIR) and that the file was downloaded completely",
        )
    if path.stat().st_size == 0:
        raise SourceFileError(path, "file is empty", "download it again")
    return path


def read_csv_checked(path: Path, *, required: list[str], **kwargs: object) -> pd.DataFrame:
    """Read a CSV, failing with the file name when it is unreadable or lacks columns."""
    require_file(path)
    with path.open("rb") as fh:
        fh.seek(-1, 2)
        if fh.read(1) not in (b"\n", b"\r"):
            # a download cut off mid-row parses without error, the lost cells read as empty
            raise SourceFileError(
                path, "does not end with a line break, so it is probably truncated", "download it again"
            )
    try:
        frame = pd.read_csv(path, **kwargs)  # type: ignore[arg-type]
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as err:
        raise SourceFileError(
            path, f"cannot be parsed as CSV ({err})", "the file may be truncated or not a CSV; download it again"
        ) from err
    if frame.empty:
        raise SourceFileError(
            path,
            f"has a header ({', '.join(map(str, frame.columns[:6]))}…) but no rows",
            "the download is incomplete; download it again",
        )
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise SourceFileError(
            path,
            f"missing column(s) {', '.join(missing)}",
            f"found {', '.join(map(str, frame.columns[:12]))}…; is this the right file?",
        )
    logger.info("read %s: %d rows", path, len(frame))
    return frame


def read_coded_csv(path: Path, *, code: str, required: list[str], keys: tuple[str, ...] = ()) -> pd.DataFrame:
    """A CSV read as text (no guessing of NA: the readers decode CBS's signs themselves), its
    ``code`` column stripped, and each ``code`` (with ``keys``, e.g. the year) checked unique."""
    frame = read_csv_checked(path, required=required, dtype=str, keep_default_na=False)
    frame[code] = frame[code].str.strip()
    check_unique(frame, [code, *keys], path.name)
    return frame


def check_unique(frame: pd.DataFrame, keys: list[str], what: str) -> None:
    dup = frame.duplicated(keys, keep=False)
    if dup.any():
        examples = frame.loc[dup, keys].drop_duplicates().head(5).to_records(index=False).tolist()
        raise DuplicateRowsError(what, keys, examples)


#: CBS's signs for a cell without a number (StatLine "verklaring van tekens"): ``.`` missing or
#: secret (not told apart), ``x`` secret, ``?`` too unreliable to publish and ``n.v.t.`` (niet van
#: toepassing) treated as missing
MISSING_MARKS = {".": Status.MISSING_OR_SECRET, "x": Status.SECRET, "?": Status.MISSING, "n.v.t.": Status.MISSING}
EMPTY_WORDS = ("", "NA", "NAN", "NONE")


def decode_numeric(
    raw: pd.Series, *, empty_status: Status = Status.MISSING, source: Path | str | None = None, first_row: int = 2
) -> tuple[pd.Series, pd.Series]:
    """Decode a source column into (value, status).

    CBS conventions: ``-99999999`` missing, ``-99999997`` secret (wijk-en-buurtkaart);
    ``.`` missing or secret (StatLine/KWB Excel, which do not tell them apart); ``x`` secret;
    ``?`` unreliable (missing). ``empty_status`` says what an empty cell means in this source.
    Any other text is an error naming ``source``, the row (the file's line: the frame's index +
    ``first_row``) and the column: a word in a numeric column is a broken file, not a gap.

    >>> v, s = decode_numeric(pd.Series(["1,5", ".", "-99999997", "", "x", "3", "?"]))
    >>> list(s)
    ['ok', 'missing_or_secret', 'secret', 'missing', 'secret', 'ok', 'missing']
    >>> float(v.iloc[0]), float(v.iloc[5])
    (1.5, 3.0)
    >>> decode_numeric(pd.Series(["3", "veel"], name="inwoners"), source="t.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geodata.errors.SourceFileError: t.csv: row 3, column 'inwoners': 'veel' is not a number...
    """
    text = raw.astype("string").str.strip()
    status = pd.Series(Status.OK.value, index=raw.index, dtype=object)
    empty = text.isna() | text.str.upper().isin(EMPTY_WORDS)
    marks = text.str.lower().map(lambda m: MISSING_MARKS.get(m) if isinstance(m, str) else None)
    marked = marks.notna()
    numeric = pd.to_numeric(text.str.replace(",", ".", regex=False).where(~(empty | marked)), errors="coerce")
    unparsable = (numeric.isna() & ~(empty | marked)).fillna(False)
    if unparsable.any():
        at = unparsable[unparsable].index[0]
        row = at + first_row if isinstance(at, int | np.integer) else at
        raise SourceFileError(
            source or "source table",
            f"row {row}, column {raw.name!r}: {text[at]!r} is not a number"
            + (f" ({int(unparsable.sum())} such cells)" if unparsable.sum() > 1 else ""),
            "correct the cell, or use CBS's signs for no number: '.' or empty (missing), 'x' (secret)",
        )
    status[empty.fillna(True)] = Status(empty_status).value
    for mark, mark_status in MISSING_MARKS.items():
        status[(text.str.lower() == mark).fillna(False)] = mark_status.value
    status[(numeric == CBS_SECRET).fillna(False)] = Status.SECRET.value
    status[(numeric == CBS_MISSING).fillna(False)] = Status.MISSING.value
    # any other large negative sentinel of CBS (-9999999x) counts as missing
    status[((numeric <= -99999990) & (numeric != CBS_SECRET)).fillna(False)] = Status.MISSING.value
    value = numeric.where(status == Status.OK).astype(float)
    return value, status


def melt_columns(
    frame: pd.DataFrame,
    *,
    code: str,
    level: pd.Series | str,
    period: pd.Series | int,
    columns: list[str],
    empty_status: Status = Status.MISSING,
    source: Path | str | None = None,
    first_row: int = 2,
) -> pd.DataFrame:
    """Wide source rows → the long ``RAW_COLUMNS`` frame, decoding each column (``source``: the
    file, and ``first_row`` the line of its first row, named in errors)."""
    parts = []
    base = pd.DataFrame({"area_code": frame[code].astype(str).str.strip()})
    base["level"] = level
    base["period"] = period
    for column in columns:
        value, status = decode_numeric(frame[column], empty_status=empty_status, source=source, first_row=first_row)
        part = base.copy()
        part["column"] = column
        part["value"] = value.to_numpy()
        part["status"] = status.to_numpy()
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=RAW_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["period"] = out["period"].astype(int)
    return out[RAW_COLUMNS]

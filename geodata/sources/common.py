"""Shared reading helpers: checked file access and decoding of CBS missing/secret codes.

Every reader returns a :class:`SourceTable`: a long frame of
``area_code, level, period, column, value, status`` in the source's own column names
(the catalogue maps those columns to indicators) and the names of the areas.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DuplicateRowsError, SourceFileError
from ..vocab import Division, Status

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
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise SourceFileError(
            path,
            f"missing column(s) {', '.join(missing)}",
            f"found {', '.join(map(str, frame.columns[:12]))}…; is this the right file?",
        )
    logger.info("read %s: %d rows", path, len(frame))
    return frame


def check_unique(frame: pd.DataFrame, keys: list[str], what: str) -> None:
    dup = frame.duplicated(keys, keep=False)
    if dup.any():
        examples = frame.loc[dup, keys].drop_duplicates().head(5).to_records(index=False).tolist()
        raise DuplicateRowsError(what, keys, examples)


def decode_numeric(raw: pd.Series, *, empty_status: Status = Status.MISSING) -> tuple[pd.Series, pd.Series]:
    """Decode a source column into (value, status).

    CBS conventions: ``-99999999`` missing, ``-99999997`` secret (wijk-en-buurtkaart);
    ``.`` missing or secret (StatLine/KWB Excel, which do not tell them apart); ``x`` secret.
    ``empty_status`` says what an empty cell means in this source.

    >>> v, s = decode_numeric(pd.Series(["1,5", ".", "-99999997", "", "x", "3"]))
    >>> list(s)
    ['ok', 'missing_or_secret', 'secret', 'missing', 'secret', 'ok']
    >>> float(v.iloc[0]), float(v.iloc[5])
    (1.5, 3.0)
    """
    text = raw.astype("string").str.strip()
    status = pd.Series(Status.OK.value, index=raw.index, dtype=object)
    empty = text.isna() | (text == "") | text.str.upper().isin(["NA", "NAN", "NONE"])
    dot = text == "."
    secret_x = text.str.lower() == "x"
    numeric = pd.to_numeric(text.str.replace(",", ".", regex=False).where(~(empty | dot | secret_x)), errors="coerce")
    unparsable = numeric.isna() & ~(empty | dot | secret_x)
    status[empty.fillna(True)] = Status(empty_status).value
    status[dot.fillna(False)] = Status.MISSING_OR_SECRET.value
    status[secret_x.fillna(False)] = Status.SECRET.value
    status[unparsable.fillna(False)] = Status.MISSING.value
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
) -> pd.DataFrame:
    """Wide source rows → the long ``RAW_COLUMNS`` frame, decoding each column."""
    parts = []
    base = pd.DataFrame({"area_code": frame[code].astype(str).str.strip()})
    base["level"] = level
    base["period"] = period
    for column in columns:
        value, status = decode_numeric(frame[column], empty_status=empty_status)
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

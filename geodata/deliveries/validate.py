"""Checking a delivered file: read it safely, check every row, report in Dutch by row and column.

The steps, each in a module of its own:

* :mod:`.files` — file-level checks (size, zip bombs, macros, DTDs, encoding, separators) and the
  raw header and rows;
* :mod:`.cells` — the raw cells as a typed frame (formulas refused, one decimal sign per file);
* :mod:`.rows` — the pandera schema and the checks that need the store (2024 codes, the
  organisation's own areas, periods, percentages, numerator ≤ denominator, duplicates).

Any problem makes the whole file rejected: the report lists every problem, one per cell.
"""

from __future__ import annotations

import pandas as pd

from .cells import cells_to_frame, read_header
from .files import MAX_BYTES, FileRejected, read_table
from .layout import COLUMNS, NUMERIC
from .problems import Problem, Report
from .rows import DeliveryContext, row_problems, schema_problems


def check_rows(header: list[str], rows: list[list[object]], ctx: DeliveryContext) -> Report:
    """Every problem of a file's rows; the clean frame only when there is none."""
    index, problems = read_header(header)
    if problems:
        return Report(pd.DataFrame(), problems, len(rows))
    if not rows:
        return Report(
            pd.DataFrame(), [Problem(None, None, "alleen een kopregel, geen gegevensrijen; vul minstens één rij in")], 0
        )
    frame, problems = cells_to_frame(index, rows)
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
    problems += schema_problems(frame, ctx)
    problems += row_problems(frame, ctx)
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


__all__ = [
    "MAX_BYTES",
    "DeliveryContext",
    "FileRejected",
    "Problem",
    "Report",
    "check_file",
    "check_rows",
    "read_table",
]

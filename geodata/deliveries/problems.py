"""What checking a delivery finds: one :class:`Problem` per finding, a :class:`Report` per file."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Problem:
    """One finding: the spreadsheet row (1 = the header row; None = the whole file), the column and
    the message (what is wrong and how to fix it).

    >>> Problem(3, "value", "waarde ontbreekt").text(), Problem(None, None, "leeg").text()
    ('rij 3, kolom value: waarde ontbreekt', 'leeg')
    """

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

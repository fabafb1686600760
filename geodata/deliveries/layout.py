"""The layout of a delivery file: its sheet, its columns and its status words.

One definition for the template that is handed out (:mod:`.template`) and for the checks of the
file that comes back (:mod:`.validate`).
"""

from __future__ import annotations

#: the sheet of an XLSX delivery that is read (the template's first sheet)
SHEET = "Aanlevering"
REQUIRED = ("indicator", "area_code", "period", "value")
OPTIONAL = ("numerator", "denominator", "status", "source", "remark")
COLUMNS = REQUIRED + OPTIONAL
NUMERIC = ("value", "numerator", "denominator")
#: the status words a delivery may use (empty = ok)
STATUSES = ("ok", "geheim", "ontbreekt")

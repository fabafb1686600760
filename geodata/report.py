"""What the store holds for the kernindicatoren: which focus areas have a figure, in which years.

``python -m geodata coverage`` prints it (Markdown by default; the README's table is its output).
"""

from __future__ import annotations

import pandas as pd

from .store import Store
from .vocab import HAS_VALUE, Level

COVERAGE_COLUMNS = ["indicator", "name", "action_line", "areas", "areas_2_years", "years", "per_year"]


def kernindicator_coverage(store: Store) -> pd.DataFrame:
    """Per kernindicator: how many of the focus areas have a value in any year (``areas``), in two
    or more years (``areas_2_years``), the years with a value for at least one area and the count
    of areas per year.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> ind = SimpleNamespace(id="x", core=True, action_line="3", name_nl="X")
    >>> values = pd.DataFrame({"area_code": ["A", "A", "B"], "level": "focus_area", "period": [2019, 2022, 2022],
    ...                        "indicator": "x", "status": "ok"})
    >>> fake = SimpleNamespace(catalog=[ind], values=values)
    >>> kernindicator_coverage(fake)[["areas", "areas_2_years", "per_year"]].values.tolist()
    [[2, 1, '2019: 1, 2022: 2']]
    """
    v = store.values
    v = v[(v["level"] == Level.FOCUS_AREA) & v["status"].isin(HAS_VALUE)]
    rows = []
    for ind in store.catalog:
        if not ind.core:
            continue
        sub = v[v["indicator"] == ind.id]
        per_area = sub.groupby("area_code", observed=True)["period"].nunique()
        per_year = sub.groupby("period")["area_code"].nunique()
        per_year = per_year[per_year > 0]
        rows.append(
            {
                "indicator": ind.id,
                "name": ind.name_nl,
                "action_line": ind.action_line,
                "areas": int((per_area > 0).sum()),
                "areas_2_years": int((per_area >= 2).sum()),
                "years": len(per_year),
                "per_year": ", ".join(f"{int(p)}: {int(n)}" for p, n in per_year.items()),
            }
        )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def markdown(frame: pd.DataFrame, n_areas: int) -> str:
    """The coverage table as Markdown."""
    head = (
        f"| kernindicator | actielijn | areas with a value (of {n_areas}) | areas with ≥ 2 years | years | "
        "areas per year |\n|---|---|---|---|---|---|\n"
    )
    return head + "\n".join(
        f"| {r.name} (`{r.indicator}`) | {r.action_line} | {r.areas} | {r.areas_2_years} | {r.years} | {r.per_year or '–'} |"
        for r in frame.itertuples()
    )

"""What the integration tests on the real data share: facts of the data directory (from
``shared/data/README.md``), the files the build needs, and small readers of the store's values."""

from __future__ import annotations

import pandas as pd

from geodata.catalog import load_catalog
from geodata.vocab import HAS_VALUE, Method

#: the 19 municipalities of the 20 focus areas (data README, "Codes used everywhere")
GEMEENTEN_19 = {
    "GM0363",
    "GM0202",
    "GM0758",
    "GM0503",
    "GM0518",
    "GM0505",
    "GM0772",
    "GM0014",
    "GM0917",
    "GM0080",
    "GM0995",
    "GM0356",
    "GM1674",
    "GM0599",
    "GM0606",
    "GM0855",
    "GM0344",
    "GM0622",
    "GM0479",
}
OVERVECHT, OVERVECHT_INHABITANTS_2024 = "WK034403", 35_255  # data README, wijken_2024.gpkg quirk (5)
KWB_GM_WK = "indicators/kwb_2024_85984NED_gemeenten_wijken.csv"
#: the files the build needs (optional sources, such as the fetched KWB years, may be absent)
INPUT_FILES = {sid: rel for sid, rel in load_catalog().files().items() if load_catalog().sources[sid].required}

#: CBS rounds buurt and wijk counts of KWB 2024 to multiples of 5, independently of each other
ROUNDING = 2.5


def usable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["status"].isin(HAS_VALUE)]


def buurt_values(store, indicator: str, period: int, *, published_only: bool = False) -> pd.Series:
    """The store's value per 2024 buurt: published (method ``source``), else carried to the buurt."""
    v = store.indicator_values(indicator)
    sub = usable(v[(v["level"] == "buurt") & (v["division"] == "cbs2024") & (v["period"] == period)])
    if published_only:
        sub = sub[sub["method"] == Method.SOURCE]
    codes = sub["area_code"].astype(str)
    assert not codes.duplicated().any(), f"{indicator} {period}: two usable values for one buurt"
    return pd.Series(sub["value"].to_numpy(float), index=codes.to_numpy())


def area_value(store, indicator: str, code: str, period: int, level: str) -> pd.Series:
    v = store.indicator_values(indicator)
    row = v[(v["area_code"] == code) & (v["period"] == period) & (v["level"] == level)]
    assert len(row) == 1, f"{indicator} {code} {period}: {len(row)} rows"
    return row.iloc[0]


def members(store, focus_id: str) -> list[str]:
    m = store.membership
    return m.loc[m["target"] == focus_id, "unit"].astype(str).tolist()

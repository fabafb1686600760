"""Readers for the indicator tables in ``<data>/indicators`` other than CBS's KWB (those are
:mod:`.kwb`): GeoInzicht, Leefbaarometer, Politie/CBS crime, RIVM health, SES-WOA, and the
attribute tables carried by a boundary layer.

One function per file family. Each decodes its source's conventions into value + status
and returns a :class:`SourceTable` in the source's own column names; the catalogue picks
the columns it needs. Nothing is invented or interpolated here.
"""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..codes import NL_CODE, level_series
from ..errors import SourceFileError
from ..vocab import Division, Level, Status
from .common import (
    RAW_COLUMNS,
    SourceTable,
    check_unique,
    level_from_word,
    melt_columns,
    read_coded_csv,
    read_csv_checked,
)

logger = logging.getLogger(__name__)


# -- GeoInzicht stacked gemeente table --------------------------------------------------------


def read_gemeenten_indicatoren(path: Path) -> SourceTable:
    """Stacked gemeente attributes 2012–2024 (GeoInzicht). Empty cells: the app had already
    dropped CBS's codes, so missing and secret cannot be told apart."""
    frame = read_csv_checked(path, required=["gemeentecode", "gemeentenaam", "jaar"], dtype=str, keep_default_na=False)
    frame["gemeentecode"] = frame["gemeentecode"].str.strip()
    frame = frame[frame["gemeentecode"] != "GM0998"]
    check_unique(frame, ["gemeentecode", "jaar"], path.name)
    skip = {"gemeentecode", "gemeentenaam", "jaar"}
    columns = [c for c in frame.columns if c not in skip]
    long = melt_columns(
        frame,
        code="gemeentecode",
        level=Level.GEMEENTE.value,
        period=pd.to_numeric(frame["jaar"], errors="raise"),
        columns=columns,
        empty_status=Status.MISSING_OR_SECRET,
        source=path,
    )
    names = dict(zip(frame["gemeentecode"], frame["gemeentenaam"]))
    return SourceTable("geoinzicht_gemeenten", Division.GEMEENTE_JAAR, long, names)


# -- Leefbaarometer 3.0 --------------------------------------------------------------------

LBM_COLUMNS = ["lbm", "afw", "fys", "onv", "soc", "vrz", "won"]


def read_leefbaarometer(path: Path) -> SourceTable:
    """Leefbaarometer buurt scores 2002–2020 (≈ 2020 buurt division).

    ``NA`` means not published (too few residents, or a dimension the instrument version of
    that year did not have): status ``missing``. A national row per year is added where it
    follows from the source itself: the national mean total score is ``lbm - afw`` (the same
    for every buurt of a year) and the dimension scores are deviations from the national
    mean, so 0 nationally.
    """
    frame = read_coded_csv(path, code="bu_code", keys=("jaar",), required=["bu_code", "jaar", "bu_naam", *LBM_COLUMNS])
    long = melt_columns(
        frame,
        code="bu_code",
        level=Level.BUURT.value,
        period=pd.to_numeric(frame["jaar"]),
        columns=LBM_COLUMNS,
        empty_status=Status.MISSING,
        source=path,
    )
    nl_rows = []
    lbm = long[long["column"] == "lbm"].set_index(["area_code", "period"])["value"]
    afw = long[long["column"] == "afw"].set_index(["area_code", "period"])["value"]
    mean = (lbm - afw).dropna().groupby(level="period").median()
    for period, value in mean.items():
        nl_rows.append((NL_CODE, Level.NL.value, int(period), "lbm", float(value), Status.OK.value))
        nl_rows.append((NL_CODE, Level.NL.value, int(period), "afw", 0.0, Status.OK.value))
        has_dims = long[(long["period"] == period) & (long["column"] == "onv") & (long["status"] == Status.OK)]
        for dim in ("fys", "onv", "soc", "vrz", "won"):
            if len(has_dims):
                nl_rows.append((NL_CODE, Level.NL.value, int(period), dim, 0.0, Status.OK.value))
    long = pd.concat([long, pd.DataFrame(nl_rows, columns=RAW_COLUMNS)], ignore_index=True)
    names = dict(zip(frame["bu_code"], frame["bu_naam"]))
    return SourceTable("leefbaarometer", Division.CBS2020, long, names)


def _read_one_measure(path: Path, column: str, source: str) -> SourceTable:
    """A table with one measure per code and year, as queried with 2024 codes (``niveau, code,
    naam, jaar, <column>``); an empty cell is missing."""
    frame = read_coded_csv(path, code="code", keys=("jaar",), required=["niveau", "code", "jaar", column])
    long = melt_columns(
        frame,
        code="code",
        level=level_from_word(frame["niveau"], path),
        period=pd.to_numeric(frame["jaar"]),
        columns=[column],
        empty_status=Status.MISSING,
        source=path,
    )
    return SourceTable(source, Division.CBS2024, long, dict(zip(frame["code"], frame["naam"])))


# -- Politie / CBS registered crime ----------------------------------------------------------


def read_misdrijven(path: Path) -> SourceTable:
    """Registered crimes per calendar year (47022NED, all types), gemeente and buurt rows."""
    return _read_one_measure(path, "geregistreerde_misdrijven", "politie_misdrijven")


# -- RIVM health --------------------------------------------------------------------------------


def read_gezondheid_50150(path: Path) -> SourceTable:
    """% (zeer) goed ervaren gezondheid 18+ (50150NED), queried with 2024 codes."""
    return _read_one_measure(path, "GoedErvarenGezondheid_pct_18plus", "rivm_50150")


def read_gezondheidsmonitor_50090(path: Path, *, age_code: str = "20300") -> SourceTable:
    """RIVM 50090NED (2020 division) for one age group (``20300`` = 18+), estimates only."""
    frame = read_csv_checked(
        path, required=["Leeftijd", "Marges", "WijkenEnBuurten", "Perioden"], dtype=str, keep_default_na=False
    )
    for column in ("Leeftijd", "Marges", "WijkenEnBuurten", "Perioden"):
        frame[column] = frame[column].str.strip()
    frame = frame[(frame["Leeftijd"] == age_code) & (frame["Marges"] == "MW00000")]
    if frame.empty:
        raise SourceFileError(
            path,
            f"no rows for Leeftijd={age_code} and Marges=MW00000",
            "is this the 50090NED download with estimates (MW00000)?",
        )
    years = frame["Perioden"].str[:4]
    if not years.str.fullmatch(r"\d{4}").all():
        raise SourceFileError(path, "Perioden not of the form YYYYJJ00", "check the export format")
    frame = frame.assign(jaar=years.astype(int))
    check_unique(frame, ["WijkenEnBuurten", "jaar"], path.name)
    skip = {"Leeftijd", "Marges", "WijkenEnBuurten", "Perioden", "Gemeentenaam_1", "SoortRegio_2", "Codering_3", "jaar"}
    skip |= {"niveau", "code", "naam", "gemeentecode", "wijkcode"}  # added by python -m geodata fetch
    columns = [c for c in frame.columns if c not in skip]
    long = melt_columns(
        frame,
        code="WijkenEnBuurten",
        level=level_series(frame["WijkenEnBuurten"]),
        period=frame["jaar"],
        columns=columns,
        empty_status=Status.MISSING,
        source=path,
    )
    return SourceTable("rivm_50090", Division.CBS2020, long)


# -- SES-WOA -----------------------------------------------------------------------------------

SES_COLUMNS = {
    "Particuliere huishoudens (Aantal)": "particuliere_huishoudens",
    "SES-WOA/Totaalscore/Gemiddelde score (Getal)": "ses_woa_totaalscore",
    "Opleidingsniveau/Laag/Waarde (%)": "opleidingsniveau_laag_pct",
}


def read_ses_woa(path: Path) -> SourceTable:
    """CBS 85163NED SES-WOA export (``;``-separated, BOM, padded, ``.`` = missing/secret)."""
    frame = read_csv_checked(
        path,
        required=["Perioden", "Regiocode (gemeente, wijk, buurt) (code)", *SES_COLUMNS],
        sep=";",
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    frame = frame.apply(lambda s: s.str.strip())
    frame = frame.rename(columns={"Regiocode (gemeente, wijk, buurt) (code)": "code", **SES_COLUMNS})
    check_unique(frame, ["code", "Perioden"], path.name)
    long = melt_columns(
        frame,
        code="code",
        level=level_series(frame["code"]),
        period=pd.to_numeric(frame["Perioden"]),
        columns=list(SES_COLUMNS.values()),
        empty_status=Status.MISSING,
        source=path,
    )
    # CBS shows households rounded to hundreds, and "0" households with "." scores for empty areas
    return SourceTable("cbs_ses_woa", Division.CBS2019, long, dict(zip(frame["code"], frame["Wijken en buurten"])))


# -- tables carried by a boundary layer (tmap: KWB 2022 attributes on the 2022 polygons) ----------


def read_layer_table(
    layer: gpd.GeoDataFrame, *, source: str, division: Division, year: int, columns: list[str]
) -> SourceTable:
    """The attribute columns of a boundary layer as a table (``NA`` = missing or secret in tmap)."""
    frame = pd.DataFrame(layer.drop(columns="geometry"))
    columns = [c for c in columns if c in frame.columns]
    long = melt_columns(
        frame,
        code="code",
        level=frame["level"],
        period=year,
        columns=columns,
        empty_status=Status.MISSING,
        source=f"layer {source}",
        first_row=0,  # a feature's number in the layer
    )
    return SourceTable(source, division, long, dict(zip(frame["code"], frame["name"])))

"""Readers for the indicator tables in ``<data>/indicators``.

One function per file family. Each decodes its source's conventions into value + status
and returns a :class:`SourceTable` in the source's own column names; the catalogue picks
the columns it needs. Nothing is invented or interpolated here.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..codes import NL_CODE
from ..errors import SourceFileError
from ..vocab import Division, Level, Status
from .common import RAW_COLUMNS, SourceTable, check_unique, melt_columns, read_csv_checked

logger = logging.getLogger(__name__)

LEVEL_WORDS = {
    "gemeente": Level.GEMEENTE.value,
    "wijk": Level.WIJK.value,
    "buurt": Level.BUURT.value,
    "land": Level.NL.value,
}


def _level_from_word(words: pd.Series, path: Path) -> pd.Series:
    level = words.astype(str).str.strip().str.lower().map(LEVEL_WORDS)
    if level.isna().any():
        bad = sorted(words[level.isna()].astype(str).unique())[:5]
        raise SourceFileError(path, f"unknown level value(s) {bad}", "expected Gemeente, Wijk, Buurt or Land")
    return level


def _level_from_code(codes: pd.Series) -> pd.Series:
    prefix = codes.str[:2]
    return prefix.map(
        {"GM": Level.GEMEENTE.value, "WK": Level.WIJK.value, "BU": Level.BUURT.value, "NL": Level.NL.value}
    )


# -- CBS Kerncijfers wijken en buurten (85984NED) -------------------------------------------

KWB_BUURT_COLUMNS = [
    "AantalInwoners_5",
    "k_0Tot15Jaar_8",
    "k_65JaarOfOuder_12",
    "HuishoudensTotaal_29",
    "GemiddeldeHuishoudensgrootte_33",
    "Bevolkingsdichtheid_34",
    "GemiddeldeWOZWaardeVanWoningen_39",
    "PercentageEengezinswoning_40",
    "Koopwoningen_47",
    "GemiddeldInkomenPerInwoner_78",
    "AfstandTotHuisartsenpraktijk_110",
    "AfstandTotGroteSupermarkt_111",
    "AfstandTotSchool_113",
    "ScholenBinnen3Km_114",
    "OppervlakteLand_116",
    "MateVanStedelijkheid_120",
    "Omgevingsadressendichtheid_121",
]


def read_kwb_buurten_2024(path: Path) -> SourceTable:
    """KWB 2024 selection for gemeenten, wijken and buurten (2024 division).

    The carrying app turned every value <= 0 into an empty cell, so an empty cell can be
    missing, secret or a true zero: status ``missing_or_secret``.
    """
    frame = read_csv_checked(
        path, required=["niveau", "code", "naam", *KWB_BUURT_COLUMNS[:1]], dtype=str, keep_default_na=False
    )
    frame["code"] = frame["code"].str.strip()
    check_unique(frame, ["code"], path.name)
    columns = [c for c in KWB_BUURT_COLUMNS if c in frame.columns]
    long = melt_columns(
        frame,
        code="code",
        level=_level_from_word(frame["niveau"], path),
        period=2024,
        columns=columns,
        empty_status=Status.MISSING_OR_SECRET,
        source=path,
    )
    return SourceTable("kwb2024_buurten", Division.CBS2024, long, dict(zip(frame["code"], frame["naam"])))


KWB_GMWK_COLUMNS = [
    "AantalInwoners_5",
    "Mannen_6",
    "Vrouwen_7",
    "Bevolkingsdichtheid_34",
    "Woningvoorraad_35",
    "OppervlakteTotaal_122",
    "OppervlakteLand_123",
    "OppervlakteWater_124",
]


def read_kwb_gemeenten_wijken_2024(path: Path) -> SourceTable:
    """KWB 2024 (85984NED) gemeenten and wijken, 8 variables; empty = missing or secret."""
    frame = read_csv_checked(path, required=["WijkenEnBuurten", "AantalInwoners_5"], dtype=str, keep_default_na=False)
    frame["WijkenEnBuurten"] = frame["WijkenEnBuurten"].str.strip()
    check_unique(frame, ["WijkenEnBuurten"], path.name)
    columns = [c for c in KWB_GMWK_COLUMNS if c in frame.columns]
    long = melt_columns(
        frame,
        code="WijkenEnBuurten",
        level=_level_from_code(frame["WijkenEnBuurten"]),
        period=2024,
        columns=columns,
        empty_status=Status.MISSING_OR_SECRET,
        source=path,
    )
    return SourceTable("kwb2024_gemeenten_wijken", Division.CBS2024, long)


def read_kwb_excel_rows(path: Path, year: int) -> SourceTable:
    """Rows of the CBS kwb-YYYY.xlsx (original short column names) as text; ``.`` = missing
    or secret (the Excel file does not tell them apart)."""
    frame = read_csv_checked(path, required=["gwb_code_10", "recs", "regio", "a_inw"], dtype=str, keep_default_na=False)
    frame["gwb_code_10"] = frame["gwb_code_10"].str.strip()
    check_unique(frame, ["gwb_code_10"], path.name)
    skip = {"gwb_code_10", "gwb_code_8", "regio", "gm_naam", "recs", "gwb_code", "ind_wbi", "pst_mvp", "pst_dekp"}
    columns = [c for c in frame.columns if c not in skip]
    long = melt_columns(
        frame,
        code="gwb_code_10",
        level=_level_from_word(frame["recs"], path),
        period=year,
        columns=columns,
        empty_status=Status.MISSING,
        source=path,
    )
    return SourceTable(
        f"kwb{year}_excel", Division.CBS2024, long, dict(zip(frame["gwb_code_10"], frame["regio"].str.strip()))
    )


# -- KWB of any year as fetched from StatLine (OData keys), matched by column stem -----------------

_STEM = re.compile(r"^(.+?)_\d+$")
#: columns of a fetched CBS table that are keys or labels, not measures
KWB_KEY_COLUMNS = {
    "niveau",
    "code",
    "naam",
    "gemeentecode",
    "wijkcode",
    "jaar",
    "ID",
    "WijkenEnBuurten",
    "Perioden",
}
#: label columns of the KWB tables (by stem): text, not numbers
KWB_LABEL_STEMS = {
    "Gemeentenaam",
    "SoortRegio",
    "Codering",
    "IndelingswijzigingWijkenEnBuurten",
    "MeestVoorkomendePostcode",
    "Dekkingspercentage",
}


def column_stem(name: str) -> str:
    """CBS's OData key without its position suffix, the part that stays the same across years.

    >>> column_stem("AantalInwoners_5"), column_stem("k_65JaarOfOuder_12"), column_stem("jaar")
    ('AantalInwoners', 'k_65JaarOfOuder', 'jaar')
    """
    match = _STEM.match(name)
    return match.group(1) if match else name


def read_kwb_odata(path: Path, *, year: int, aliases: dict[str, str] | None = None) -> SourceTable:
    """A KWB table of any year as written by ``python -m geodata fetch`` (TypedDataSet columns
    under their OData keys), with every measure named by its **stem**: ``AantalInwoners_5``
    (2024) and ``AantalInwoners_5`` (2019) are both ``AantalInwoners``,
    ``HuishOnderOfRondSociaalMinimum_79`` (2019) and ``…_73`` (2024) both
    ``HuishOnderOfRondSociaalMinimum``. So a new KWB year needs a line in
    ``config/sources.yaml``, not code. ``aliases`` maps a stem CBS renamed in that year to the
    stem the catalogue uses (``{OldStem: NewStem}``). Empty cells (OData ``null``) are missing or
    secret: the TypedDataSet does not tell them apart.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "kwb.csv"
    >>> _ = p.write_text("code,AantalInwoners_5,Koopwoningen_40\\nWK034403,34290,20\\n")
    >>> t = read_kwb_odata(p, year=2019)
    >>> sorted(t.frame["column"]), int(t.frame["period"].iloc[0])
    (['AantalInwoners', 'Koopwoningen'], 2019)
    """
    frame = read_csv_checked(path, required=[], dtype=str, keep_default_na=False)
    if "code" not in frame.columns:
        if "WijkenEnBuurten" not in frame.columns:
            raise SourceFileError(
                path, "has neither 'code' nor 'WijkenEnBuurten'", "fetch it with python -m geodata fetch"
            )
        frame["code"] = frame["WijkenEnBuurten"]
    # KWB's national row is NL00; the store's national code is NL01
    frame["code"] = frame["code"].str.strip().replace({"NL00": NL_CODE})
    frame = frame[frame["code"] != ""]
    check_unique(frame, ["code"], path.name)
    stems: dict[str, str] = {}
    for column in frame.columns:
        stem = column_stem(column)
        if column in KWB_KEY_COLUMNS or stem in KWB_LABEL_STEMS:
            continue
        stem = (aliases or {}).get(stem, stem)
        if stem in stems:
            raise SourceFileError(
                path,
                f"columns {stems[stem]!r} and {column!r} share the stem {stem!r}",
                "name one of them under 'aliases' in config/sources.yaml",
            )
        stems[stem] = column
    if not stems:
        raise SourceFileError(path, "has no measure columns", "is this a fetched KWB table?")
    renamed = frame.rename(columns={column: stem for stem, column in stems.items()})
    long = melt_columns(
        renamed,
        code="code",
        level=_level_from_code(renamed["code"]),
        period=int(year),
        columns=list(stems),
        empty_status=Status.MISSING_OR_SECRET,
    )
    long = long[long["level"].notna()]
    names = dict(zip(frame["code"], frame["naam"])) if "naam" in frame.columns else {}
    return SourceTable(f"kwb{year}", Division.CBS2024, long, names)


# -- KWB 2019 (84583NED) for Amsterdam, Den Haag and Utrecht, readable column names ----------------

KWB2019_KEYS = ["year", "level", "code", "gemeente_code"]


def read_kwb_2019_three(path: Path) -> SourceTable:
    """KWB 2019 (84583NED) rows of Amsterdam (2019 division, numeric codes), Den Haag and Utrecht.

    The carrying export turned CBS's ``.`` into empty cells, so an empty cell is missing or
    secret; Utrecht's rows carry only the demographic, household, dwelling and education columns.
    """
    frame = read_csv_checked(path, required=[*KWB2019_KEYS, "population"], dtype=str, keep_default_na=False)
    frame["code"] = frame["code"].str.strip()
    check_unique(frame, ["code", "year"], path.name)
    columns = [c for c in frame.columns if c not in KWB2019_KEYS]
    long = melt_columns(
        frame,
        code="code",
        level=_level_from_word(frame["level"], path),
        period=pd.to_numeric(frame["year"], errors="raise"),
        columns=columns,
        empty_status=Status.MISSING_OR_SECRET,
        source=path,
    )
    return SourceTable("kwb2019_three", Division.CBS2019, long)


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
    frame = read_csv_checked(
        path, required=["bu_code", "jaar", "bu_naam", *LBM_COLUMNS], dtype=str, keep_default_na=False
    )
    frame["bu_code"] = frame["bu_code"].str.strip()
    check_unique(frame, ["bu_code", "jaar"], path.name)
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


# -- Politie / CBS registered crime ----------------------------------------------------------


def read_misdrijven(path: Path) -> SourceTable:
    """Registered crimes per calendar year (47022NED, all types), gemeente and buurt rows."""
    frame = read_csv_checked(
        path, required=["niveau", "code", "jaar", "geregistreerde_misdrijven"], dtype=str, keep_default_na=False
    )
    frame["code"] = frame["code"].str.strip()
    check_unique(frame, ["code", "jaar"], path.name)
    long = melt_columns(
        frame,
        code="code",
        level=_level_from_word(frame["niveau"], path),
        period=pd.to_numeric(frame["jaar"]),
        columns=["geregistreerde_misdrijven"],
        empty_status=Status.MISSING,
        source=path,
    )
    return SourceTable("politie_misdrijven", Division.CBS2024, long, dict(zip(frame["code"], frame["naam"])))


# -- RIVM health --------------------------------------------------------------------------------


def read_gezondheid_50150(path: Path) -> SourceTable:
    """% (zeer) goed ervaren gezondheid 18+ (50150NED), queried with 2024 codes."""
    frame = read_csv_checked(
        path, required=["niveau", "code", "jaar", "GoedErvarenGezondheid_pct_18plus"], dtype=str, keep_default_na=False
    )
    frame["code"] = frame["code"].str.strip()
    check_unique(frame, ["code", "jaar"], path.name)
    long = melt_columns(
        frame,
        code="code",
        level=_level_from_word(frame["niveau"], path),
        period=pd.to_numeric(frame["jaar"]),
        columns=["GoedErvarenGezondheid_pct_18plus"],
        empty_status=Status.MISSING,
        source=path,
    )
    return SourceTable("rivm_50150", Division.CBS2024, long, dict(zip(frame["code"], frame["naam"])))


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
        level=_level_from_code(frame["WijkenEnBuurten"]),
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
        level=_level_from_code(frame["code"]),
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

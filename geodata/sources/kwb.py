"""Readers for CBS's Kerncijfers wijken en buurten (KWB) in ``<data>/indicators``.

The 2024 selections (85984NED) with their own column sets, the rows of the kwb-YYYY.xlsx files,
KWB 2019 (84583NED) for Amsterdam, Den Haag and Utrecht, and a KWB table of any year as fetched
from StatLine, whose measures are named by their column *stem* so that a new year needs a line in
``config/sources.yaml``, not code. Like every reader, each decodes its source's conventions into
value + status and keeps the source's own column names.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd

from ..codes import NL_CODE, level_series
from ..errors import SourceFileError
from ..vocab import Division, Status
from .common import SourceTable, check_unique, level_from_word, melt_columns, read_coded_csv, read_csv_checked

logger = logging.getLogger(__name__)


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
    frame = read_coded_csv(path, code="code", required=["niveau", "code", "naam", *KWB_BUURT_COLUMNS[:1]])
    columns = [c for c in KWB_BUURT_COLUMNS if c in frame.columns]
    long = melt_columns(
        frame,
        code="code",
        level=level_from_word(frame["niveau"], path),
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
    frame = read_coded_csv(path, code="WijkenEnBuurten", required=["WijkenEnBuurten", "AantalInwoners_5"])
    columns = [c for c in KWB_GMWK_COLUMNS if c in frame.columns]
    long = melt_columns(
        frame,
        code="WijkenEnBuurten",
        level=level_series(frame["WijkenEnBuurten"]),
        period=2024,
        columns=columns,
        empty_status=Status.MISSING_OR_SECRET,
        source=path,
    )
    return SourceTable("kwb2024_gemeenten_wijken", Division.CBS2024, long)


def read_kwb_excel_rows(path: Path, year: int) -> SourceTable:
    """Rows of the CBS kwb-YYYY.xlsx (original short column names) as text; ``.`` = missing
    or secret (the Excel file does not tell them apart)."""
    frame = read_coded_csv(path, code="gwb_code_10", required=["gwb_code_10", "recs", "regio", "a_inw"])
    skip = {"gwb_code_10", "gwb_code_8", "regio", "gm_naam", "recs", "gwb_code", "ind_wbi", "pst_mvp", "pst_dekp"}
    columns = [c for c in frame.columns if c not in skip]
    long = melt_columns(
        frame,
        code="gwb_code_10",
        level=level_from_word(frame["recs"], path),
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
        level=level_series(renamed["code"]),
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
    frame = read_coded_csv(path, code="code", keys=("year",), required=[*KWB2019_KEYS, "population"])
    columns = [c for c in frame.columns if c not in KWB2019_KEYS]
    long = melt_columns(
        frame,
        code="code",
        level=level_from_word(frame["level"], path),
        period=pd.to_numeric(frame["year"], errors="raise"),
        columns=columns,
        empty_status=Status.MISSING_OR_SECRET,
        source=path,
    )
    return SourceTable("kwb2019_three", Division.CBS2019, long)

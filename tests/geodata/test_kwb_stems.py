"""KWB of every year, read by CBS's column stem (issue 10, part 2): tiny hand-built files whose
columns carry the different position suffixes CBS gives the same variable in different years."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geodata.catalog import load_catalog, parse_catalog, parse_sources
from geodata.errors import CatalogError, SourceFileError
from geodata.sources.common import SourceTable
from geodata.sources.kwb import column_stem, read_kwb_odata
from geodata.sources.registry import TABLE_READERS, check_catalog_columns

# the same variables under their 2019 (84583NED) and 2024 (85984NED) keys, as fetch writes them
KWB_2019 = """niveau,code,naam,gemeentecode,wijkcode,WijkenEnBuurten,Gemeentenaam_1,SoortRegio_2,Codering_3,AantalInwoners_5,HuishOnderOfRondSociaalMinimum_79,WmoClientenRelatief_94,Nettoarbeidsparticipatie_71
Land,NL00,Nederland,,,NL00,Nederland,Land,NL00,17282163,8.2,62,67.8
Gemeente,GM0344,Utrecht,GM0344,,GM0344,Utrecht,Gemeente,GM0344,352866,9.0,55,70.4
Wijk,WK034403,Wijk 03 Overvecht,GM0344,WK034403,WK034403,Utrecht,Wijk,WK034403,34290,,103,58.9
"""
KWB_2024 = """niveau,code,naam,gemeentecode,wijkcode,WijkenEnBuurten,AantalInwoners_5,HuishOnderOfRondSociaalMinimum_73,WmoClientenRelatief_90,MeestVoorkomendePostcode_118
Gemeente,GM0344,Utrecht,GM0344,,GM0344,374238,7.1,60,
Wijk,WK034403,Wijk 03 Overvecht,GM0344,WK034403,WK034403,35255,15.2,98,
Buurt,BU03440322,Neckardreef en omgeving,GM0344,WK034403,BU03440322,4445,17.0,101,3562
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def values(table: SourceTable) -> dict[tuple[str, str], float]:
    ok = table.frame[table.frame["status"] == "ok"]
    return {(r.area_code, r.column): r.value for r in ok.itertuples()}


@pytest.mark.parametrize(
    ("key", "stem"),
    [
        ("AantalInwoners_5", "AantalInwoners"),
        ("HuishOnderOfRondSociaalMinimum_79", "HuishOnderOfRondSociaalMinimum"),
        ("k_65JaarOfOuder_12", "k_65JaarOfOuder"),
        ("k_0Tot15Jaar_8", "k_0Tot15Jaar"),
        ("code", "code"),
        ("WijkenEnBuurten", "WijkenEnBuurten"),
    ],
)
def test_column_stem(key, stem):
    assert column_stem(key) == stem


def test_two_years_with_different_suffixes_give_the_same_stems(tmp_path):
    t2019 = read_kwb_odata(write(tmp_path, "k19.csv", KWB_2019), year=2019)
    t2024 = read_kwb_odata(write(tmp_path, "k24.csv", KWB_2024), year=2024)
    stems = {"AantalInwoners", "HuishOnderOfRondSociaalMinimum", "WmoClientenRelatief"}
    assert stems <= set(t2019.frame["column"]) and stems <= set(t2024.frame["column"])
    v19, v24 = values(t2019), values(t2024)
    assert v19[("WK034403", "AantalInwoners")] == 34290 and v24[("WK034403", "AantalInwoners")] == 35255
    assert v19[("GM0344", "HuishOnderOfRondSociaalMinimum")] == 9.0
    assert v24[("GM0344", "HuishOnderOfRondSociaalMinimum")] == 7.1
    assert set(t2019.frame["period"]) == {2019} and set(t2024.frame["period"]) == {2024}


def test_labels_are_not_measures_and_empty_is_missing_or_secret(tmp_path):
    table = read_kwb_odata(write(tmp_path, "k19.csv", KWB_2019), year=2019)
    assert not {"Gemeentenaam", "SoortRegio", "Codering", "naam", "niveau", "WijkenEnBuurten"} & set(
        table.frame["column"]
    )
    cell = table.frame[
        (table.frame["area_code"] == "WK034403") & (table.frame["column"] == "HuishOnderOfRondSociaalMinimum")
    ]
    assert cell["status"].tolist() == ["missing_or_secret"] and cell["value"].isna().all()
    t2024 = read_kwb_odata(write(tmp_path, "k24.csv", KWB_2024), year=2024)
    assert "MeestVoorkomendePostcode" not in set(t2024.frame["column"])


def test_levels_names_and_the_national_code(tmp_path):
    table = read_kwb_odata(write(tmp_path, "k19.csv", KWB_2019), year=2019)
    levels = table.frame.drop_duplicates("area_code").set_index("area_code")["level"].to_dict()
    assert levels == {"NL01": "nl", "GM0344": "gemeente", "WK034403": "wijk"}  # KWB's NL00 is the store's NL01
    assert table.names["WK034403"] == "Wijk 03 Overvecht"
    t2024 = read_kwb_odata(write(tmp_path, "k24.csv", KWB_2024), year=2024)
    assert values(t2024)[("BU03440322", "AantalInwoners")] == 4445


def test_aliases_rename_a_stem_cbs_changed(tmp_path):
    text = "code,AantalInwoners_5,PercentageJongerenMetJeugdzorg_85\nGM0344,1,12.5\n"
    table = read_kwb_odata(
        write(tmp_path, "k.csv", text), year=2018, aliases={"PercentageJongerenMetJeugdzorg": "Jeugdzorg"}
    )
    assert set(table.frame["column"]) == {"AantalInwoners", "Jeugdzorg"}


def test_two_columns_with_one_stem_are_refused(tmp_path):
    text = "code,AantalInwoners_5,AantalInwoners_6\nGM0344,1,2\n"
    with pytest.raises(SourceFileError, match="share the stem 'AantalInwoners'.*aliases"):
        read_kwb_odata(write(tmp_path, "k.csv", text), year=2019)


def test_raw_odata_columns_without_the_layout_are_read_too(tmp_path):
    text = "WijkenEnBuurten,AantalInwoners_5\nGM0344    ,352866\n"
    table = read_kwb_odata(write(tmp_path, "k.csv", text), year=2019)
    assert values(table) == {("GM0344", "AantalInwoners"): 352866}


# -------------------------------------------------------------------- the catalogue: stem groups

SOURCES = {
    f"kwb{y}": {
        "kind": "table",
        "title": f"KWB {y}",
        "publisher": "CBS",
        "table": t,
        "licence": "CC BY 4.0",
        "citation": "Bron: CBS",
        "file": f"indicators/kwb_{y}.csv",
        "reader": "kwb_odata",
        "args": {"year": y},
        "division": f"cbs{y}",
        "required": False,
        "stem_group": "kwb",
    }
    for y, t in ((2019, "84583NED"), (2024, "85984NED"), (2016, "83487NED"))
}


def indicator(*refs: dict) -> dict:
    return {
        "id": "youth_care_pct",
        "name_nl": "j",
        "name_en": "y",
        "action_line": "3",
        "core": True,
        "unit_nl": "%",
        "unit_en": "%",
        "direction": "neutral",
        "aggregation": {"rule": "sum"},
        "definition_nl": "d",
        "definition_en": "d",
        "sources": list(refs),
    }


def test_a_stem_group_ref_names_every_year_newest_first():
    cat = parse_catalog(
        {"indicators": [indicator({"stem_group": "kwb", "column": "AantalInwoners"})]},
        sources=parse_sources({"sources": SOURCES}),
    )
    refs = cat["youth_care_pct"].sources
    assert [(r.source, r.column, r.group) for r in refs] == [
        ("kwb2024", "AantalInwoners", "kwb"),
        ("kwb2019", "AantalInwoners", "kwb"),
        ("kwb2016", "AantalInwoners", "kwb"),
    ]


def test_since_and_until_split_a_group_at_a_definition_change():
    refs = [
        {"stem_group": "kwb", "column": "PercentageJongerenMetJeugdzorg", "since": 2020},
        {"stem_group": "kwb", "column": "PercentageJongerenMetJeugdzorg", "until": 2019, "comparable": False},
    ]
    cat = parse_catalog({"indicators": [indicator(*refs)]}, sources=parse_sources({"sources": SOURCES}))
    assert [(r.source, r.comparable) for r in cat["youth_care_pct"].sources] == [
        ("kwb2024", True),
        ("kwb2019", False),
        ("kwb2016", False),
    ]


def test_an_unknown_stem_group_names_the_known_ones():
    with pytest.raises(CatalogError, match="no source has stem_group 'kbw'; known groups: kwb"):
        parse_catalog(
            {"indicators": [indicator({"stem_group": "kbw", "column": "X"})]},
            sources=parse_sources({"sources": SOURCES}),
        )


def test_a_year_without_the_variable_is_not_a_catalogue_error():
    cat = parse_catalog(
        {"indicators": [indicator({"stem_group": "kwb", "column": "WmoClientenRelatief"})]},
        sources=parse_sources({"sources": SOURCES}),
    )
    frame = pd.DataFrame(
        {
            "area_code": ["GM0344"],
            "level": ["gemeente"],
            "period": [2016],
            "column": ["AantalInwoners"],
            "value": [1.0],
            "status": ["ok"],
        }
    )
    check_catalog_columns(cat, {"kwb2016": SourceTable("kwb2016", "cbs2016", frame)})  # 2016 lacks Wmo: fine


def test_the_committed_registry_has_every_kwb_year_as_a_manifest_line():
    cat = load_catalog()
    years = sorted(int(s.args["year"]) for s in cat.sources.values() if s.stem_group == "kwb")
    assert years == list(range(2016, 2026))
    assert all(s.reader == "kwb_odata" and not s.required for s in cat.sources.values() if s.stem_group == "kwb")
    assert TABLE_READERS["kwb_odata"] is read_kwb_odata
    social = [r.source for r in cat["social_minimum_pct"].sources if r.group == "kwb"]
    assert social[:2] == ["kwb2025", "kwb2024"] and social[-1] == "kwb2016"

"""Readers, CBS code helpers, settings and the catalogue, on tiny files written to tmp_path."""

from __future__ import annotations

import copy
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Polygon, box

from geodata import RD_NEW, WGS84
from geodata.catalog import load_catalog, parse_sources
from geodata.catalog import parse_catalog as _parse_catalog
from geodata.codes import check_code, gemeente_of, level_of, normalise_name, rest_code, wijk_of
from geodata.errors import (
    AreaCodeError,
    CatalogError,
    CRSError,
    DataDirectoryMissing,
    DuplicateRowsError,
    GeometryError,
    SourceFileError,
)
from geodata.settings import CACHE_DIR_VAR, DATA_DIR_VAR, PROJECT_ROOT, Settings
from geodata.sources import indicators as I
from geodata.sources import kwb as K
from geodata.sources.boundaries import read_gemeenten, read_layer
from geodata.sources.common import SourceTable, decode_numeric, read_csv_checked
from geodata.sources.registry import check_catalog_columns
from geodata.vocab import Status

OK, MISSING, SECRET, MISSING_OR_SECRET = Status.OK, Status.MISSING, Status.SECRET, Status.MISSING_OR_SECRET

# ----------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "raw, value, status",
    [
        ("3", 3.0, OK),
        (" 7 ", 7.0, OK),
        ("1,5", 1.5, OK),
        ("-2,25", -2.25, OK),
        ("0", 0.0, OK),
        (".", np.nan, MISSING_OR_SECRET),
        ("x", np.nan, SECRET),
        ("X", np.nan, SECRET),
        ("-99999997", np.nan, SECRET),
        ("-99999999", np.nan, MISSING),
        ("-99999995", np.nan, MISSING),
        ("", np.nan, MISSING),
        ("NA", np.nan, MISSING),
        (None, np.nan, MISSING),
        ("n.v.t.", np.nan, MISSING),
    ],
)
def test_decode_numeric(raw, value, status):
    values, statuses = decode_numeric(pd.Series([raw], dtype=object))

    assert statuses.tolist() == [status]
    np.testing.assert_equal(values.to_numpy(), np.array([value]))


def test_decode_numeric_empty_means_what_the_source_says():
    _, statuses = decode_numeric(pd.Series(["", "12"]), empty_status=MISSING_OR_SECRET)
    assert statuses.tolist() == [MISSING_OR_SECRET, OK]


def test_decode_numeric_keeps_the_index():
    raw = pd.Series(["1", "."], index=[10, 20])
    values, statuses = decode_numeric(raw)
    assert values.index.tolist() == statuses.index.tolist() == [10, 20]


# ----------------------------------------------------------------------------- CSV readers

#: one valid row per reader, in the source's own column names; the first column listed is required
SAMPLES = {
    "misdrijven": (
        I.read_misdrijven,
        {
            "niveau": "Buurt",
            "code": "BU03440300",
            "naam": "Wittevrouwen",
            "gemeentecode": "GM0344",
            "wijkcode": "WK034403",
            "jaar": "2024",
            "geregistreerde_misdrijven": "120",
            "buurtkoppeling_betrouwbaar": "True",
        },
        ["code", "jaar"],
    ),
    "kwb_buurten": (
        K.read_kwb_buurten_2024,
        {"niveau": "Buurt", "code": "BU03440300", "naam": "Wittevrouwen", "AantalInwoners_5": "1200"},
        ["code"],
    ),
    "kwb_gemeenten_wijken": (
        K.read_kwb_gemeenten_wijken_2024,
        {"WijkenEnBuurten": "WK034403", "AantalInwoners_5": "35255"},
        ["WijkenEnBuurten"],
    ),
    "kwb_excel": (
        lambda path: K.read_kwb_excel_rows(path, 2024),
        {"gwb_code_10": "BU03440300", "recs": "Buurt", "regio": "Wittevrouwen", "a_inw": "1200"},
        ["gwb_code_10"],
    ),
    "leefbaarometer": (
        I.read_leefbaarometer,
        {
            "bu_code": "BU03440300",
            "versie": "3.0",
            "jaar": "2020",
            "bu_naam": "Wittevrouwen",
            "lbm": "4.2",
            "afw": "0.1",
            "fys": "0",
            "onv": "0.02",
            "soc": "NA",
            "vrz": "0",
            "won": "0",
        },
        ["bu_code", "jaar"],
    ),
    "gezondheid": (
        I.read_gezondheid_50150,
        {
            "niveau": "Buurt",
            "code": "BU03440300",
            "naam": "Wittevrouwen",
            "jaar": "2024",
            "GoedErvarenGezondheid_pct_18plus": "75,5",
        },
        ["code", "jaar"],
    ),
    "gemeenten": (
        I.read_gemeenten_indicatoren,
        {"gemeentecode": "GM0344", "gemeentenaam": "Utrecht", "jaar": "2024", "aantal_inwoners": "374238"},
        ["gemeentecode", "jaar"],
    ),
}
READERS = pytest.mark.parametrize("name", list(SAMPLES))


def write_csv(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture
def sample_file(tmp_path, name) -> Path:
    """A valid one-row file for reader ``name``."""
    return write_csv(tmp_path / f"{name}.csv", [SAMPLES[name][1]])


@READERS
def test_reader_reads_a_valid_file(name, sample_file):
    table = SAMPLES[name][0](sample_file)

    assert isinstance(table, SourceTable)
    row = SAMPLES[name][1]
    code = next(v for k, v in row.items() if k in ("code", "WijkenEnBuurten", "gwb_code_10", "bu_code", "gemeentecode"))
    assert code in set(table.frame["area_code"])
    assert set(table.frame["status"]) <= {OK, MISSING, MISSING_OR_SECRET, SECRET}


@READERS
def test_reader_names_a_missing_file(name, tmp_path):
    path = tmp_path / "never_downloaded.csv"
    with pytest.raises(SourceFileError, match="never_downloaded.csv: file not found") as err:
        SAMPLES[name][0](path)
    assert err.value.path == path
    assert DATA_DIR_VAR in str(err.value)


@READERS
def test_reader_names_an_empty_file(name, tmp_path):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(b"")
    with pytest.raises(SourceFileError, match=f"{name}.csv: file is empty"):
        SAMPLES[name][0](path)


@READERS
def test_reader_names_a_missing_required_column(name, tmp_path):
    reader, row, keys = SAMPLES[name]
    dropped = keys[-1]
    path = write_csv(tmp_path / f"{name}.csv", [{k: v for k, v in row.items() if k != dropped}])

    with pytest.raises(SourceFileError, match=f"{name}.csv: missing column\\(s\\) {dropped}"):
        reader(path)


@pytest.mark.parametrize("damage", ["cut-mid-row", "unclosed-quote", "binary"])
@READERS
def test_reader_names_a_truncated_or_garbled_file(name, sample_file, damage):
    text = sample_file.read_bytes()
    if damage == "cut-mid-row":
        sample_file.write_bytes(text[:-4])  # the download stopped inside the last row
    elif damage == "unclosed-quote":
        sample_file.write_bytes(text + b'"' + text.splitlines()[-1][:8] + b"\n")
    else:
        sample_file.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe" + bytes(range(256)) + b"\n")

    with pytest.raises(SourceFileError) as err:
        SAMPLES[name][0](sample_file)
    assert sample_file.name in str(err.value)


@pytest.mark.parametrize(
    "name, key",
    [
        ("misdrijven", "code, jaar"),
        ("kwb_buurten", "code"),
        ("leefbaarometer", "bu_code, jaar"),
        ("gezondheid", "code, jaar"),
        ("kwb_gemeenten_wijken", "WijkenEnBuurten"),
    ],
)
def test_duplicate_rows_are_refused(name, key, tmp_path):
    reader, row, _ = SAMPLES[name]
    path = write_csv(tmp_path / f"{name}.csv", [row, row])

    with pytest.raises(DuplicateRowsError, match=f"{name}.csv: duplicate rows for key \\({key}\\)"):
        reader(path)


def test_same_code_in_another_year_is_no_duplicate(tmp_path):
    row = SAMPLES["misdrijven"][1]
    path = write_csv(tmp_path / "m.csv", [row, {**row, "jaar": "2023", "geregistreerde_misdrijven": "99"}])

    table = I.read_misdrijven(path)

    assert sorted(table.frame["period"]) == [2023, 2024]
    assert sorted(table.frame["value"]) == [99.0, 120.0]


def test_unknown_level_word_is_refused(tmp_path):
    path = write_csv(tmp_path / "m.csv", [{**SAMPLES["misdrijven"][1], "niveau": "Provincie"}])
    with pytest.raises(SourceFileError, match="m.csv: unknown level value\\(s\\) \\['Provincie'\\]"):
        I.read_misdrijven(path)


def test_kwb_buurten_empty_cell_is_missing_or_secret(tmp_path):
    rows = [
        {**SAMPLES["kwb_buurten"][1], "code": "BU03440300"},
        {**SAMPLES["kwb_buurten"][1], "code": "BU03440301", "AantalInwoners_5": ""},
    ]
    frame = K.read_kwb_buurten_2024(write_csv(tmp_path / "k.csv", rows)).frame.set_index("area_code")

    assert frame.loc["BU03440300", "status"] == OK and frame.loc["BU03440300", "value"] == 1200.0
    assert frame.loc["BU03440301", "status"] == MISSING_OR_SECRET
    assert frame["level"].unique().tolist() == ["buurt"]


def test_ses_woa_export_with_bom_semicolons_and_padding(tmp_path):
    header = [
        "Perioden",
        "Wijken en buurten",
        "Regiocode (gemeente, wijk, buurt) (code)",
        "Particuliere huishoudens (Aantal)",
        "SES-WOA/Totaalscore/Gemiddelde score (Getal)",
        "Opleidingsniveau/Laag/Waarde (%)",
    ]
    rows = [["2019", "Burgwallen-Oude Zijde  ", "BU03630000", "  2600", "  0,123", "       ."]]
    text = "\n".join(";".join(f'"{c}"' for c in r) for r in [header, *rows]) + "\n"
    path = tmp_path / "ses.csv"
    path.write_bytes(text.encode("utf-8-sig"))

    frame = I.read_ses_woa(path).frame.set_index("column")

    assert frame.loc["particuliere_huishoudens", "value"] == 2600.0
    assert frame.loc["ses_woa_totaalscore", "value"] == pytest.approx(0.123)
    assert frame.loc["opleidingsniveau_laag_pct", "status"] == MISSING_OR_SECRET
    assert set(frame["area_code"]) == {"BU03630000"}


def test_read_csv_checked_accepts_a_complete_file_without_extra_columns(tmp_path):
    path = write_csv(tmp_path / "ok.csv", [{"a": 1, "b": 2}])
    frame = read_csv_checked(path, required=["a", "b"])
    assert frame.to_dict("records") == [{"a": 1, "b": 2}]


# ----------------------------------------------------------------------------- GeoPackage layers


def write_gpkg(path: Path, geometries, crs, **columns) -> Path:
    gpd.GeoDataFrame(columns, geometry=list(geometries), crs=crs).to_file(path)
    return path


def test_read_layer_refuses_the_wrong_crs(tmp_path):
    path = write_gpkg(
        tmp_path / "web_mercator.gpkg", [box(570_000, 6_800_000, 571_000, 6_801_000)], "EPSG:3857", code=["GM0344"]
    )

    with pytest.raises(CRSError, match="expected EPSG:28992, got EPSG:3857") as err:
        read_layer(path, expected_crs=RD_NEW)
    assert "web_mercator.gpkg" in str(err.value)
    assert "to_crs" in str(err.value)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_read_layer_refuses_a_layer_without_crs(tmp_path):
    path = write_gpkg(tmp_path / "no_crs.gpkg", [box(0, 0, 1, 1)], None, code=["GM0344"])
    with pytest.raises(CRSError, match="got None"):
        read_layer(path, expected_crs=RD_NEW)


def test_read_layer_repairs_a_bow_tie_only_where_the_registry_allows_it(tmp_path, caplog):
    x, y = 120_000, 480_000  # in the Netherlands (RD New)
    bow_tie = Polygon([(x, y), (x + 10, y + 10), (x + 10, y), (x, y + 10)])  # self-intersecting, 2 × 25
    assert not bow_tie.is_valid
    path = write_gpkg(tmp_path / "bow_tie.gpkg", [bow_tie, box(x + 20, y, x + 30, y + 10)], RD_NEW, code=["a", "b"])

    with pytest.raises(GeometryError, match=r"bow_tie.gpkg: 1 invalid geometries \(a: Self-intersection"):
        read_layer(path, expected_crs=RD_NEW)
    frame = read_layer(path, expected_crs=RD_NEW, repair=True)

    assert frame.is_valid.all()
    assert frame.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert frame.area.tolist() == pytest.approx([50.0, 100.0])
    assert frame["code"].tolist() == ["a", "b"]
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("bow_tie.gpkg" in w and "a: Self-intersection" in w for w in warned), warned


@pytest.mark.parametrize("damage", ["truncated", "not-a-geopackage"])
def test_read_layer_names_a_damaged_file(tmp_path, damage):
    path = write_gpkg(tmp_path / "layer.gpkg", [box(0, 0, 1, 1)], RD_NEW, code=["a"])
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2] if damage == "truncated" else b"<html>404 Not Found</html>\n")

    with pytest.raises(SourceFileError, match="layer.gpkg: cannot be read as a GeoPackage"):
        read_layer(path, expected_crs=RD_NEW)


def test_read_layer_names_a_missing_file(tmp_path):
    with pytest.raises(SourceFileError, match="gemeenten_2031.gpkg: file not found"):
        read_layer(tmp_path / "gemeenten_2031.gpkg", expected_crs=WGS84)


def test_read_gemeenten_standardises_and_reprojects(tmp_path):
    # Utrecht's town hall is at about 5.12 E, 52.09 N; RD New about (136 000, 455 800)
    path = write_gpkg(
        tmp_path / "gemeenten_2024.gpkg",
        [box(5.11, 52.08, 5.13, 52.10), box(0, 0, 0.01, 0.01)],
        WGS84,
        gemeentecode=["GM0344", "GM0998"],
        gemeentenaam=[" Utrecht ", "Buitenland"],
        aantal_inwoners=[374_238, None],
    )

    frame = read_gemeenten(path, 2024, keep=["aantal_inwoners"])

    assert frame.crs.equals(RD_NEW)
    assert frame[["code", "name", "level", "year", "gemeente_code"]].to_dict("records") == [
        {"code": "GM0344", "name": "Utrecht", "level": "gemeente", "year": 2024, "gemeente_code": "GM0344"}
    ]
    assert frame["aantal_inwoners"].tolist() == [374_238]
    x, y = frame.geometry.iloc[0].centroid.coords[0]
    assert 134_000 < x < 138_000 and 454_000 < y < 458_000


def test_layer_with_a_malformed_code_is_refused(tmp_path):
    path = write_gpkg(
        tmp_path / "gemeenten_2024.gpkg",
        [box(5.11, 52.08, 5.13, 52.10)],
        WGS84,
        gemeentecode=["GM344"],
        gemeentenaam=["Utrecht"],
    )
    with pytest.raises(AreaCodeError, match="'GM344'"):
        read_gemeenten(path, 2024)


# ----------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    "code, level",
    [
        ("GM0344", "gemeente"),
        ("WK034403", "wijk"),
        ("WK0363FA", "wijk"),
        ("BU03440300", "buurt"),
        ("BU0363AF08", "buurt"),
        ("NL01", "nl"),
    ],
)
def test_level_of_good_codes(code, level):
    assert level_of(code) == level
    if level != "nl":
        assert check_code(code, level) == code


@pytest.mark.parametrize(
    "code",
    ["GM344", "GM03444", "gm0344", "WK03440", "BU0344030", "BU034403000", "XX034403", "", None, 344, " ", "WK0344-3"],
)
def test_level_of_bad_codes(code):
    with pytest.raises(AreaCodeError) as err:
        level_of(code)
    assert repr(code) in str(err.value)


@pytest.mark.parametrize(
    "code, level",
    [
        ("WK034403", "gemeente"),
        ("GM0344", "wijk"),
        ("BU03440300", "wijk"),
        ("WK034403", "buurt"),
        ("BU0344030", "buurt"),
        (None, "gemeente"),
    ],
)
def test_check_code_refuses_the_wrong_level(code, level):
    with pytest.raises(AreaCodeError, match=f"not a {level} code; expected e.g."):
        check_code(code, level)


def test_check_code_strips_padding():
    assert check_code("  BU03440300 ", "buurt") == "BU03440300"


def test_code_helpers():
    assert gemeente_of("BU0363AF08") == "GM0363"
    assert wijk_of("BU0363AF08") == "WK0363AF"
    assert gemeente_of("WK034403") == "GM0344"
    assert rest_code("UTR_OV") == "REST_UTR_OV"
    assert normalise_name("’s-Gravenhage") == normalise_name("'S GRAVENHAGE")
    assert normalise_name("Oud-Zuid") != normalise_name("Oud-West")


# ----------------------------------------------------------------------------- settings


def test_settings_defaults_without_environment():
    s = Settings.from_env({})
    assert s.data_dir == PROJECT_ROOT.parent / "shared" / "data"
    assert s.cache_dir == PROJECT_ROOT / ".cache" / "store"
    assert s.baseline_year == 2022


def test_settings_from_a_mapping(tmp_path):
    s = Settings.from_env(
        {DATA_DIR_VAR: str(tmp_path), CACHE_DIR_VAR: "build/store", "ZOF_BASELINE_YEAR": "2020", "UNRELATED": "x"}
    )
    assert s.data_dir == tmp_path
    assert s.cache_dir == PROJECT_ROOT / "build" / "store"  # relative to the project, not the cwd
    assert s.baseline_year == 2020


def test_settings_explicit_argument_beats_environment(tmp_path):
    s = Settings.from_env(
        {DATA_DIR_VAR: "/nonexistent", "ZOF_BASELINE_YEAR": "2020"},
        data_dir=tmp_path,
        baseline_year=2024,
        cache_dir=None,
    )
    assert (s.data_dir, s.baseline_year) == (tmp_path, 2024)
    assert s.cache_dir == PROJECT_ROOT / ".cache" / "store"


def test_settings_empty_variable_means_default():
    assert Settings.from_env({DATA_DIR_VAR: ""}).data_dir == Settings().data_dir


def test_settings_refuses_a_baseline_that_is_not_a_year():
    with pytest.raises(ValueError, match="ZOF_BASELINE_YEAR='twenty'"):
        Settings.from_env({"ZOF_BASELINE_YEAR": "twenty"})


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings.from_env({}).baseline_year = 2000  # type: ignore[misc]


def test_require_data_dir_names_the_path_and_the_variable(tmp_path):
    missing = tmp_path / "no_data_here"
    with pytest.raises(DataDirectoryMissing, match=DATA_DIR_VAR) as err:
        Settings.from_env({DATA_DIR_VAR: str(missing)}).require_data_dir()
    assert str(missing) in str(err.value)
    assert Settings.from_env({DATA_DIR_VAR: str(tmp_path)}).require_data_dir() == tmp_path


# ----------------------------------------------------------------------------- catalogue


def indicator(iid: str, rule: dict, sources: list[dict] | None = None, **fields) -> dict:
    return {
        "id": iid,
        "name_nl": iid,
        "name_en": iid,
        "action_line": "context",
        "core": False,
        "unit_nl": "aantal",
        "unit_en": "count",
        "direction": "neutral",
        "aggregation": rule,
        "definition_nl": "d",
        "definition_en": "d",
        "sources": [{"source": "kwb", "column": iid.upper()}] if sources is None else sources,
        **fields,
    }


@pytest.fixture
def raw_catalog() -> dict:
    """A small valid catalogue: two counts, a weighted mean and a ratio."""
    return {
        "sources": {
            "kwb": {
                "kind": "table",
                "title": "KWB",
                "publisher": "CBS",
                "table": 85984,
                "licence": "CC BY 4.0",
                "citation": "Bron: CBS",
                "file": "indicators/kwb.csv",
                "reader": "kwb_selection_2024",
                "division": "cbs2024",
            }
        },
        "indicators": [
            indicator("population", {"rule": "sum"}),
            indicator("registered_crimes", {"rule": "sum"}),
            indicator("income", {"rule": "weighted_mean", "weight": "population"}),
            indicator(
                "crimes_per_1000",
                {"rule": "ratio", "numerator": "registered_crimes", "denominator": "population", "scale": 1000},
                sources=[],
            ),
        ],
    }


def parse_catalog(raw: dict):
    """The catalogue of ``raw``: its ``indicators`` with its ``sources`` as the source registry."""
    return _parse_catalog({"indicators": raw.get("indicators")}, sources=parse_sources({"sources": raw["sources"]}))


def test_parse_catalog_reads_a_valid_catalogue(raw_catalog):
    cat = parse_catalog(raw_catalog)

    assert list(cat.indicators) == ["population", "registered_crimes", "income", "crimes_per_1000"]
    assert cat["crimes_per_1000"].components == ("registered_crimes", "population")
    assert cat["crimes_per_1000"].scale == 1000.0
    assert cat["income"].weight == "population"
    assert cat.sources["kwb"].table == "85984"
    assert cat.columns_of("kwb") == {
        "POPULATION": "population",
        "REGISTERED_CRIMES": "registered_crimes",
        "INCOME": "income",
    }


def mutate(raw: dict, where: str, value) -> dict:
    """Copy of ``raw`` with one field of one indicator (``"income.field"``) or source changed."""
    raw = copy.deepcopy(raw)
    iid, _, field = where.partition(".")
    if iid == "sources":
        del raw["sources"]["kwb"][field]
        return raw
    entry = next(e for e in raw["indicators"] if e["id"] == iid)
    if value is KeyError:
        del entry[field]
    else:
        entry[field] = value
    return raw


@pytest.mark.parametrize(
    "where, value, message",
    [
        (
            "income.aggregation",
            {"rule": "weighted_mean", "weight": "households"},
            "'income' refers to unknown indicator 'households'",
        ),
        ("income.aggregation", {"rule": "weighted_mean", "weight": "crimes_per_1000"}, "not a count"),
        (
            "crimes_per_1000.aggregation",
            {"rule": "ratio", "numerator": "registered_crimes", "denominator": "people"},
            "unknown indicator 'people'",
        ),
        ("income.aggregation", {"rule": "weighted_mean"}, "weighted_mean needs a named 'weight'"),
        (
            "crimes_per_1000.aggregation",
            {"rule": "ratio", "numerator": "registered_crimes"},
            "ratio needs 'numerator' and 'denominator'",
        ),
        ("income.aggregation", {"rule": "average"}, "aggregation rule 'average'"),
        ("income.id", "Income", "'Income': id must be English snake_case"),
        ("income.id", "income-per-inhabitant", "id must be English snake_case"),
        ("income.id", "1income", "id must be English snake_case"),
        ("income.id", None, "id must be English snake_case"),
        ("income.id", "population", "'population' appears twice"),
        ("income.name_en", KeyError, "'income': missing field\\(s\\) name_en"),
        ("income.definition_nl", KeyError, "missing field\\(s\\) definition_nl"),
        ("income.action_line", "5", "action_line '5'"),
        ("income.direction", "up", "direction 'up'"),
        ("income.sources", [{"source": "cbs_statline", "column": "x"}], "unknown source 'cbs_statline'"),
        ("income.sources", [{"source": "kwb"}], "needs a 'column'"),
        ("income.sources", [], "'income': no sources"),
        ("sources.licence", None, "source 'kwb' lacks field 'licence'"),
    ],
)
def test_parse_catalog_rejects(raw_catalog, where, value, message):
    with pytest.raises(CatalogError, match=message):
        parse_catalog(mutate(raw_catalog, where, value))


def test_indicator_without_sources_may_be_marked_unavailable(raw_catalog):
    raw = mutate(raw_catalog, "income.sources", [])
    raw = mutate(raw, "income.available", False)
    assert not parse_catalog(raw)["income"].available


def test_parse_catalog_needs_both_top_level_keys():
    with pytest.raises(CatalogError, match="top-level mapping 'sources'"):
        parse_sources({"indicators": []})
    with pytest.raises(CatalogError, match="top-level list 'indicators'"):
        _parse_catalog({"sources": {}}, sources={})


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("kind", "polygons", "kind 'polygons' not one of"),
        ("division", "cbs1999", "division 'cbs1999' not one of"),
        ("reader", KeyError, "lacks field 'reader'"),
    ],
)
def test_parse_sources_rejects(raw_catalog, field, value, message):
    entry = dict(raw_catalog["sources"]["kwb"])
    if value is KeyError:
        del entry[field]
    else:
        entry[field] = value
    with pytest.raises(CatalogError, match=message):
        parse_sources({"sources": {"kwb": entry}})


def test_every_registered_source_has_a_reader():
    from geodata.sources.registry import check_readers

    check_readers(load_catalog())  # raises naming the source and the readers that exist


def test_committed_catalogue_loads():
    cat = load_catalog()
    assert "population" in cat and cat["population"].rule == "sum"
    assert cat["crimes_per_1000"].components == ("registered_crimes", "population")


def source_table(source: str, columns: list[str]) -> SourceTable:
    frame = pd.DataFrame(
        {"area_code": "GM0344", "level": "gemeente", "period": 2024, "column": columns, "value": 1.0, "status": OK}
    )
    return SourceTable(source, "cbs2024", frame)


def test_check_catalog_columns_accepts_columns_that_exist(raw_catalog):
    tables = {"kwb": source_table("kwb", ["POPULATION", "REGISTERED_CRIMES", "INCOME", "OTHER"])}
    check_catalog_columns(parse_catalog(raw_catalog), tables)


def test_check_catalog_columns_refuses_a_column_not_in_its_source(raw_catalog):
    tables = {"kwb": source_table("kwb", ["POPULATION", "REGISTERED_CRIMES", "Income_78"])}
    with pytest.raises(CatalogError, match="indicator 'income': column 'INCOME' is not in source 'kwb'"):
        check_catalog_columns(parse_catalog(raw_catalog), tables)


def test_check_catalog_columns_refuses_a_source_the_build_does_not_read(raw_catalog):
    with pytest.raises(CatalogError, match="source 'kwb' is not read by the build"):
        check_catalog_columns(parse_catalog(raw_catalog), {})

"""The CSV readers of the indicator sources (politie, KWB, Leefbaarometer, RIVM, SES-WOA, gemeenten) and
the decoding of CBS cells into values and statuses, on tiny files written to tmp_path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geodata.errors import DuplicateRowsError, SourceFileError
from geodata.settings import DATA_DIR_VAR
from geodata.sources import indicators as I
from geodata.sources import kwb as K
from geodata.sources.common import SourceTable, decode_numeric, read_csv_checked
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

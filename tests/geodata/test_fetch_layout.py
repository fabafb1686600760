"""The pure parts of ``python -m geodata fetch``, without a server: the committed manifest
(config/sources.yaml) has every source, a bad manifest entry is named with its fix, and a reply's rows
are laid out (names, levels, months summed to years) so that the build's readers read them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geodata.fetch import load_manifest, parse_manifest
from geodata.fetch.odata import table_frame

# ------------------------------------------------------------------------------ the real manifest

KWB_TABLES = {
    2016: "83487NED",
    2017: "83765NED",
    2018: "84286NED",
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
}


def test_manifest_has_every_kwb_year_and_the_partner_tables():
    m = load_manifest()
    kwb = {s.years[0]: s.table for s in m.specs.values() if s.id.startswith("kwb20") and len(s.id) == 7}
    assert {y: kwb[y] for y in KWB_TABLES} == KWB_TABLES
    assert all(set(m.specs[f"kwb{y}"].levels) == {"gemeente", "wijk", "buurt"} for y in KWB_TABLES)
    assert m.specs["politie_misdrijven"].table == "47022NED"
    assert {m.specs["rivm_50090"].catalogue, m.specs["rivm_50150"].catalogue} == {"dataderden"}
    assert {s.table for s in m.specs.values() if s.id.startswith("ses_woa")} >= {"85900NED"}
    assert {y for s in m.specs.values() if s.id.startswith("wijkbuurtkaart") for y in s.years} == set(KWB_TABLES)
    assert {2022, 2024} <= {y for s in m.specs.values() if s.id.startswith("leefbaarometer") for y in s.years}
    assert {i["indicator"] for i in m.not_available} >= {"school_advice", "debt_restructuring_pct", "suspects_under_25"}


# ------------------------------------------------------------------------------ the reply → layout (pure)


def test_table_frame_layout_from_padded_keys():
    feeds = {
        "TypedDataSet": [
            {"ID": 0, "WijkenEnBuurten": "NL00      ", "AantalInwoners_5": 17942942},
            {"ID": 1, "WijkenEnBuurten": "BU0363AF08", "AantalInwoners_5": None},
        ],
        "WijkenEnBuurten": [{"Key": "BU0363AF08", "Title": "Geuzenveld"}],
    }
    frame = table_frame(feeds)
    assert frame["niveau"].tolist() == ["Land", "Buurt"]
    assert frame.loc[1, ["code", "naam", "gemeentecode", "wijkcode"]].tolist() == [
        "BU0363AF08",
        "Geuzenveld",
        "GM0363",
        "WK0363AF",
    ]
    assert pd.isna(frame.loc[0, "gemeentecode"]) and pd.isna(frame.loc[1, "AantalInwoners_5"])


def test_months_are_summed_to_complete_years_only():
    rows = [
        {"WijkenEnBuurten": "GM0344    ", "Perioden": f"2021MM{m:02d}", "GeregistreerdeMisdrijven_1": 10}
        for m in range(1, 13)
    ]
    rows += [
        {"WijkenEnBuurten": "GM0344    ", "Perioden": f"2022MM{m:02d}", "GeregistreerdeMisdrijven_1": 10}
        for m in range(1, 12)
    ]
    frame = table_frame({"TypedDataSet": rows}, periods="month_to_year", rename={"GeregistreerdeMisdrijven_1": "n"})
    assert frame[["code", "jaar", "n"]].values.tolist() == [["GM0344", 2021, 120]]


def test_year_periods_become_jaar():
    rows = [{"WijkenEnBuurten": "GM0344", "Perioden": p, "X_4": 1.0} for p in ("2016JJ00", "2020JJ00")]
    assert table_frame({"TypedDataSet": rows})["jaar"].tolist() == [2016, 2020]


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ({"kind": "ftp"}, "kind 'ftp'"),
        ({"kind": "cbs_odata", "catalogue": "opendata"}, "needs 'table'"),
        ({"kind": "cbs_odata", "table": "1NED", "catalogue": "elsewhere"}, "catalogue 'elsewhere'"),
        ({"kind": "file", "url": "ftp://x"}, "http(s) 'url'"),
        ({"kind": "cbs_odata", "table": "1NED", "catalogue": "opendata", "periods": "weeks"}, "periods 'weeks'"),
    ],
)
def test_manifest_errors_name_the_entry_and_the_fix(block, message):
    from geodata.errors import CatalogError

    with pytest.raises(CatalogError, match="'x' fetch") as err:
        parse_manifest({"sources": {"x": {"file": "a.csv", "fetch": block}}})
    assert message in str(err.value)


def _write(frame: pd.DataFrame, path: Path) -> Path:
    path.write_text(frame.to_csv(index=False, lineterminator="\n"))
    return path


def test_the_layout_fits_the_misdrijven_reader(tmp_path):
    """47022NED as fetched (months summed, renamed per the manifest) reads with read_misdrijven."""
    from geodata.sources.indicators import read_misdrijven

    spec = load_manifest().specs["politie_misdrijven"]
    rows = [
        {
            "WijkenEnBuurten": code.ljust(10),
            "SoortMisdrijf": "0.0.0   ",
            "Perioden": f"2023MM{m:02d}",
            "GeregistreerdeMisdrijven_1": n,
        }
        for code, n in (("GM0344    ", 1000), ("BU03440322", 7))
        for m in range(1, 13)
    ]
    names = [{"Key": "GM0344    ", "Title": "Utrecht"}, {"Key": "BU03440322", "Title": "Neckardreef en omgeving"}]
    frame = table_frame({"TypedDataSet": rows, "WijkenEnBuurten": names}, periods=spec.periods, rename=spec.rename)
    table = read_misdrijven(_write(frame, tmp_path / "m.csv"))
    got = table.frame.set_index("area_code")[["level", "period", "value"]].to_dict("index")
    assert got == {
        "GM0344": {"level": "gemeente", "period": 2023, "value": 12000.0},
        "BU03440322": {"level": "buurt", "period": 2023, "value": 84.0},
    }


def test_the_layout_fits_the_rivm_50150_reader(tmp_path):
    from geodata.sources.indicators import read_gezondheid_50150

    spec = load_manifest().specs["rivm_50150"]
    rows = [
        {
            "WijkenEnBuurten": "GM0344    ",
            "Perioden": "2022JJ00",
            "Leeftijd": "20300",
            "Marges": "MW00000",
            "GoedErvarenGezondheid_4": 80.5,
        }
    ]
    frame = table_frame(
        {"TypedDataSet": rows, "WijkenEnBuurten": [{"Key": "GM0344    ", "Title": "Utrecht"}]}, rename=spec.rename
    )
    table = read_gezondheid_50150(_write(frame, tmp_path / "g.csv"))
    assert table.frame[["area_code", "period", "value"]].values.tolist() == [["GM0344", 2022, 80.5]]


def test_the_layout_fits_the_rivm_50090_reader_without_extra_columns(tmp_path):
    from geodata.sources.indicators import read_gezondheidsmonitor_50090

    row = {"Leeftijd": "20300", "Marges": "MW00000", "WijkenEnBuurten": "WK034403  ", "Perioden": "2020JJ00"}
    row |= {"Gemeentenaam_1": "Utrecht", "SoortRegio_2": "Wijk", "Codering_3": "WK034403", "Eenzaam_28": 55.1}
    frame = table_frame({"TypedDataSet": [row]})
    table = read_gezondheidsmonitor_50090(_write(frame, tmp_path / "r.csv"))
    assert table.frame[["area_code", "level", "period", "column", "value"]].values.tolist() == [
        ["WK034403", "wijk", 2020, "Eenzaam_28", 55.1]
    ]

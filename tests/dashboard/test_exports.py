"""The exports people open in Dutch Excel: the voortgang workbook (read back with openpyxl), the
voortgang CSV and the figures' CSV (read back with ``read_csv(sep=";", decimal=",")``)."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dashboard.exports import csv_bytes, export_rows_nl, neutralise
from geodata.progress import ReportPeriod, progress_matrix

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def client(store):
    from app import create_app
    from geodata.settings import Settings

    return create_app(Settings.from_env()).server.test_client()


@pytest.fixture(scope="module")
def workbook(client):
    r = client.get("/voortgang.xlsx?periode=2026-H1")
    assert r.status_code == 200, r.data[:300]
    assert r.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert r.headers["Content-Disposition"].startswith('attachment; filename="voortgang_2026-H1.xlsx"')
    return openpyxl.load_workbook(io.BytesIO(r.data))


def read_dutch_csv(data: bytes) -> pd.DataFrame:
    assert data.startswith("\ufeff".encode()), "UTF-8 with BOM, so Excel reads the accents"
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")


def test_the_workbook_has_a_sheet_per_action_line_and_the_explanation(workbook, store):
    assert workbook.sheetnames == ["2 - Wonen", "3 - Meedoen", "4 - Veiligheid", "Toelichting"]
    names = sorted(fa.name for fa in store.focus_areas)
    for ws in workbook.worksheets[:3]:
        rows = list(ws.iter_rows(min_row=3, values_only=True))
        assert [r[0] for r in rows] == names  # 20 rows, one per focus area
    text = " ".join(str(c) for row in workbook["Toelichting"].iter_rows(values_only=True) for c in row if c)
    assert "2026-06-30" in text and "CC BY 4.0" in text
    assert all(fa.id in text for fa in store.focus_areas), "the composition of each area"


def test_workbook_numbers_are_numbers_and_match_the_store(workbook, store):
    ws = workbook["4 - Veiligheid"]
    heads = [c.value for c in ws[1]]
    col = next(i for i, h in enumerate(heads) if h and h.startswith(store.catalog["lbm_nuisance_safety"].name("nl")))
    matrix = progress_matrix(
        store, baseline_year=2022, period=ReportPeriod.parse("2026-H1"), indicators=["lbm_nuisance_safety"]
    ).set_index("area")
    by_name = {fa.name: fa.id for fa in store.focus_areas}
    decimals = store.catalog["lbm_nuisance_safety"].decimals
    for row in ws.iter_rows(min_row=3, values_only=True):
        cell = matrix.loc[by_name[row[0]]]
        year, value = row[col + 2], row[col + 3]
        assert isinstance(year, int) and isinstance(value, float), (row[0], year, value)
        assert year == cell["latest_period"] and value == pytest.approx(round(cell["latest_value"], decimals))


def test_the_voortgang_csv_round_trips_to_the_matrix(client, store):
    r = client.get("/voortgang.csv?periode=2026-H1&lijnen=3&basis=2019")
    assert r.status_code == 200 and '_actielijn3.csv"' in r.headers["Content-Disposition"]
    frame = read_dutch_csv(r.data)
    inds = [i.id for i in store.catalog if i.core and i.action_line == "3"]
    matrix = progress_matrix(store, baseline_year=2019, period=ReportPeriod.parse("2026-H1"), indicators=inds)
    assert len(frame) == 20 * len(inds) and list(frame["id"].unique()) == inds
    dec = frame["id"].map(lambda i: store.catalog[i].decimals).to_numpy()
    got, want = frame["laatste waarde"].to_numpy(float), matrix["latest_value"].to_numpy(float)
    np.testing.assert_allclose(got, np.array([round(w, d) if not np.isnan(w) else w for w, d in zip(want, dec)]))
    assert set(frame["Status"].dropna()) <= {"volledig", "gedeeltelijk", "ontbreekt", "geheim", "niet te berekenen"}


@pytest.mark.parametrize(
    "indicator, level, area",
    [
        ("population", "focus_area", None),
        ("social_minimum_pct", "focus_area", "AMS_NW"),
        ("lbm_nuisance_safety", "gemeente", None),
        ("crimes_per_1000", "buurt", "GM0344"),
    ],
)
def test_the_dutch_csv_round_trips_to_the_store(client, store, indicator, level, area):
    query = f"indicator={indicator}&level={level}" + (f"&area={area}" if area else "")
    r = client.get("/download.csv?" + query)
    assert r.status_code == 200 and r.mimetype == "text/csv"
    frame = read_dutch_csv(r.data)
    want = store.export(indicator, level=level, area=area)
    assert list(frame.columns)[:4] == ["code", "Gebied", "niveau", "Jaar"]
    assert len(frame) == len(want) and not frame.duplicated(["code", "niveau", "Jaar"]).any()
    decimals = max(store.catalog[indicator].decimals, 0)
    np.testing.assert_allclose(frame["Waarde"].to_numpy(float), want["value"].round(decimals).to_numpy(float))
    assert (frame["Indicator"] == store.catalog[indicator].name("nl")).all()
    assert (frame["Eenheid"] == store.catalog[indicator].unit("nl")).all()
    assert not set(frame["Status"]) & {"ok", "partial", "missing", "secret"}, "Dutch status words"


def test_the_script_csv_stays_as_it_was(client, store):
    r = client.get("/download.csv?indicator=population&level=focus_area&area=UTR_OV&format=csv-en")
    frame = pd.read_csv(io.BytesIO(r.data))
    expected = store.export("population", level="focus_area", area="UTR_OV")
    assert list(frame.columns) == list(expected.columns) and len(frame) == len(expected)
    np.testing.assert_allclose(frame["value"], expected["value"])


def test_the_english_csv_has_english_words(client):
    frame = read_dutch_csv(client.get("/download.csv?indicator=population&level=focus_area&taal=en").data)
    assert list(frame.columns)[:4] == ["code", "Area", "level", "Year"]
    assert "focus area" in set(frame["level"])


@pytest.mark.parametrize(
    "query, word",
    [
        ("periode=2031-H1", "2031-H1"),
        ("periode=<script>", "periode"),  # not echoed as markup
        ("basis=1900", "1900"),
        ("lijnen=9", "lijnen"),
        ("taal=de", "taal"),
    ],
)
def test_a_bad_report_parameter_is_a_400_in_dutch(client, query, word):
    for route in ("/voortgang.xlsx", "/voortgang.csv"):
        r = client.get(f"{route}?{query}")
        assert r.status_code == 400 and r.mimetype == "text/plain"
        body = r.data.decode()
        assert body.startswith("Onbekende waarde") and word in body and "<script>" not in body


def test_formulas_are_neutralised_and_numbers_kept():
    frame = pd.DataFrame({"a": ["=HYPERLINK(1)", "@x", "+1", "-0,5", "gewoon"], "b": [1.5, 2.0, 3.25, -1.0, 0.0]})
    text = csv_bytes(frame.map(neutralise)).decode("utf-8-sig")
    assert text.splitlines()[1:] == ["'=HYPERLINK(1);1,5", "'@x;2,0", "'+1;3,25", "-0,5;-1,0", "gewoon;0,0"]


def test_export_rows_drop_duplicates_and_round_per_indicator(store):
    frame = store.export("population", level="focus_area", area="UTR_OV")
    rows = export_rows_nl(pd.concat([frame, frame.head(3)]), store.catalog)
    assert len(rows) == len(frame)
    assert str(rows["Waarde"].dtype) == "Int64", "counts as whole numbers"

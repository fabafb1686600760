"""The tables of the data-and-methods page, built without a store or a browser."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from dashboard import ids
from dashboard.pages import data


def test_composition_rows_name_the_municipality_and_every_whole_wijk(focus_area):
    partial = replace(focus_area, partial_wijken_whole=("WK000102",))
    c = SimpleNamespace(
        focus_areas=[focus_area, replace(partial, id="TST2", gemeente="GM0002")], gemeente_names={"GM0001": "Testdorp"}
    )
    first, second = data.composition_rows(c)
    assert (first["gemeente"], first["wijken"], first["buurten"]) == ("Testdorp", "WK000101", "BU00010201")
    assert second["gemeente"] == "GM0002", "an unknown municipality keeps its code"
    assert second["wijken"] == "WK000101, WK000102"


def test_data_table_names_its_columns_in_the_language_and_keeps_the_house_style():
    table = data.data_table(ids.SOURCES_TABLE, [{"bron": "CBS"}], ["bron", "licentie"], "en", sort_action="native")
    assert [col["name"] for col in table.columns] == ["source", "licence"]
    assert [col["id"] for col in table.columns] == ["bron", "licentie"]
    assert table.sort_action == "native" and table.style_cell == data.TABLE_STYLE["style_cell"]

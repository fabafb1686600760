"""The indicator catalogue and the source registry: parsing a small catalogue, what it refuses and with
which message, the committed catalogue, and the check of catalogue columns against the source tables."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from geodata.catalog import load_catalog, parse_sources
from geodata.catalog import parse_catalog as _parse_catalog
from geodata.errors import CatalogError
from geodata.sources.common import SourceTable
from geodata.sources.registry import check_catalog_columns
from geodata.vocab import Status

OK = Status.OK

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

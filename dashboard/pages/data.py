"""Data and methods page (``/data``): the indicator catalogue, the focus-area compositions, and the
sources with their licences."""

from __future__ import annotations

from dash import dash_table, html

from geodata.catalog import Catalog

from .. import ids
from ..about import rule_text
from ..components import panel
from ..i18n import t
from ..registry import REGISTRY, Page
from ..shell import LayoutContext

TABLE_STYLE = {
    "style_table": {"overflowX": "auto"},
    "style_cell": {
        "textAlign": "left",
        "whiteSpace": "normal",
        "height": "auto",
        "fontSize": "15px",
        "fontFamily": "inherit",
        "padding": "6px 8px",
        "minWidth": "80px",
        "maxWidth": "460px",
        "verticalAlign": "top",
    },
    "style_header": {"fontWeight": "bold", "backgroundColor": "#eef1f6"},
    "css": [{"selector": ".dash-spreadsheet td div", "rule": "line-height: 1.35;"}],
}


def columns(keys: list[str], lang: str) -> list[dict]:
    return [{"name": t(f"col_{k}", lang), "id": k} for k in keys]


def catalogue_rows(catalog: Catalog, lang: str) -> list[dict]:
    return [
        {
            "id": ind.id,
            "naam": ind.name(lang),
            "actielijn": ind.action_line,
            "kern": t("yes", lang) if ind.core else "",
            "eenheid": ind.unit(lang),
            "aggregatie": rule_text(ind, catalog, lang),
            "bronnen": "; ".join(
                [
                    *(
                        f"{catalog.sources[r.source].publisher} {catalog.sources[r.source].table} ({r.column})"
                        for r in ind.sources
                    ),
                    *([t("catalog_delivered", lang)] if ind.deliverable else []),
                ]
            )
            or t("not_available", lang),
            "definitie": ind.definition(lang),
        }
        for ind in catalog
    ]


def composition_rows(c: LayoutContext) -> list[dict]:
    """One row per focus area: its municipality, how sure its composition is, what it is made of."""
    return [
        {
            "id": fa.id,
            "naam": fa.name,
            "gemeente": c.gemeente_names.get(fa.gemeente, fa.gemeente),
            "betrouwbaarheid": fa.confidence,
            "wijken": ", ".join(fa.wijken + fa.partial_wijken_whole),
            "buurten": ", ".join(fa.buurten),
            "bron": fa.source,
            "opmerking": fa.remarks,
        }
        for fa in c.focus_areas
    ]


def source_rows(catalog: Catalog) -> list[dict]:
    """One row per source table: publisher, licence and how to cite it."""
    return [
        {
            "bron": s.title,
            "uitgever": s.publisher,
            "tabel": s.table,
            "licentie": s.licence,
            "vermelding": s.citation,
            "opmerking": s.note,
        }
        for s in catalog.sources_of_kind("table")
    ]


def data_table(table_id: str, rows: list[dict], keys: list[str], lang: str, **options) -> dash_table.DataTable:
    """A table of ``rows`` in the page's style, its columns ``keys`` named in ``lang``."""
    return dash_table.DataTable(id=table_id, data=rows, columns=columns(keys, lang), **options, **TABLE_STYLE)


def catalogue_panel(c: LayoutContext) -> html.Section:
    """The indicator catalogue, sortable and filterable, with where the delivered figures come in."""
    lang = c.lang
    delivery = [t("catalog_delivery_note", lang), " ", html.A(t("portal_title", lang), href="/aanleveren"), "."]
    keys = ["id", "naam", "actielijn", "kern", "eenheid", "aggregatie", "bronnen", "definitie"]
    table = data_table(
        ids.CATALOG_TABLE,
        catalogue_rows(c.catalog, lang),
        keys,
        lang,
        sort_action="native",
        page_size=40,
        filter_action="native",
        filter_options={"placeholder_text": t("filter_placeholder", lang)},
    )
    return panel(t("catalog", lang), html.P(delivery), table)


def layout(c: LayoutContext) -> list:
    lang = c.lang
    fa_keys = ["id", "naam", "gemeente", "betrouwbaarheid", "wijken", "buurten", "bron", "opmerking"]
    source_keys = ["bron", "uitgever", "tabel", "licentie", "vermelding", "opmerking"]
    return [
        html.H2(t("data_title", lang), className="page-title"),
        catalogue_panel(c),
        panel(
            t("compositions", lang),
            data_table(ids.FOCUS_TABLE, composition_rows(c), fa_keys, lang, sort_action="native"),
        ),
        panel(t("sources", lang), data_table(ids.SOURCES_TABLE, source_rows(c.catalog), source_keys, lang)),
    ]


page = REGISTRY.add(Page("data", "/data", "nav_data", layout, order=80))

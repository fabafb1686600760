"""Readers by name: what ``reader:`` in ``config/sources.yaml`` refers to.

A boundary reader takes ``(path, **args)`` and returns a standard layer (see
:mod:`geodata.sources.boundaries`); a table reader takes ``(path, **args)`` and returns a
:class:`~geodata.sources.common.SourceTable`. ``tmap_table`` reads the attributes of a boundary
layer that is read anyway (``args.layer`` names that boundary source), so the file is read once.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from ..catalog import Catalog, Source
from ..errors import CatalogError, SourceFileError
from . import boundaries as B
from . import indicators as I
from . import kwb as K
from .common import SourceTable

logger = logging.getLogger(__name__)

BOUNDARY_READERS: dict[str, Callable[..., gpd.GeoDataFrame]] = {
    "gemeenten": B.read_gemeenten,
    "wijken_2024": B.read_wijken_2024,
    "buurten_2024_schematic": B.read_buurten_2024_schematic,
    "amsterdam_buurten": B.read_amsterdam_buurten,
    "buurten_2019": B.read_buurten_2019,
    "wijken_2022_tmap": B.read_wijken_2022_tmap,
    "gemeenten_2022_tmap": B.read_gemeenten_2022_tmap,
}

TABLE_READERS: dict[str, Callable[..., SourceTable]] = {
    "kwb_selection_2024": K.read_kwb_buurten_2024,
    "kwb_gemeenten_wijken_2024": K.read_kwb_gemeenten_wijken_2024,
    "kwb_excel": K.read_kwb_excel_rows,
    "kwb_2019_three": K.read_kwb_2019_three,
    "kwb_odata": K.read_kwb_odata,
    "geoinzicht_gemeenten": I.read_gemeenten_indicatoren,
    "leefbaarometer": I.read_leefbaarometer,
    "misdrijven": I.read_misdrijven,
    "rivm_50150": I.read_gezondheid_50150,
    "rivm_50090": I.read_gezondheidsmonitor_50090,
    "ses_woa": I.read_ses_woa,
}
#: table readers that take an already-read boundary layer instead of a path
LAYER_TABLE_READERS = {"tmap_table"}


@dataclass
class Inputs:
    """Everything the build reads: boundary layers (RD New) and indicator tables, by source id."""

    layers: dict[str, gpd.GeoDataFrame]
    tables: dict[str, SourceTable]
    skipped: tuple[str, ...] = ()


def check_readers(catalog: Catalog) -> None:
    """Every source names a reader that exists (checked before anything is read)."""
    for src in catalog.sources.values():
        known = BOUNDARY_READERS if src.kind == "boundary" else {**TABLE_READERS, **dict.fromkeys(LAYER_TABLE_READERS)}
        if src.reader not in known:
            raise CatalogError(
                f"config/sources.yaml: source {src.id!r} names reader {src.reader!r}, which does "
                f"not exist; use one of {', '.join(sorted(known))}"
            )
        if src.reader in LAYER_TABLE_READERS and src.args.get("layer") not in catalog.sources:
            raise CatalogError(
                f"config/sources.yaml: source {src.id!r} reads the layer "
                f"{src.args.get('layer')!r}, which is not a registered boundary source"
            )


def check_catalog_columns(catalog: Catalog, tables: dict[str, SourceTable]) -> None:
    """Every catalogue column must exist in its source (optional sources that are absent excepted)."""
    for ind in catalog:
        for ref in ind.sources:
            table = tables.get(ref.source)
            if table is None:
                if catalog.sources[ref.source].required:
                    raise CatalogError(f"indicator {ind.id!r}: source {ref.source!r} is not read by the build")
                continue
            if ref.column not in set(table.frame["column"].unique()):
                if ref.group:  # a year of a stem group without this variable
                    continue
                raise CatalogError(
                    f"indicator {ind.id!r}: column {ref.column!r} is not in source {ref.source!r} "
                    f"({catalog.sources[ref.source].file}); fix the column name in config/indicators.yaml"
                )


def read_source(src: Source, data_dir: Path, layers: dict[str, gpd.GeoDataFrame] | None = None):
    """Read one registered source (a layer or a table) with its reader and arguments."""
    path = data_dir / src.file
    if src.kind == "boundary":
        return BOUNDARY_READERS[src.reader](path, **src.args)
    if src.reader in LAYER_TABLE_READERS:
        args = dict(src.args)
        layer = (layers or {})[args.pop("layer")]
        table = I.read_layer_table(layer, source=src.id, division=src.division, columns=B.TMAP_COLUMNS, **args)
    else:
        table = TABLE_READERS[src.reader](path, **src.args)
    # the registry, not the reader, names the source and its division
    return dataclasses.replace(table, source=src.id, division=src.division)


def read_inputs(catalog: Catalog, data_dir: Path, *, only: set[str] | None = None) -> Inputs:
    """Read every registered source (or those in ``only``); an absent optional file is skipped."""
    check_readers(catalog)
    layers: dict[str, gpd.GeoDataFrame] = {}
    tables: dict[str, SourceTable] = {}
    skipped = []
    ordered = sorted(catalog.sources.values(), key=lambda s: s.kind != "boundary")  # layers first
    for src in ordered:
        if only is not None and src.id not in only:
            continue
        if not (data_dir / src.file).exists() and not src.required:
            logger.info("source %s: %s not in the data directory; skipped (optional)", src.id, src.file)
            skipped.append(src.id)
            continue
        try:
            result = read_source(src, data_dir, layers)
        except KeyError as err:
            raise SourceFileError(
                data_dir / src.file,
                f"needs layer {err} that was not read",
                "list that boundary source in config/sources.yaml",
            ) from err
        (layers if src.kind == "boundary" else tables)[src.id] = result
    return Inputs(layers, tables, tuple(skipped))

"""Readers for the boundary layers in ``<data>/boundaries`` (GeoPackage).

Each returns a GeoDataFrame with ``code, name, level, year, gemeente_code, wijk_code,
geometry`` in RD New (EPSG:28992), with invalid geometries repaired (and logged) and
empty geometries dropped (and logged). Attribute columns can be kept for checks.
"""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from .. import RD_NEW, WGS84
from ..codes import check_code, gemeente_series, wijk_series
from ..errors import CRSError, GeometryError, SourceFileError
from .common import require_file

logger = logging.getLogger(__name__)

AREA_COLUMNS = ["code", "name", "level", "year", "gemeente_code", "wijk_code", "geometry"]


def read_layer(path: Path, *, expected_crs: str, columns: list[str] | None = None) -> gpd.GeoDataFrame:
    """Read a GeoPackage layer, check its CRS and repair its geometry."""
    require_file(path)
    try:
        frame = gpd.read_file(path, columns=columns)
    except Exception as err:  # pyogrio raises several types for truncated files
        raise SourceFileError(
            path, f"cannot be read as a GeoPackage ({err})", "the file may be truncated; download it again"
        ) from err
    if frame.crs is None:
        raise CRSError(str(path), expected_crs, None)
    if not frame.crs.equals(expected_crs):
        raise CRSError(str(path), expected_crs, frame.crs.to_string())
    return repair_geometry(frame, str(path))


def repair_geometry(frame: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """Repair invalid geometries with ``make_valid`` (keeping polygonal parts); drop empty ones.

    >>> from shapely.geometry import Polygon
    >>> bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    >>> fixed = repair_geometry(gpd.GeoDataFrame(geometry=[bowtie], crs=RD_NEW), "test")
    >>> bool(fixed.is_valid.all()), round(float(fixed.area.sum()), 2)
    (True, 0.5)
    """
    geoms = frame.geometry.array
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        logger.info("%s: repaired %d invalid geometries with make_valid", what, int(invalid.sum()))
        repaired = shapely.make_valid(geoms[invalid])
        # make_valid may return collections with lines; keep only the polygonal part
        repaired = [_polygonal(g) for g in repaired]
        frame = frame.copy()
        frame.loc[invalid, frame.geometry.name] = repaired
    empty = frame.geometry.isna() | frame.geometry.is_empty
    if empty.any():
        logger.info("%s: dropped %d empty geometries", what, int(empty.sum()))
        frame = frame[~empty].copy()
    if frame.empty:
        raise GeometryError(what, "no usable geometry left")
    return frame


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _standard(
    frame: gpd.GeoDataFrame, *, code: str, name: str | None, level: str, year: int, keep: list[str] | None = None
) -> gpd.GeoDataFrame:
    out = gpd.GeoDataFrame(
        {
            "code": [check_code(c, level) for c in frame[code]],
            "name": frame[name].astype(str).str.strip() if name else pd.Series(pd.NA, index=frame.index),
        },
        geometry=frame.geometry.values,
        crs=frame.crs,
        index=frame.index,
    )
    out["level"] = level
    out["year"] = year
    out["gemeente_code"] = gemeente_series(out["code"])
    out["wijk_code"] = wijk_series(out["code"]) if level == "buurt" else pd.NA
    for column in keep or []:
        out[column] = frame[column].values
    # reprojecting can make a ring repaired in the source CRS invalid again (2014 layers)
    out = repair_geometry(out.to_crs(RD_NEW), f"{level} {year} in {RD_NEW}")
    return out[AREA_COLUMNS + (keep or [])].reset_index(drop=True)


def read_gemeenten(path: Path, year: int, *, keep: list[str] | None = None) -> gpd.GeoDataFrame:
    """Nationwide gemeenten (GeoInzicht, EPSG:4326); drops the ``GM0998 Buitenland`` row."""
    frame = read_layer(path, expected_crs=WGS84)
    frame = frame[frame["gemeentecode"] != "GM0998"]
    return _standard(frame, code="gemeentecode", name="gemeentenaam", level="gemeente", year=year, keep=keep)


def read_wijken_2024(path: Path, *, keep: list[str] | None = None) -> gpd.GeoDataFrame:
    frame = read_layer(path, expected_crs=WGS84)
    return _standard(frame, code="wijkcode", name="wijknaam", level="wijk", year=2024, keep=keep)


#: the KWB 2022 attributes the tmap layers carry (read as the tables ``tmap_*_2022``)
TMAP_COLUMNS = ["population", "dwelling_total", "dwelling_ownership", "employment_rate", "income_low"]


def read_wijken_2022_tmap(path: Path, *, keep: list[str] | None = None) -> gpd.GeoDataFrame:
    """Wijken 2022 (tmap, RD New) with their KWB 2022 attributes (:data:`TMAP_COLUMNS`)."""
    frame = read_layer(path, expected_crs=RD_NEW)
    return _standard(
        frame, code="code", name="name", level="wijk", year=2022, keep=TMAP_COLUMNS if keep is None else keep
    )


def read_gemeenten_2022_tmap(path: Path, *, keep: list[str] | None = None) -> gpd.GeoDataFrame:
    """Gemeenten 2022 (tmap, RD New) with their KWB 2022 attributes (:data:`TMAP_COLUMNS`)."""
    frame = read_layer(path, expected_crs=RD_NEW)
    return _standard(
        frame, code="code", name="name", level="gemeente", year=2022, keep=TMAP_COLUMNS if keep is None else keep
    )


def read_ties_2014(path: Path, level: str) -> gpd.GeoDataFrame:
    """Wijken or buurten 2014 (``ties`` TopoJSON conversion); empty shapes were dropped."""
    frame = read_layer(path, expected_crs=WGS84)
    return _standard(frame, code="statcode", name="statnaam", level=level, year=2014)


def read_buurten_2019(path: Path) -> gpd.GeoDataFrame:
    """Nationwide 2019 buurten, codes only, strongly simplified."""
    frame = read_layer(path, expected_crs=WGS84)
    return _standard(frame, code="buurtcode", name=None, level="buurt", year=2019)


def read_buurten_2024_schematic(path: Path) -> gpd.GeoDataFrame:
    """Schematic 2024 buurten of the 19 municipalities (±20–60 m)."""
    frame = read_layer(path, expected_crs=WGS84)
    return _standard(frame, code="buurtcode", name="buurtnaam", level="buurt", year=2024)


def read_amsterdam_buurten(path: Path) -> gpd.GeoDataFrame:
    """Amsterdam's own full-detail buurten with CBS 2024 codes (one extra: BU0363MK06)."""
    frame = read_layer(path, expected_crs=WGS84)
    return _standard(frame, code="buurtcode", name="buurtnaam", level="buurt", year=2024)

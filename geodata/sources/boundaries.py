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


#: where the Netherlands lies in each CRS (generous boxes): coordinates outside the box of the CRS a
#: file is labelled with, but inside another's, mean a wrong label, not a strange country
NL_BOUNDS = {WGS84: (2.0, 50.0, 8.0, 54.5), RD_NEW: (-20_000.0, 270_000.0, 320_000.0, 650_000.0)}
#: the columns a source's features are named by in messages, in order of preference
NAME_COLUMNS = ("buurtcode", "wijkcode", "gemeentecode", "statcode", "code")


def read_layer(
    path: Path, *, expected_crs: str, columns: list[str] | None = None, repair: bool = False
) -> gpd.GeoDataFrame:
    """Read a GeoPackage layer, check its CRS (label and coordinates) and its geometry.

    Invalid geometry (a self-intersecting ring, …) is refused, naming the features, unless the
    source registry allows repairing this file (``args: {repair: true}`` in config/sources.yaml):
    then it is repaired with ``make_valid`` and each repaired feature is named in a warning.
    """
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
    check_bounds(frame, str(path), expected_crs)
    invalid = ~shapely.is_valid(frame.geometry.array)
    if invalid.any():
        named = describe_invalid(frame, invalid)
        if not repair:
            raise GeometryError(
                str(path),
                f"{int(invalid.sum())} invalid geometries ({named}); config/sources.yaml does not allow "
                "repairing this file (args: {repair: true})",
            )
        logger.warning("%s: repaired %d invalid geometries with make_valid: %s", path, int(invalid.sum()), named)
    return repair_geometry(frame, str(path))


def check_bounds(frame: gpd.GeoDataFrame, what: str, crs: str) -> None:
    """Refuse a layer whose coordinates are not where the Netherlands lies in ``crs``: a wrong
    CRS label (RD New metres labelled as degrees, or the reverse). A stray feature elsewhere (CBS's
    "Buitenland") does not count: the majority of the features decides.

    >>> from shapely.geometry import box
    >>> rd_as_wgs84 = gpd.GeoDataFrame(geometry=[box(120_000, 480_000, 121_000, 481_000)], crs=WGS84)
    >>> check_bounds(rd_as_wgs84, "t.gpkg", WGS84)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geodata.errors.CRSError: t.gpkg: expected EPSG:4326, got coordinates of EPSG:28992 ...
    """
    if frame.empty:
        return
    b = frame.geometry.bounds.dropna()
    cx, cy = (b["minx"] + b["maxx"]) / 2, (b["miny"] + b["maxy"]) / 2

    def share(box: tuple[float, float, float, float]) -> float:
        return float(((cx >= box[0]) & (cy >= box[1]) & (cx <= box[2]) & (cy <= box[3])).mean())

    here = share(NL_BOUNDS[crs])
    others = {c: share(box) for c, box in NL_BOUNDS.items() if c != crs}
    other, there = max(others.items(), key=lambda kv: kv[1])
    if here > 0 and here >= there:
        return
    x0, y0, x1, y1 = (float(v) for v in frame.total_bounds)
    extent = f"(bounds {x0:.6g}, {y0:.6g}, {x1:.6g}, {y1:.6g})"
    if there > here:
        raise CRSError(what, crs, f"coordinates of {other} {extent} labelled as {crs}")
    raise CRSError(what, crs, f"coordinates outside the Netherlands in {crs} {extent}")


def describe_invalid(frame: gpd.GeoDataFrame, invalid, limit: int = 5) -> str:
    """The first invalid features by their code (or number) and shapely's reason."""
    column = next((c for c in NAME_COLUMNS if c in frame.columns), None)
    rows = frame.index[invalid][:limit]
    names = [str(frame.at[i, column]) if column else f"feature {i}" for i in rows]
    reasons = shapely.is_valid_reason(frame.geometry.array[invalid][:limit])
    more = f", and {int(invalid.sum()) - limit} more" if invalid.sum() > limit else ""
    return "; ".join(f"{n}: {r}" for n, r in zip(names, reasons)) + more


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


def read_gemeenten(path: Path, year: int, *, keep: list[str] | None = None, repair: bool = False) -> gpd.GeoDataFrame:
    """Nationwide gemeenten (GeoInzicht, EPSG:4326); drops the ``GM0998 Buitenland`` row."""
    frame = read_layer(path, expected_crs=WGS84, repair=repair)
    frame = frame[frame["gemeentecode"] != "GM0998"]
    return _standard(frame, code="gemeentecode", name="gemeentenaam", level="gemeente", year=year, keep=keep)


def read_wijken_2024(path: Path, *, keep: list[str] | None = None, repair: bool = False) -> gpd.GeoDataFrame:
    frame = read_layer(path, expected_crs=WGS84, repair=repair)
    return _standard(frame, code="wijkcode", name="wijknaam", level="wijk", year=2024, keep=keep)


#: the KWB 2022 attributes the tmap layers carry (read as the tables ``tmap_*_2022``)
TMAP_COLUMNS = ["population", "dwelling_total", "dwelling_ownership", "employment_rate", "income_low"]


def read_wijken_2022_tmap(path: Path, *, keep: list[str] | None = None, repair: bool = False) -> gpd.GeoDataFrame:
    """Wijken 2022 (tmap, RD New) with their KWB 2022 attributes (:data:`TMAP_COLUMNS`)."""
    frame = read_layer(path, expected_crs=RD_NEW, repair=repair)
    return _standard(
        frame, code="code", name="name", level="wijk", year=2022, keep=TMAP_COLUMNS if keep is None else keep
    )


def read_gemeenten_2022_tmap(path: Path, *, keep: list[str] | None = None, repair: bool = False) -> gpd.GeoDataFrame:
    """Gemeenten 2022 (tmap, RD New) with their KWB 2022 attributes (:data:`TMAP_COLUMNS`)."""
    frame = read_layer(path, expected_crs=RD_NEW, repair=repair)
    return _standard(
        frame, code="code", name="name", level="gemeente", year=2022, keep=TMAP_COLUMNS if keep is None else keep
    )


def read_ties_2014(path: Path, level: str, *, repair: bool = False) -> gpd.GeoDataFrame:
    """Wijken or buurten 2014 (``ties`` TopoJSON conversion); empty shapes were dropped."""
    frame = read_layer(path, expected_crs=WGS84, repair=repair)
    return _standard(frame, code="statcode", name="statnaam", level=level, year=2014)


def read_buurten_2019(path: Path, *, repair: bool = False) -> gpd.GeoDataFrame:
    """Nationwide 2019 buurten, codes only, strongly simplified."""
    frame = read_layer(path, expected_crs=WGS84, repair=repair)
    return _standard(frame, code="buurtcode", name=None, level="buurt", year=2019)


def read_buurten_2024_schematic(path: Path, *, repair: bool = False) -> gpd.GeoDataFrame:
    """Schematic 2024 buurten of the 19 municipalities (±20–60 m)."""
    frame = read_layer(path, expected_crs=WGS84, repair=repair)
    return _standard(frame, code="buurtcode", name="buurtnaam", level="buurt", year=2024)


def read_amsterdam_buurten(path: Path, *, repair: bool = False) -> gpd.GeoDataFrame:
    """Amsterdam's own full-detail buurten with CBS 2024 codes (one extra: BU0363MK06)."""
    frame = read_layer(path, expected_crs=WGS84, repair=repair)
    return _standard(frame, code="buurtcode", name="buurtnaam", level="buurt", year=2024)

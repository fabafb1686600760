"""GeoPackage boundary layers: the CRS check, bow-tie repair, damaged or missing files, standardising and
reprojecting a gemeente layer and refusing a malformed code, on tiny layers written to tmp_path."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Polygon, box

from geodata import RD_NEW, WGS84
from geodata.errors import AreaCodeError, CRSError, GeometryError, SourceFileError
from geodata.sources.boundaries import read_gemeenten, read_layer

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

"""The store's areas (RD New) and the browser geometry (WGS84, simplified once per layer)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from .. import RD_NEW, WGS84
from ..codes import FOCUS_AVERAGE_CODE, NL_CODE, rest_code, wijk_of
from ..focus import FocusArea
from ..vocab import Level

AREA_COLUMNS = ["code", "name", "level", "year", "gemeente_code", "wijk_code", "focus_area", "geometry"]

#: display simplification tolerance (metres, RD) per layer: about one screen pixel at the most
#: zoomed-in view the layer is shown at (focus area ≈ 8 m/px, country ≈ 300 m/px)
DISPLAY_TOLERANCE = {
    "buurt": 4.0,
    "wijk": 70.0,
    "gemeente": 120.0,
    "focus_area": 8.0,
    "rest_of_gemeente": 8.0,
    "gemeente_detail": 8.0,
    "wijk_detail": 8.0,
    "buurt2019": 15.0,
}
NATIONWIDE_LAYERS = ("wijk", "gemeente", "buurt2019")
#: the names of the benchmark rows without geometry (display words for them live in i18n)
NL_NAME = "Nederland"
FOCUS_AVERAGE_NAME = "Gemiddelde 20 focusgebieden"


def focus_geometry(fa: FocusArea, wijken: gpd.GeoSeries, buurten: gpd.GeoSeries) -> shapely.Geometry:
    """A focus area's polygon: its whole wijken plus its listed buurten (clipped to their wijk)."""
    pieces = [wijken[c] for c in (*fa.wijken, *fa.partial_wijken_whole) if c in wijken.index]
    for b in fa.buurten:
        if b in buurten.index:
            g = buurten[b]
            wijk = wijk_of(b)
            pieces.append(shapely.intersection(g, wijken[wijk]) if wijk in wijken.index else g)
    return shapely.make_valid(shapely.union_all(pieces))


def focus_rows(
    focus_areas: list[FocusArea], gemeenten: gpd.GeoDataFrame, wijken: gpd.GeoDataFrame, buurten: gpd.GeoDataFrame
) -> list[dict]:
    """One row per focus area and one per 'rest of its municipality'."""
    wk, bu = wijken.set_index("code").geometry, buurten.set_index("code").geometry
    gm = gemeenten.set_index("code")
    rows = []
    for fa in focus_areas:
        geom = focus_geometry(fa, wk, bu)
        rows.append(
            {
                "code": fa.id,
                "name": fa.name,
                "level": Level.FOCUS_AREA.value,
                "year": 2024,
                "gemeente_code": fa.gemeente,
                "wijk_code": pd.NA,
                "focus_area": fa.id,
                "geometry": geom,
            }
        )
        rest = shapely.make_valid(shapely.difference(gm.geometry[fa.gemeente], geom))
        rows.append(
            {
                "code": rest_code(fa.id),
                "name": f"Rest van {gm.loc[fa.gemeente, 'name']}",
                "level": Level.REST_OF_GEMEENTE.value,
                "year": 2024,
                "gemeente_code": fa.gemeente,
                "wijk_code": pd.NA,
                "focus_area": fa.id,
                "geometry": rest,
            }
        )
    return rows


def build_areas(
    focus_areas: list[FocusArea],
    members: pd.DataFrame,
    *,
    gemeenten: gpd.GeoDataFrame,
    wijken: gpd.GeoDataFrame,
    buurten: gpd.GeoDataFrame,
    others: list[gpd.GeoDataFrame] = (),
) -> gpd.GeoDataFrame:
    """All areas the store knows (``AREA_COLUMNS``, RD New): the 2024 gemeenten, wijken and
    buurten (buurten marked with their focus area), ``others`` (older divisions), the focus
    areas dissolved from their members, their rests, and the two benchmarks without geometry."""
    in_focus = members.set_index("unit")["target"]
    parts = [
        gemeenten.assign(focus_area=pd.NA),
        wijken.assign(focus_area=pd.NA),
        buurten.assign(focus_area=buurten["code"].map(in_focus)),
        *[o.assign(focus_area=pd.NA) for o in others],
    ]
    parts.append(gpd.GeoDataFrame(focus_rows(focus_areas, gemeenten, wijken, buurten), geometry="geometry", crs=RD_NEW))
    parts.append(
        gpd.GeoDataFrame(
            [
                {"code": NL_CODE, "name": NL_NAME, "level": Level.NL.value},
                {"code": FOCUS_AVERAGE_CODE, "name": FOCUS_AVERAGE_NAME, "level": Level.FOCUS_AVERAGE.value},
            ],
            geometry=[None, None],
            crs=RD_NEW,
        ).assign(year=2024, gemeente_code=pd.NA, wijk_code=pd.NA, focus_area=pd.NA)
    )
    out = gpd.GeoDataFrame(
        pd.concat([p[AREA_COLUMNS] for p in parts], ignore_index=True), geometry="geometry", crs=RD_NEW
    )
    for c in ("code", "name", "level", "gemeente_code", "wijk_code", "focus_area"):
        out[c] = out[c].astype("string")
    out["year"] = out["year"].astype("int16")
    return out


def display_layers(areas: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """The browser's layers: ``buurt`` 2024 (19 municipalities), ``wijk`` and ``gemeente`` 2024
    (nationwide), ``wijk_detail``/``gemeente_detail`` (the 19 at focus-area zoom), focus areas,
    their rests, and ``buurt2019`` (the 2019 polygons, for data on the 2020 division)."""
    current = areas[areas["year"] == 2024]
    level = current["level"]
    gm19 = set(current.loc[level == Level.FOCUS_AREA, "gemeente_code"].dropna())
    return {
        "buurt": current[level == Level.BUURT],
        "wijk": current[(level == Level.WIJK) & (current["gemeente_code"] != "GM0998")],
        "gemeente": current[level == Level.GEMEENTE],
        "wijk_detail": current[(level == Level.WIJK) & current["gemeente_code"].isin(gm19)],
        "gemeente_detail": current[(level == Level.GEMEENTE) & current["code"].isin(gm19)],
        "focus_area": current[level == Level.FOCUS_AREA],
        "rest_of_gemeente": current[level == Level.REST_OF_GEMEENTE],
        "buurt2019": areas[(areas["year"] == 2019) & (areas["level"] == Level.BUURT)],
    }


def simplify_layer(frame: gpd.GeoDataFrame, layer: str) -> gpd.GeoSeries:
    """Simplified at the layer's tolerance, in WGS84, on a grid of ≈ 1 m (detail layers) or
    ≈ 10 m (nationwide layers: below a pixel at that zoom), repaired."""
    geom = shapely.simplify(frame.geometry.array, DISPLAY_TOLERANCE[layer], preserve_topology=True)
    g = gpd.GeoSeries(geom, crs=RD_NEW).to_crs(WGS84)
    grid = 1e-4 if layer in NATIONWIDE_LAYERS else 1e-5
    return gpd.GeoSeries(shapely.make_valid(shapely.set_precision(g.array, grid)), crs=WGS84)


def build_display(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Browser geometry: every display layer simplified once at build time (never per request)."""
    parts = []
    for layer, frame in display_layers(areas).items():
        parts.append(
            gpd.GeoDataFrame(
                {
                    "layer": layer,
                    "code": frame["code"].to_numpy(),
                    "name": frame["name"].to_numpy(),
                    "gemeente_code": frame["gemeente_code"].to_numpy(),
                    "focus_area": frame["focus_area"].to_numpy(),
                },
                geometry=simplify_layer(frame, layer).to_numpy(),
                crs=WGS84,
            )
        )
    out = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=WGS84)
    out = out[~(out.geometry.is_empty | out.geometry.isna())]
    for c in ("layer", "code", "name", "gemeente_code", "focus_area"):
        out[c] = out[c].astype("string")
    return out.reset_index(drop=True)

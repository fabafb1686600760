"""Build the canonical store from the raw files: read → validate → harmonise → aggregate → write.

``python -m geodata build`` calls :func:`build_store`. The store is a folder of Parquet /
GeoParquet files plus a ``manifest.json`` of input hashes; it is rebuilt only when an input
file, the catalogue, the focus-area definitions or the code of this package changed, and it is
written atomically (a new folder renamed into place; an interrupted build leaves the previous
store untouched).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import CODE_VERSION, RD_NEW, WGS84
from .aggregate import aggregate, crosswalk_weights, harmonise_units
from .catalog import CATALOG_PATH, Catalog, Indicator, load_catalog
from .codes import FOCUS_AVERAGE_CODE, NL_CODE, normalise_name, rest_code
from .errors import CatalogError
from .focus import DEFINITION_PATH, FocusArea, load_focus_areas, membership_2024
from .settings import Settings
from .sources import boundaries as B
from .sources import indicators as I
from .sources.common import MISSING, OK, PARTIAL, SourceTable

logger = logging.getLogger(__name__)
Progress = Callable[[str], None]

#: benchmarks computed from members are published only when at least this share is covered
MIN_BENCHMARK_COVERAGE = 0.9

INPUT_FILES = {
    "gemeenten_2024": "boundaries/gemeenten_2024.gpkg",
    "wijken_2024": "boundaries/wijken_2024.gpkg",
    "buurten_2024": "boundaries/buurten_2024_19gemeenten_schematisch.gpkg",
    "amsterdam_buurten": "boundaries/amsterdam_buurten_2023_gemeente.gpkg",
    "buurten_2019": "boundaries/buurten_2019.gpkg",
    "wijken_2022": "boundaries/wijken_2022_tmap.gpkg",
    "gemeenten_2022": "boundaries/gemeenten_2022_tmap.gpkg",
    "kwb2024_buurten": "indicators/kwb_2024_85984NED_buurten_selectie.csv",
    "kwb2024_gemeenten_wijken": "indicators/kwb_2024_85984NED_gemeenten_wijken.csv",
    "kwb2024_excel": "indicators/kwb_2024_utrecht.csv",
    "kwb2023_excel": "indicators/kwb_2023_utrecht.csv",
    "geoinzicht_gemeenten": "indicators/gemeenten_indicatoren_2012_2024.csv",
    "leefbaarometer": "indicators/leefbaarometer_buurten_2002_2020.csv",
    "politie_misdrijven": "indicators/misdrijven_buurt_2021_2025_47022NED.csv",
    "rivm_50150": "indicators/gezondheid_goed_ervaren_buurt_2012_2024_50150NED.csv",
    "rivm_50090": "indicators/gezondheidsmonitor_50090NED_2012_2016_2020_19gemeenten.csv",
    "cbs_ses_woa": "indicators/ses_woa_amsterdam_2019_85163NED.csv",
}

#: display simplification tolerance (metres, RD) per layer: about one screen pixel at the
#: most zoomed-in view the layer is shown at (focus area ≈ 8 m/px, country ≈ 300 m/px)
DISPLAY_TOLERANCE = {"buurt": 4.0, "wijk": 70.0, "gemeente": 120.0, "focus_area": 8.0,
                     "rest_of_gemeente": 8.0, "gemeente_detail": 8.0, "wijk_detail": 8.0, "buurt2019": 15.0}

# mapping labels, shown in the export and the information panel
MAP_SOURCE = "bron"
MAP_WIJK_SPLIT = "wijk→buurt (bevolkingsaandeel 2024)"
MAP_CODE_STABLE = "buurtcode en -naam gelijk in 2024"
MAP_OVERLAY = "ruimtelijke overlay (oppervlakte-gewogen)"
MAP_AGGREGATE = "geaggregeerd uit buurten 2024"
MAP_AGGREGATE_GM = "geaggregeerd uit gemeenten"


@dataclass
class BuildResult:
    path: Path
    rebuilt: bool
    seconds: float


# ----------------------------------------------------------------------------- manifest

def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def input_manifest(settings: Settings) -> dict[str, str]:
    data_dir = settings.require_data_dir()
    manifest = {f"data/{rel}": _sha256(data_dir / rel) if (data_dir / rel).exists() else "missing"
                for rel in INPUT_FILES.values()}
    manifest["config/indicators.yaml"] = _sha256(CATALOG_PATH)
    manifest["config/focusgebieden.yaml"] = _sha256(DEFINITION_PATH)
    code = hashlib.sha256(CODE_VERSION.encode())
    for py in sorted(Path(__file__).parent.rglob("*.py")):
        code.update(py.read_bytes())
    manifest["code"] = code.hexdigest()
    return manifest


def store_is_current(settings: Settings) -> bool:
    path = settings.cache_dir / "manifest.json"
    if not path.exists():
        return False
    try:
        stored = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return False
    return stored.get("inputs") == input_manifest(settings)


# ----------------------------------------------------------------------------- build

def build_store(settings: Settings, *, force: bool = False, progress: Progress | None = None) -> BuildResult:
    """Build the store into ``settings.cache_dir`` unless it is current."""
    say = progress or (lambda msg: logger.info("%s", msg))
    start = time.perf_counter()
    settings.require_data_dir()
    manifest = input_manifest(settings)
    if not force and store_is_current(settings):
        say(f"store in {settings.cache_dir} is up to date")
        return BuildResult(settings.cache_dir, False, time.perf_counter() - start)
    target = settings.cache_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".store-build-", dir=target.parent))
    try:
        _build_into(tmp, settings, say)
        (tmp / "manifest.json").write_text(json.dumps(
            {"inputs": manifest, "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
             "data_dir": str(settings.data_dir)}, indent=1))
        _swap_into_place(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    seconds = time.perf_counter() - start
    say(f"store written to {target} in {seconds:.1f} s")
    return BuildResult(target, True, seconds)


def _swap_into_place(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with renames only, so readers see the old or the new store."""
    old = None
    if target.exists():
        old = target.with_name(target.name + f".old-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _build_into(out: Path, settings: Settings, say: Progress) -> None:
    data = settings.data_dir
    steps = 8
    catalog = load_catalog()
    focus_areas = load_focus_areas()

    say(f"[1/{steps}] reading boundaries")
    gm24 = B.read_gemeenten(data / INPUT_FILES["gemeenten_2024"], 2024)
    wk24 = B.read_wijken_2024(data / INPUT_FILES["wijken_2024"])
    bu24_schematic = B.read_buurten_2024_schematic(data / INPUT_FILES["buurten_2024"])
    ams = B.read_amsterdam_buurten(data / INPUT_FILES["amsterdam_buurten"])
    bu19 = B.read_buurten_2019(data / INPUT_FILES["buurten_2019"])
    tmap_keep = ["population", "dwelling_total", "dwelling_ownership", "employment_rate", "income_low"]
    wk22 = B.read_wijken_2022_tmap(data / INPUT_FILES["wijken_2022"], keep=tmap_keep)
    gm22 = B.read_gemeenten_2022_tmap(data / INPUT_FILES["gemeenten_2022"], keep=tmap_keep)

    say(f"[2/{steps}] reading indicator tables")
    tables = read_sources(data)
    tables["tmap_wijken_2022"] = _table_from_layer(wk22, "tmap_wijken_2022", "cbs2022", 2022, tmap_keep)
    tables["tmap_gemeenten_2022"] = _table_from_layer(gm22, "tmap_gemeenten_2022", "gemeente_jaar", 2022, tmap_keep)
    check_catalog_columns(catalog, tables)

    say(f"[3/{steps}] validating focus areas against the 2024 division")
    kwb = tables["kwb2024_buurten"]
    universe = _buurt_universe_2024(kwb)
    members = membership_2024(focus_areas, universe, set(wk24["code"]))
    # Amsterdam's own detailed buurten replace the schematic ones; keep only CBS 2024 codes
    ams = ams[ams["code"].isin(universe["code"])]
    bu24 = pd.concat([bu24_schematic[bu24_schematic["gemeente_code"] != "GM0363"], ams], ignore_index=True)
    bu24 = gpd.GeoDataFrame(bu24, geometry="geometry", crs=RD_NEW)
    gemeenten19 = sorted({fa.gemeente for fa in focus_areas})

    say(f"[4/{steps}] crosswalks between boundary years (overlay)")
    population_2024 = universe.set_index("code")["population"]
    crosswalks = build_crosswalks(tables, universe, bu24, bu19, wk22, gemeenten19)

    say(f"[5/{steps}] harmonising indicator values to 2024 buurten")
    native = native_values(catalog, tables)
    harmonised = harmonise_all(catalog, native, crosswalks)
    harmonised = add_ratio_units(catalog, harmonised)
    native = add_ratio_native(catalog, native)

    say(f"[6/{steps}] aggregating to focus areas and benchmarks")
    targets = target_membership(focus_areas, members, universe, gemeenten19)
    aggregates = aggregate_all(catalog, harmonised, native, targets, population_2024)

    say(f"[7/{steps}] areas and display geometry")
    areas = build_areas(focus_areas, members, gm24, wk24, bu24, bu19, wk22, universe, tables)
    display = build_display(areas)

    say(f"[8/{steps}] writing store")
    values = assemble_values(native, harmonised, aggregates)
    values.to_parquet(out / "values.parquet", index=False)
    areas.to_parquet(out / "areas.parquet", index=False)
    display.to_parquet(out / "display.parquet", index=False)
    crosswalks.to_parquet(out / "crosswalks.parquet", index=False)
    members.to_parquet(out / "focus_membership.parquet", index=False)
    logger.info("values: %d rows; areas: %d; display: %d", len(values), len(areas), len(display))


# ----------------------------------------------------------------------------- sources

def read_sources(data: Path) -> dict[str, SourceTable]:
    f = INPUT_FILES
    return {
        "kwb2024_buurten": I.read_kwb_buurten_2024(data / f["kwb2024_buurten"]),
        "kwb2024_gemeenten_wijken": I.read_kwb_gemeenten_wijken_2024(data / f["kwb2024_gemeenten_wijken"]),
        "kwb2024_excel": I.read_kwb_excel_rows(data / f["kwb2024_excel"], 2024),
        "kwb2023_excel": I.read_kwb_excel_rows(data / f["kwb2023_excel"], 2023),
        "geoinzicht_gemeenten": I.read_gemeenten_indicatoren(data / f["geoinzicht_gemeenten"]),
        "leefbaarometer": I.read_leefbaarometer(data / f["leefbaarometer"]),
        "politie_misdrijven": I.read_misdrijven(data / f["politie_misdrijven"]),
        "rivm_50150": I.read_gezondheid_50150(data / f["rivm_50150"]),
        "rivm_50090": I.read_gezondheidsmonitor_50090(data / f["rivm_50090"]),
        "cbs_ses_woa": I.read_ses_woa(data / f["cbs_ses_woa"]),
    }


def _table_from_layer(layer: gpd.GeoDataFrame, source: str, division: str, year: int,
                      columns: list[str]) -> SourceTable:
    frame = pd.DataFrame(layer.drop(columns="geometry"))
    long = I.melt_columns(frame, code="code", level=frame["level"], period=year, columns=columns,
                          empty_status=MISSING)
    return SourceTable(source, division, long, dict(zip(frame["code"], frame["name"])))


def check_catalog_columns(catalog: Catalog, tables: dict[str, SourceTable]) -> None:
    """Every catalogue column must exist in its source."""
    for ind in catalog:
        for ref in ind.sources:
            table = tables.get(ref.source)
            if table is None:
                raise CatalogError(f"indicator {ind.id!r}: source {ref.source!r} is not read by the build")
            if ref.column not in set(table.frame["column"].unique()):
                raise CatalogError(
                    f"indicator {ind.id!r}: column {ref.column!r} is not in source {ref.source!r} "
                    f"({table.source}); fix the column name in config/indicators.yaml")


def _buurt_universe_2024(kwb: SourceTable) -> pd.DataFrame:
    """All 2024 buurt codes nationwide with name, wijk, gemeente and population (NaN if unknown)."""
    bu = kwb.frame[(kwb.frame["level"] == "buurt")]
    codes = pd.Index(bu["area_code"].unique())
    pop = bu[bu["column"] == "AantalInwoners_5"].set_index("area_code")["value"]
    out = pd.DataFrame({"code": codes})
    out["name"] = out["code"].map(kwb.names)
    out["wijk_code"] = "WK" + out["code"].str[2:8]
    out["gemeente_code"] = "GM" + out["code"].str[2:6]
    out["population"] = out["code"].map(pop)
    return out


# ----------------------------------------------------------------------------- crosswalks

def build_crosswalks(tables: dict[str, SourceTable], universe: pd.DataFrame, bu24: gpd.GeoDataFrame,
                     bu19: gpd.GeoDataFrame, wk22: gpd.GeoDataFrame, gemeenten: list[str]) -> pd.DataFrame:
    """Crosswalks from each other division to 2024 buurten: ``division, level, from_code, to_code,
    w_extensive, w_intensive, method``."""
    parts = []
    in19 = bu24["gemeente_code"].isin(gemeenten)
    targets = bu24[in19 & bu24["code"].isin(universe["code"])][["code", "geometry"]]

    # 2024 wijk -> 2024 buurten, split by 2024 population (equal shares where unknown)
    u = universe.copy()
    pop = u["population"].fillna(0.0)
    total = pop.groupby(u["wijk_code"]).transform("sum")
    count = u.groupby("wijk_code")["code"].transform("count")
    u["w_extensive"] = np.where(total > 0, pop / total.where(total > 0, 1.0), 1.0 / count)
    parts.append(pd.DataFrame({"division": "cbs2024", "level": "wijk", "from_code": u["wijk_code"],
                               "to_code": u["code"], "w_extensive": u["w_extensive"], "w_intensive": 1.0,
                               "method": MAP_WIJK_SPLIT}))

    # 2020 buurten (Leefbaarometer, RIVM 50090): stable code+name nationwide, overlay elsewhere
    names2020 = tables["leefbaarometer"].names
    names2024 = dict(zip(universe["code"], universe["name"]))
    codes2020 = set(names2020) | set(tables["rivm_50090"].frame.query("level == 'buurt'")["area_code"])
    stable = sorted(c for c in codes2020 if c in names2024 and c in names2020
                    and normalise_name(names2020[c]) == normalise_name(names2024[c]))
    parts.append(pd.DataFrame({"division": "cbs2020", "level": "buurt", "from_code": stable, "to_code": stable,
                               "w_extensive": 1.0, "w_intensive": 1.0, "method": MAP_CODE_STABLE}))
    # overlay only for the unstable codes inside the 19 municipalities, on the 2019 polygons
    stable_set = set(stable)
    unstable = bu19[bu19["gemeente_code"].isin(gemeenten) & bu19["code"].isin(codes2020 - stable_set)]
    # targets already fully fed by a stable code are not split again
    free_targets = targets[~targets["code"].isin(stable_set)]
    if len(unstable) and len(free_targets):
        w = crosswalk_weights(unstable[["code", "geometry"]], free_targets)
        parts.append(w.assign(division="cbs2020", level="buurt", method=MAP_OVERLAY))

    # 2019 buurten (SES-WOA Amsterdam, numeric codes) -> overlay
    ses_codes = set(tables["cbs_ses_woa"].frame.query("level == 'buurt'")["area_code"])
    src19 = bu19[bu19["code"].isin(ses_codes)]
    if len(src19):
        w = crosswalk_weights(src19[["code", "geometry"]],
                              targets[targets["code"].str[2:6].isin({c[2:6] for c in ses_codes})])
        parts.append(w.assign(division="cbs2019", level="buurt", method=MAP_OVERLAY))

    # 2022 wijken (tmap) -> overlay within the 19 municipalities
    src22 = wk22[wk22["gemeente_code"].isin(gemeenten)]
    w = crosswalk_weights(src22[["code", "geometry"]], targets)
    parts.append(w.assign(division="cbs2022", level="wijk", method=MAP_OVERLAY))
    out = pd.concat(parts, ignore_index=True)
    return out[["division", "level", "from_code", "to_code", "w_extensive", "w_intensive", "method"]]


# ----------------------------------------------------------------------------- values

NATIVE_COLUMNS = ["area_code", "level", "division", "period", "indicator", "value", "status", "source"]


def native_values(catalog: Catalog, tables: dict[str, SourceTable]) -> pd.DataFrame:
    """Catalogue columns of every source as ``NATIVE_COLUMNS`` (one row per source)."""
    parts = []
    for ind in catalog.available():
        for rank, ref in enumerate(ind.sources):
            table = tables[ref.source]
            rows = table.frame[table.frame["column"] == ref.column]
            # a column a source did not publish in a year (all empty) is not a value
            published = rows.groupby("period")["status"].transform(lambda s: (s == OK).any())
            rows = rows[published]
            if rows.empty:
                continue
            part = rows[["area_code", "level", "period", "value", "status"]].copy()
            part["division"] = table.division
            part["indicator"] = ind.id
            part["source"] = ref.source
            part["_rank"] = rank
            parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    return frame[NATIVE_COLUMNS + ["_rank"]]


def pick_by_priority(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per key: the best-ranked source with a value, else the best-ranked row."""
    has_value = frame["status"].isin([OK, PARTIAL])
    order = frame.assign(_nov=(~has_value).astype(int)).sort_values(keys + ["_nov", "_rank"])
    return order.drop_duplicates(keys, keep="first").drop(columns="_nov")


def harmonise_all(catalog: Catalog, native: pd.DataFrame, crosswalks: pd.DataFrame) -> pd.DataFrame:
    """Every indicator's values on 2024 buurten: ``unit, period, indicator, value, status,
    unit_coverage, source, mapping, _rank``."""
    parts = []
    for (indicator, source, division, level), rows in native.groupby(
            ["indicator", "source", "division", "level"], sort=False):
        if level not in ("buurt", "wijk"):
            continue
        rank = int(rows["_rank"].iloc[0])
        values = rows.rename(columns={"area_code": "unit"})[["unit", "period", "value", "status"]]
        if division == "cbs2024" and level == "buurt":
            out = values.assign(unit_coverage=np.where(values["status"] == OK, 1.0, 0.0), mapping=MAP_SOURCE)
        else:
            cw = crosswalks[(crosswalks["division"] == division) & (crosswalks["level"] == level)]
            if cw.empty:
                continue
            extensive = catalog[indicator].rule == "sum"
            out = harmonise_units(values, cw, extensive=extensive)
            methods = cw.groupby("to_code")["method"].agg(lambda s: s.iloc[0] if s.nunique() == 1 else MAP_OVERLAY)
            out["mapping"] = out["unit"].map(methods)
        out["indicator"] = indicator
        out["source"] = source
        out["_rank"] = rank
        parts.append(out)
    frame = pd.concat(parts, ignore_index=True)
    # one source can give a buurt both its published value and a share of its wijk's value (same
    # rank): the published buurt value wins; the wijk split only fills buurten without one
    frame["_rank"] = frame["_rank"] * 2 + (frame["mapping"] != MAP_SOURCE)
    return pick_by_priority(frame, ["unit", "period", "indicator"]).reset_index(drop=True)


def _ratio_frame(frame: pd.DataFrame, ind: Indicator, key: list[str]) -> pd.DataFrame:
    num = frame[frame["indicator"] == ind.numerator]
    den = frame[frame["indicator"] == ind.denominator]
    both = num.merge(den, on=key, suffixes=("_n", "_d"))
    if both.empty:
        return both
    ok = both["status_n"].isin([OK, PARTIAL]) & both["status_d"].isin([OK, PARTIAL]) & (both["value_d"] > 0)
    both["value"] = np.where(ok, both["value_n"] / both["value_d"].where(ok, 1.0) * ind.scale, np.nan)
    both["status"] = np.where(ok, np.where((both["status_n"] == OK) & (both["status_d"] == OK), OK, PARTIAL),
                              np.where(both["status_n"].isin([OK, PARTIAL]), both["status_d"], both["status_n"]))
    both["indicator"] = ind.id
    both["source"] = both["source_n"] + "/" + both["source_d"]
    both["_rank"] = 0
    return both


def add_ratio_units(catalog: Catalog, harmonised: pd.DataFrame) -> pd.DataFrame:
    parts = [harmonised]
    for ind in catalog:
        if ind.rule != "ratio" or not ind.available:
            continue
        both = _ratio_frame(harmonised, ind, ["unit", "period"])
        if both.empty:
            continue
        both["unit_coverage"] = np.minimum(both["unit_coverage_n"].fillna(1), both["unit_coverage_d"].fillna(1))
        both["mapping"] = both["mapping_n"]
        parts.append(both[harmonised.columns])
    return pd.concat(parts, ignore_index=True)


def add_ratio_native(catalog: Catalog, native: pd.DataFrame) -> pd.DataFrame:
    """Ratios where numerator and denominator are published for the same area and year."""
    parts = [native]
    best = pick_by_priority(native, ["area_code", "level", "period", "indicator"])
    for ind in catalog:
        if ind.rule != "ratio" or not ind.available:
            continue
        both = _ratio_frame(best, ind, ["area_code", "level", "period"])
        if both.empty:
            continue
        both["division"] = both["division_n"]
        parts.append(both[native.columns])
    return pd.concat(parts, ignore_index=True)


# ----------------------------------------------------------------------------- aggregation

def target_membership(focus_areas: list[FocusArea], members: pd.DataFrame, universe: pd.DataFrame,
                      gemeenten19: list[str]) -> pd.DataFrame:
    """2024 buurten → every target: focus area, rest of municipality, the 20-area pool, and all
    wijken and gemeenten nationwide (by code nesting). Columns ``unit, target, level``."""
    parts = [members.assign(level="focus_area")[["unit", "target", "level"]]]
    inside = set(members["unit"])
    for fa in focus_areas:
        own = set(members.loc[members["target"] == fa.id, "unit"])
        rest = universe.loc[(universe["gemeente_code"] == fa.gemeente) & ~universe["code"].isin(own), "code"]
        parts.append(pd.DataFrame({"unit": rest, "target": rest_code(fa.id), "level": "rest_of_gemeente"}))
    parts.append(pd.DataFrame({"unit": sorted(inside), "target": FOCUS_AVERAGE_CODE, "level": "focus_average"}))
    parts.append(pd.DataFrame({"unit": universe["code"], "target": universe["wijk_code"], "level": "wijk"}))
    parts.append(pd.DataFrame({"unit": universe["code"], "target": universe["gemeente_code"], "level": "gemeente"}))
    return pd.concat(parts, ignore_index=True)


def _weights_for(harmonised: pd.DataFrame, weight: str, period: int) -> tuple[pd.Series, int]:
    """Weight per unit for one period. Where a unit has no weight in that year, the nearest year
    it has one is used, preferring weights published per buurt over weights carried from other
    divisions (e.g. 2024 buurt counts over 2022 wijk counts split by overlay). Returns the
    weights and the most common year used."""
    w = harmonised[harmonised["indicator"] == weight]
    ok = w["status"].isin([OK, PARTIAL])
    # a weight published empty for the buurt (KWB: 0, or secret) beats one carried from another
    # division, which would give e.g. an uninhabited park an area share of its wijk's residents
    score = ((w["mapping"] != MAP_SOURCE).astype(int) * 1000 + (~ok).astype(int) * 500
             + (w["period"] - period).abs() * 2 + (w["period"] < period).astype(int))
    best = w.assign(_score=score.to_numpy()).sort_values(["unit", "_score"]).drop_duplicates("unit")
    best = best[best["status"].isin([OK, PARTIAL])]
    if best.empty:
        return pd.Series(dtype=float), period
    used = int(best["period"].mode().iloc[0])
    return best.set_index("unit")["value"], used


def aggregate_all(catalog: Catalog, harmonised: pd.DataFrame, native: pd.DataFrame, targets: pd.DataFrame,
                  population_2024: pd.Series) -> pd.DataFrame:
    """Aggregates for every target, plus native gemeente values as the gemeente benchmark and the
    Netherlands from native NL rows or from all gemeenten."""
    out = []
    fa_targets = targets[targets["level"].isin(["focus_area", "rest_of_gemeente", "focus_average"])]
    nested = targets[targets["level"].isin(["wijk", "gemeente"])]
    best_native = pick_by_priority(native, ["area_code", "level", "period", "indicator"])
    for ind in catalog.available():
        units = harmonised[harmonised["indicator"] == ind.id]
        if units.empty:
            continue
        frames = []
        for period, rows in units.groupby("period"):
            rows = rows.copy()
            note = ""
            if ind.rule == "weighted_mean":
                weights, wp = _weights_for(harmonised, ind.weight, int(period))
                rows["weight"] = rows["unit"].map(weights)
                if wp != period:
                    note = f"; gewicht {catalog[ind.weight].name_nl.lower()} {wp}"
            elif ind.rule == "ratio":
                comp = harmonised[harmonised["period"] == period]
                for col, cid in (("numerator", ind.numerator), ("denominator", ind.denominator)):
                    c = comp[(comp["indicator"] == cid) & comp["status"].isin([OK, PARTIAL])]
                    rows[col] = rows["unit"].map(c.set_index("unit")["value"])
            carried = [m for m in dict.fromkeys(rows["mapping"].dropna()) if m != MAP_SOURCE]
            if carried:
                note += "; buurtwaarden: " + " + ".join(carried)
            cov_weight = population_2024
            for tset in (fa_targets, nested):
                agg = aggregate(rows, tset[["unit", "target"]], rule=ind.rule, scale=ind.scale,
                                coverage_weight=cov_weight)
                agg["note"] = note
                agg["source"] = ",".join(sorted(rows.loc[rows["status"].isin([OK, PARTIAL]), "source"].dropna().unique()))
                frames.append(agg)
        agg = pd.concat(frames, ignore_index=True)
        agg = agg.merge(targets[["target", "level"]].drop_duplicates(), on="target", how="left")
        agg["indicator"] = ind.id
        agg["mapping"] = MAP_AGGREGATE + agg["note"]
        # benchmarks of the 20-area pool need real coverage to be shown as a number
        low = (agg["level"] == "focus_average") & (agg["coverage"] < MIN_BENCHMARK_COVERAGE)
        agg.loc[low, "value"] = np.nan
        agg.loc[low, "status"] = MISSING
        out.append(agg.rename(columns={"target": "area_code"}).drop(columns="note"))
    frame = pd.concat(out, ignore_index=True)

    # wijk and gemeente aggregates only where no published value exists for that area and year
    published = best_native[best_native["status"].isin([OK, PARTIAL])][["area_code", "period", "indicator"]]
    nested_rows = frame["level"].isin(["wijk", "gemeente"])
    merged = frame[nested_rows].merge(published.assign(_pub=True), on=["area_code", "period", "indicator"], how="left")
    keep_nested = merged[merged["_pub"].isna()].drop(columns="_pub")
    keep_nested = keep_nested[keep_nested["coverage"] >= MIN_BENCHMARK_COVERAGE]
    frame = pd.concat([frame[~nested_rows], keep_nested], ignore_index=True)

    nl = national_values(catalog, best_native, frame)
    return pd.concat([frame, nl], ignore_index=True)


def national_values(catalog: Catalog, best_native: pd.DataFrame, aggregates: pd.DataFrame) -> pd.DataFrame:
    """The Netherlands: a published national row where the source has one, else aggregated from
    all gemeenten (published values, else our aggregates), when they cover the country."""
    gm = pd.concat([best_native[best_native["level"] == "gemeente"][["area_code", "period", "indicator", "value", "status", "source"]],
                    aggregates[aggregates["level"] == "gemeente"][["area_code", "period", "indicator", "value", "status", "source"]]],
                   ignore_index=True).drop_duplicates(["area_code", "period", "indicator"])
    published_nl = best_native[best_native["level"] == "nl"]
    rows = []
    for ind in catalog.available():
        if ind.rule not in ("sum", "ratio", "weighted_mean"):
            continue
        have = published_nl[published_nl["indicator"] == ind.id]
        for _, r in have.iterrows():
            rows.append({"area_code": NL_CODE, "level": "nl", "period": int(r["period"]), "indicator": ind.id,
                         "value": r["value"], "status": r["status"], "coverage": 1.0 if r["status"] == OK else 0.0,
                         "n_members": 1, "n_used": int(r["status"] == OK), "mapping": MAP_SOURCE,
                         "source": r["source"]})
        done = set(have["period"])
        units = gm[gm["indicator"] == ind.id]
        pop = gm[gm["indicator"] == "population"]
        for period, sub in units.groupby("period"):
            if period in done:
                continue
            pp = pop[pop["period"] == period]
            if pp.empty:
                pp = pop[pop["period"] == pop["period"].iloc[(pop["period"] - period).abs().argmin()]] if len(pop) else pp
            sub = sub.rename(columns={"area_code": "unit"})
            popw = pp.set_index("area_code")["value"]
            if ind.rule == "weighted_mean":
                wrows = gm[(gm["indicator"] == ind.weight)]
                wper = wrows[wrows["period"] == period]
                if wper.empty and len(wrows):
                    wper = wrows[wrows["period"] == wrows["period"].iloc[(wrows["period"] - period).abs().argmin()]]
                sub = sub.assign(weight=sub["unit"].map(wper.set_index("area_code")["value"]))
            elif ind.rule == "ratio":
                for col, cid in (("numerator", ind.numerator), ("denominator", ind.denominator)):
                    c = gm[(gm["indicator"] == cid) & (gm["period"] == period)]
                    sub[col] = sub["unit"].map(c.set_index("area_code")["value"])
            # the whole country: every gemeente of that year's division that has a population
            members = pd.DataFrame({"unit": popw.index, "target": NL_CODE})
            agg = aggregate(sub, members, rule=ind.rule, scale=ind.scale, coverage_weight=popw)
            for _, a in agg.iterrows():
                if a["coverage"] < MIN_BENCHMARK_COVERAGE:
                    continue
                rows.append({"area_code": NL_CODE, "level": "nl", "period": int(a["period"]), "indicator": ind.id,
                             "value": a["value"], "status": a["status"], "coverage": a["coverage"],
                             "n_members": a["n_members"], "n_used": a["n_used"], "mapping": MAP_AGGREGATE_GM,
                             "source": ",".join(dict.fromkeys(sub["source"].dropna().unique()))})
    return pd.DataFrame(rows)


def assemble_values(native: pd.DataFrame, harmonised: pd.DataFrame, aggregates: pd.DataFrame) -> pd.DataFrame:
    """One long table: published values (all divisions), values carried to 2024 buurten from
    other divisions, and aggregates. Columns: area_code, level, division, period, indicator, value,
    status, coverage, source, mapping."""
    # one gemeente or national value per year (sources on different divisions compete by priority)
    native = native.assign(_div=np.where(native["level"].isin(["gemeente", "nl"]), "", native["division"]))
    nat = pick_by_priority(native, ["area_code", "level", "_div", "period", "indicator"]).drop(columns=["_rank", "_div"])
    nat = nat.assign(coverage=np.where(nat["status"] == OK, 1.0, 0.0), mapping=MAP_SOURCE)
    carried = harmonised[harmonised["mapping"] != MAP_SOURCE].rename(columns={"unit": "area_code", "unit_coverage": "coverage"})
    carried = carried.assign(level="buurt", division="cbs2024")
    # a published 2024 buurt value wins over a carried one for the same buurt
    agg = aggregates.assign(division="cbs2024")
    cols = ["area_code", "level", "division", "period", "indicator", "value", "status", "coverage", "source", "mapping"]
    out = pd.concat([nat[cols], carried[cols], agg[cols]], ignore_index=True)
    out["period"] = out["period"].astype("int16")
    out["value"] = out["value"].astype(float)
    out["coverage"] = out["coverage"].astype(float).round(4)
    for c in ("area_code", "level", "division", "indicator", "status", "source", "mapping"):
        out[c] = out[c].astype("category")
    return out


# ----------------------------------------------------------------------------- areas

AREA_OUT = ["code", "name", "level", "year", "gemeente_code", "wijk_code", "focus_area", "geometry"]
AREA_COLUMNS_ANY = set(AREA_OUT)


def build_areas(focus_areas: list[FocusArea], members: pd.DataFrame, gm24, wk24, bu24, bu19, wk22,
                universe: pd.DataFrame, tables: dict[str, SourceTable]) -> gpd.GeoDataFrame:
    """All areas the store knows, geometry in RD New; focus areas dissolved from their members."""
    in_fa = members.set_index("unit")["target"]
    parts = []
    gm = gm24.assign(focus_area=pd.NA)
    parts.append(gm)
    wk = wk24.assign(focus_area=pd.NA)
    parts.append(wk)
    bu = bu24.assign(focus_area=bu24["code"].map(in_fa), year=2024)
    bu["name"] = bu["code"].map(dict(zip(universe["code"], universe["name"]))).fillna(bu["name"])
    parts.append(bu)
    names2020 = tables["leefbaarometer"].names
    b19 = bu19.assign(name=bu19["code"].map(names2020), focus_area=pd.NA)
    parts.append(b19)
    parts.append(wk22.drop(columns=[c for c in wk22.columns if c not in AREA_COLUMNS_ANY]).assign(focus_area=pd.NA))

    fa_rows, rest_rows = [], []
    wk_geom = wk24.set_index("code").geometry
    bu_geom = bu24.set_index("code").geometry
    gm_geom = gm24.set_index("code").geometry
    for fa in focus_areas:
        pieces = [wk_geom[c] for c in (*fa.wijken, *fa.partial_wijken_whole) if c in wk_geom.index]
        for b in fa.buurten:
            if b in bu_geom.index:
                wijk = "WK" + b[2:8]
                g = bu_geom[b]
                pieces.append(shapely.intersection(g, wk_geom[wijk]) if wijk in wk_geom.index else g)
        geom = shapely.make_valid(shapely.union_all(pieces))
        fa_rows.append({"code": fa.id, "name": fa.name, "level": "focus_area", "year": 2024,
                        "gemeente_code": fa.gemeente, "wijk_code": pd.NA, "focus_area": fa.id, "geometry": geom})
        rest = shapely.make_valid(shapely.difference(gm_geom[fa.gemeente], geom))
        gm_name = gm24.set_index("code").loc[fa.gemeente, "name"]
        rest_rows.append({"code": rest_code(fa.id), "name": f"Rest van {gm_name}", "level": "rest_of_gemeente",
                          "year": 2024, "gemeente_code": fa.gemeente, "wijk_code": pd.NA, "focus_area": fa.id,
                          "geometry": rest})
    parts.append(gpd.GeoDataFrame(fa_rows, geometry="geometry", crs=RD_NEW))
    parts.append(gpd.GeoDataFrame(rest_rows, geometry="geometry", crs=RD_NEW))
    parts.append(gpd.GeoDataFrame([{"code": NL_CODE, "name": "Nederland", "level": "nl", "year": 2024,
                                    "gemeente_code": pd.NA, "wijk_code": pd.NA, "focus_area": pd.NA,
                                    "geometry": None},
                                   {"code": FOCUS_AVERAGE_CODE, "name": "Gemiddelde 20 focusgebieden",
                                    "level": "focus_average", "year": 2024, "gemeente_code": pd.NA,
                                    "wijk_code": pd.NA, "focus_area": pd.NA, "geometry": None}],
                                  geometry="geometry", crs=RD_NEW))
    out = pd.concat([p[AREA_OUT] for p in parts], ignore_index=True)
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=RD_NEW)
    for c in ("code", "name", "level", "gemeente_code", "wijk_code", "focus_area"):
        out[c] = out[c].astype("string")
    out["year"] = out["year"].astype("int16")
    return out


NATIONWIDE_LAYERS = ("wijk", "gemeente", "buurt2019")


def build_display(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Browser geometry in WGS84, simplified once per layer at build time (never per request).

    Layers: ``buurt`` 2024 (19 municipalities), ``wijk`` 2024 and ``gemeente`` 2024 (nationwide),
    ``wijk_detail``/``gemeente_detail`` (the 19 municipalities at focus-area zoom), focus areas
    and their 'rest of the municipality'. Coordinates rounded to 5 decimals (≈ 1 m).
    """
    parts = []
    current = areas[areas["year"] == 2024]
    b2019 = areas[(areas["year"] == 2019) & (areas["level"] == "buurt")]
    gm19 = set(current.loc[current["level"] == "focus_area", "gemeente_code"].dropna())
    layers = {
        "buurt": current[current["level"] == "buurt"],
        "wijk": current[(current["level"] == "wijk") & (current["gemeente_code"] != "GM0998")],
        "gemeente": current[current["level"] == "gemeente"],
        "wijk_detail": current[(current["level"] == "wijk") & current["gemeente_code"].isin(gm19)],
        "gemeente_detail": current[(current["level"] == "gemeente") & current["code"].isin(gm19)],
        "focus_area": current[current["level"] == "focus_area"],
        "rest_of_gemeente": current[current["level"] == "rest_of_gemeente"],
        # nationwide buurt map for data on the 2020 division (Leefbaarometer): the 2019 polygons
        "buurt2019": b2019,
    }
    for layer, frame in layers.items():
        geom = shapely.simplify(frame.geometry.array, DISPLAY_TOLERANCE[layer], preserve_topology=True)
        g = gpd.GeoSeries(geom, crs=RD_NEW).to_crs(WGS84)
        # ≈ 1 m for the detail layers; ≈ 10 m for the nationwide ones (below a pixel at that zoom)
        grid = 1e-4 if layer in NATIONWIDE_LAYERS else 1e-5
        g = gpd.GeoSeries(shapely.set_precision(g.array, grid), crs=WGS84)
        g = gpd.GeoSeries(shapely.make_valid(g.array), crs=WGS84)
        parts.append(gpd.GeoDataFrame({"layer": layer, "code": frame["code"].to_numpy(),
                                       "name": frame["name"].to_numpy(),
                                       "gemeente_code": frame["gemeente_code"].to_numpy(),
                                       "focus_area": frame["focus_area"].to_numpy()},
                                      geometry=g.to_numpy(), crs=WGS84))
    out = pd.concat(parts, ignore_index=True)
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=WGS84)
    out = out[~(out.geometry.is_empty | out.geometry.isna())]
    for c in ("layer", "code", "name", "gemeente_code", "focus_area"):
        out[c] = out[c].astype("string")
    return out.reset_index(drop=True)

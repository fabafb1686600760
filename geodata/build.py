"""Build the canonical store: run the pipeline stages, time them, cache them, write atomically.

``python -m geodata build`` calls :func:`build_store`. The store is a folder of Parquet /
GeoParquet files plus a ``manifest.json`` of input hashes; it is rebuilt only when an input
file, the catalogue, the source registry, the focus-area definitions or the code changed.
Each stage's result is also cached under a key of its own inputs (``.cache/stages``), so a
rebuild after, say, a new indicator table re-runs only what depends on that table. The store is
written into a new folder that is renamed into place: an interrupted build leaves the previous
store untouched, and leftovers of a killed build are removed at the start of the next one.

:func:`run_pipeline` runs the stages of :mod:`geodata.pipeline` in order, one small function per
stage here that names the stage's cache key; the cache is :mod:`geodata.stage_cache`, the
atomic rename :mod:`geodata.atomic`.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from .atomic import new_build_folder, remove_stale_builds, swap_into_place
from .catalog import CATALOG_PATH, SOURCES_PATH, Catalog, load_catalog
from .errors import CatalogError
from .focus import DEFINITION_PATH, FocusArea, load_focus_areas, membership_2024
from .hashing import sha256_file
from .pipeline import aggregation, benchmarks, crosswalks, display, harmonise, nationwide, units, values
from .settings import Settings
from .sources.registry import Inputs, check_catalog_columns, read_source
from .stage_cache import StageCache, code_hash, stage_key
from .vocab import Division, Level

logger = logging.getLogger(__name__)
Progress = Callable[[str], None]
PACKAGE = Path(__file__).resolve().parent
#: modules every stage runs (their code is part of every stage's key)
SHARED_CODE = ("__init__.py", "vocab.py", "codes.py", "aggregate.py", "catalog.py", "focus.py")
#: the modules that read the sources
READER_CODE = (
    "sources/common.py",
    "sources/boundaries.py",
    "sources/indicators.py",
    "sources/kwb.py",
    "sources/registry.py",
)

#: which registered sources play which part in the build (ids in config/sources.yaml)
ROLES = {
    "gemeenten": "gemeenten_2024",
    "wijken": "wijken_2024",
    # 2024 buurt polygons: the first layer covering a gemeente wins (Amsterdam's own detailed ones)
    "buurten": ("amsterdam_buurten", "buurten_2024"),
    "universe": "kwb2024_buurten",  # every 2024 buurt code, name and population
}
#: polygons of the older divisions, for the overlay crosswalks: (division, level) -> source id
OLD_POLYGONS = {
    (Division.CBS2020, Level.BUURT): "buurten_2019",
    (Division.CBS2019, Level.BUURT): "buurten_2019",
    (Division.CBS2022, Level.WIJK): "wijken_2022",
}
#: the source division whose buurten are overlaid on the 2024 wijken nationwide, and their polygons
NATIONWIDE = (Division.CBS2020, "buurten_2019")
#: the old layers kept as areas (names from the 2020-division tables)
OLD_AREAS = ("buurten_2019", "wijken_2022")


@dataclass
class BuildResult:
    """Where the store is, whether it was rebuilt, and how long the build and each stage took."""

    path: Path
    rebuilt: bool
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)
    cached: tuple[str, ...] = ()


# ----------------------------------------------------------------------------- inputs


def input_manifest(settings: Settings, catalog: Catalog | None = None) -> dict[str, str]:
    """Hashes of everything the store is built from: every registered file, the configuration
    and the code of this package."""
    data_dir = settings.require_data_dir()
    catalog = catalog or load_catalog()
    manifest = {
        f"data/{src.file}": sha256_file(data_dir / src.file) if (data_dir / src.file).exists() else "missing"
        for src in catalog.sources.values()
    }
    for path in (CATALOG_PATH, SOURCES_PATH, DEFINITION_PATH):
        manifest[f"config/{path.name}"] = sha256_file(path)
    manifest["code"] = code_hash(*PACKAGE.rglob("*.py"))
    return manifest


def store_is_current(settings: Settings) -> bool:
    path = settings.cache_dir / "manifest.json"
    if not path.exists():
        return False
    try:
        stored = json.loads(path.read_text())
        return stored.get("inputs") == input_manifest(settings)
    except (OSError, json.JSONDecodeError, CatalogError):
        return False


# ----------------------------------------------------------------------------- build


def build_store(
    settings: Settings, *, force: bool = False, progress: Progress | None = None, use_stage_cache: bool = True
) -> BuildResult:
    """Build the store into ``settings.cache_dir`` unless it is current."""
    say = progress or (lambda msg: logger.info("%s", msg))
    start = time.perf_counter()
    settings.require_data_dir()
    catalog = load_catalog()
    manifest = input_manifest(settings, catalog)
    if not force and store_is_current(settings):
        say(f"store in {settings.cache_dir} is up to date")
        return BuildResult(settings.cache_dir, False, time.perf_counter() - start)
    target = settings.cache_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(target.parent)
    tmp = new_build_folder(target.parent)
    cache = StageCache(target.parent / "stages", enabled=use_stage_cache)
    try:
        stages = run_pipeline(tmp, settings, catalog, manifest, cache, say)
        (tmp / "manifest.json").write_text(
            json.dumps(
                {
                    "inputs": manifest,
                    "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
                    "data_dir": str(settings.data_dir),
                    "stages": stages,
                },
                indent=1,
            )
        )
        swap_into_place(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    seconds = time.perf_counter() - start
    say(f"store written to {target} in {seconds:.1f} s" + (f" (cached: {', '.join(cache.hits)})" if cache.hits else ""))
    return BuildResult(target, True, seconds, stages, tuple(cache.hits))


class _Timer:
    def __init__(self, say: Progress, total: int) -> None:
        self.say, self.total, self.n, self.times = say, total, 0, {}
        self._name: str | None = None
        self._t = time.perf_counter()

    def stage(self, name: str, text: str) -> None:
        self.close()
        self.n += 1
        self._name = name
        self.say(f"[{self.n}/{self.total}] {text}")
        self._t = time.perf_counter()

    def close(self) -> None:
        if self._name is not None:
            took = time.perf_counter() - self._t
            self.times[self._name] = round(took, 2)
            self.say(f"      {self._name}: {took:.1f} s")
            self._name = None


@dataclass
class _Run:
    """One build's inputs and cache, and the keys of what it has read and made so far: a stage's
    key is made of the keys of the sources and stages it uses, so a change anywhere upstream
    re-runs it."""

    data_dir: Path
    catalog: Catalog
    manifest: dict[str, str]
    cache: StageCache
    #: source id -> key of that source's file, arguments and reader code
    source_keys: dict[str, str] = field(default_factory=dict)
    #: stage name -> key of its inputs and code
    stage_keys: dict[str, str] = field(default_factory=dict)

    def code(self, *modules: str) -> str:
        """Hash of the modules a stage runs (paths in this package), with those every stage uses."""
        return code_hash(*[PACKAGE / m for m in (*SHARED_CODE, *modules)])

    def cached(self, name: str, parts: tuple, make: Callable[[], Any]) -> Any:
        """Run stage ``name`` under the key of ``parts``, or read its earlier result back."""
        self.stage_keys[name] = stage_key(*parts)
        return self.cache.run(name, self.stage_keys[name], make)


@dataclass(frozen=True)
class _Units:
    """The 2024 buurten and every aggregation target (the ``units`` stage)."""

    universe: pd.DataFrame
    members: pd.DataFrame
    buurten: gpd.GeoDataFrame
    gemeenten19: list[str]
    targets: pd.DataFrame
    population: pd.Series


def run_pipeline(
    out: Path, settings: Settings, catalog: Catalog, manifest: dict[str, str], cache: StageCache, say: Progress
) -> dict[str, float]:
    """Run every stage and write the store's files into ``out``; return seconds per stage."""
    run = _Run(settings.data_dir, catalog, manifest, cache)
    focus_areas = load_focus_areas()
    timer = _Timer(say, 8)
    timer.stage("sources", "reading sources (boundaries and indicator tables)")
    inputs = _read_sources(run)
    check_catalog_columns(catalog, inputs.tables)
    timer.stage("units", "2024 buurten and focus-area membership (validated against the 2024 division)")
    found = _units(inputs, focus_areas)
    timer.stage("crosswalks", "crosswalks between boundary years (overlay)")
    cw, wijk_cw = _crosswalks(run, inputs, found)
    timer.stage("harmonise", "harmonising indicator values to 2024 buurten")
    native, harmonised = _harmonise(run, inputs.tables, cw)
    timer.stage("aggregation", "aggregating to focus areas, wijken and gemeenten")
    aggregates = run.cached(
        "aggregation",
        (run.code("pipeline/aggregation.py", "pipeline/units.py"), run.stage_keys["harmonise"], _focus_key(run)),
        lambda: aggregation.aggregate_all(catalog, harmonised, found.targets, found.population),
    )
    timer.stage("benchmarks", "benchmarks: rest of the gemeente, the 20-area pool, the Netherlands")
    table = _values(catalog, native, harmonised, aggregates, wijk_cw)
    timer.stage("display", "areas and display geometry")
    areas, shapes = _display(run, inputs, found, focus_areas)
    timer.stage("write", "writing store")
    _write(out, values=table, areas=areas, display=shapes, crosswalks=cw, focus_membership=found.members)
    timer.close()
    logger.info("values: %d rows; areas: %d; display: %d", len(table), len(areas), len(shapes))
    return timer.times


def _focus_key(run: _Run) -> str:
    return run.manifest["config/focusgebieden.yaml"]


def _read_sources(run: _Run) -> Inputs:
    """Every registered source that is present (an absent optional file is skipped), boundary
    layers first: a table read from a layer is keyed by that layer's key too."""
    reader_code = run.code(*READER_CODE)
    inputs = Inputs({}, {})
    for src in sorted(run.catalog.sources.values(), key=lambda s: s.kind != "boundary"):
        file_hash = run.manifest[f"data/{src.file}"]
        if file_hash == "missing" and not src.required:
            continue
        layer_key = run.source_keys.get(src.args.get("layer", ""), "")
        key = stage_key(src.id, src.reader, src.args, src.division, file_hash, reader_code, layer_key)
        run.source_keys[src.id] = key
        result = run.cache.run(f"source-{src.id}", key, lambda s=src: read_source(s, run.data_dir, inputs.layers))
        (inputs.layers if src.kind == "boundary" else inputs.tables)[src.id] = result
    return inputs


def _units(inputs: Inputs, focus_areas: list[FocusArea]) -> _Units:
    """The 2024 buurt universe, the focus areas' members (validated against the 2024 division)
    and every target the buurten are aggregated to."""
    universe = units.buurt_universe(inputs.tables[ROLES["universe"]])
    members = membership_2024(focus_areas, universe, set(inputs.layers[ROLES["wijken"]]["code"]))
    return _Units(
        universe=universe,
        members=members,
        buurten=units.combine_buurten(universe, *[inputs.layers[s] for s in ROLES["buurten"]]),
        gemeenten19=sorted({fa.gemeente for fa in focus_areas}),
        targets=units.target_membership(focus_areas, members, universe),
        population=universe.set_index("code")["population"],
    )


def _crosswalks(run: _Run, inputs: Inputs, found: _Units) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The crosswalks from every older division to 2024 buurten, and the nationwide one from
    the 2020-division buurten to the 2024 wijken."""
    keys, tables, layers = run.source_keys, inputs.tables, inputs.layers
    polygons = {k: layers[s] for k, s in OLD_POLYGONS.items()}
    cw = run.cached(
        "crosswalks",
        (
            run.code("pipeline/crosswalks.py"),
            keys[ROLES["universe"]],
            [keys[s] for s in ROLES["buurten"]],
            {f"{d}/{lv}": keys[s] for (d, lv), s in OLD_POLYGONS.items()},
            sorted(keys[s] for s, t in tables.items() if t.division != Division.CBS2024),
            found.gemeenten19,
        ),
        lambda: crosswalks.build_crosswalks(tables, found.universe, found.buurten, polygons, found.gemeenten19),
    )
    wijk_cw = run.cached(
        "nationwide-crosswalk",
        (run.code("pipeline/nationwide.py"), keys[NATIONWIDE[1]], keys[ROLES["wijken"]]),
        lambda: nationwide.wijk_crosswalk(layers[NATIONWIDE[1]], layers[ROLES["wijken"]]),
    )
    return cw, wijk_cw


def _harmonise(run: _Run, tables: dict, cw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The values as published (``native``, with ratio units added) and carried onto 2024
    buurten (``harmonised``)."""
    catalog = run.catalog

    def make() -> tuple[pd.DataFrame, pd.DataFrame]:
        native = harmonise.native_values(catalog, tables)
        harmonised = harmonise.add_ratio_units(catalog, harmonise.harmonise_all(catalog, native, cw))
        return harmonise.add_ratio_native(catalog, native), harmonised

    parts = (
        run.code("pipeline/harmonise.py"),
        run.manifest["config/indicators.yaml"],
        run.manifest["config/sources.yaml"],
        sorted(run.source_keys[s] for s in tables),
        run.stage_keys["crosswalks"],
    )
    return run.cached("harmonise", parts, make)


def _values(
    catalog: Catalog, native: pd.DataFrame, harmonised: pd.DataFrame, aggregates: pd.DataFrame, wijk_cw: pd.DataFrame
) -> pd.DataFrame:
    """The store's one values table: published and harmonised values, and the benchmarks, with
    wijken and gemeenten the sources lack filled from 2020-division buurten carried nationwide."""
    carried = nationwide.wijk_values(catalog, native, NATIONWIDE[0], wijk_cw)
    wijk_pop = nationwide.wijk_population(native)

    def fill(kept, published):
        return nationwide.fill_wijken_gemeenten(catalog, carried, kept, published, wijk_pop)

    bench = benchmarks.benchmark_values(catalog, native, aggregates, fill=fill)
    return values.assemble_values(native, harmonised, bench)


def _display(
    run: _Run, inputs: Inputs, found: _Units, focus_areas: list[FocusArea]
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Every area (RD New) with its name, and the simplified browser geometry."""
    layers, tables, keys = inputs.layers, inputs.tables, run.source_keys
    names_2020 = crosswalks.names_of(tables, Division.CBS2020)
    names_2024 = dict(zip(found.universe["code"], found.universe["name"]))

    def make() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
        buurten = found.buurten
        named = buurten.assign(name=buurten["code"].map(names_2024).fillna(buurten["name"]), year=2024)
        others = [
            layers[s].assign(name=layers[s]["code"].map(names_2020).where(layers[s]["name"].isna(), layers[s]["name"]))
            for s in OLD_AREAS
        ]
        areas = display.build_areas(
            focus_areas,
            found.members,
            gemeenten=layers[ROLES["gemeenten"]],
            wijken=layers[ROLES["wijken"]],
            buurten=named,
            others=others,
        )
        return areas, display.build_display(areas)

    parts = (
        run.code("pipeline/display.py"),
        _focus_key(run),
        [keys[s] for s in (ROLES["gemeenten"], ROLES["wijken"], *ROLES["buurten"], *OLD_AREAS)],
        keys[ROLES["universe"]],
        sorted(keys[s] for s in tables if tables[s].division == Division.CBS2020),
    )
    return run.cached("display", parts, make)


def _write(out: Path, **tables: pd.DataFrame) -> None:
    """The store's tables as ``<name>.parquet`` in ``out``, and the configuration it was built
    from (the store carries it, so the app starts from the store alone)."""
    for name, frame in tables.items():
        frame.to_parquet(out / f"{name}.parquet", index=False)
    (out / "config").mkdir()
    for path in (CATALOG_PATH, SOURCES_PATH, DEFINITION_PATH):
        shutil.copyfile(path, out / "config" / path.name)


__all__ = [
    "BuildResult",
    "build_store",
    "input_manifest",
    "run_pipeline",
    "store_is_current",
]

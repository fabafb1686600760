"""Build the canonical store: run the pipeline stages, time them, cache them, write atomically.

``python -m geodata build`` calls :func:`build_store`. The store is a folder of Parquet /
GeoParquet files plus a ``manifest.json`` of input hashes; it is rebuilt only when an input
file, the catalogue, the source registry, the focus-area definitions or the code changed.
Each stage's result is also cached under a key of its own inputs (``.cache/stages``), so a
rebuild after, say, a new indicator table re-runs only what depends on that table. The store is
written into a new folder that is renamed into place: an interrupted build leaves the previous
store untouched, and leftovers of a killed build are removed at the start of the next one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import CODE_VERSION
from .catalog import CATALOG_PATH, SOURCES_PATH, Catalog, load_catalog
from .errors import CatalogError
from .focus import DEFINITION_PATH, load_focus_areas, membership_2024
from .hashing import sha256_file
from .pipeline import aggregation, benchmarks, crosswalks, display, harmonise, nationwide, units, values
from .settings import Settings
from .sources.registry import Inputs, read_source
from .vocab import HAS_VALUE, Division, Level

logger = logging.getLogger(__name__)
Progress = Callable[[str], None]
PACKAGE = Path(__file__).resolve().parent
TEMP_PREFIX = ".store-build-"

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
    path: Path
    rebuilt: bool
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)
    cached: tuple[str, ...] = ()


# ----------------------------------------------------------------------------- hashing


def code_hash(*paths: Path) -> str:
    h = hashlib.sha256(CODE_VERSION.encode())
    for path in sorted(paths):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:24]


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


# ----------------------------------------------------------------------------- stage cache


class StageCache:
    """Results of stages by key, as pickles in ``folder`` (a local cache: the key includes the
    code of the stage, so a pickle is only read back by the code that wrote it). Only the newest
    entry per stage is kept."""

    def __init__(self, folder: Path, *, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self.hits: list[str] = []

    def run(self, name: str, key: str, make: Callable[[], object]) -> object:
        path = self.folder / f"{name}-{key}.pkl"
        if self.enabled and path.exists():
            try:
                with path.open("rb") as fh:
                    value = pickle.load(fh)
                self.hits.append(name)
                return value
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                path.unlink(missing_ok=True)
        value = make()
        if self.enabled:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob(f"{name}-*.pkl"):
                old.unlink(missing_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            with tmp.open("wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        return value


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
    tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=target.parent))
    (tmp / ".pid").write_text(str(os.getpid()))
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


def _alive(pid_file: Path) -> bool:
    """Whether the build that wrote ``pid_file`` still runs (a reused pid of another program, or
    this very process, does not count)."""
    try:
        pid = int(pid_file.read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        try:
            if b"python" not in cmdline.read_bytes():
                return False
        except OSError:
            return False
    return pid != os.getpid()


def remove_stale_builds(folder: Path) -> list[Path]:
    """Remove the temporary folders of builds that were killed (whose process no longer runs),
    and old stores a killed swap left behind; a build that is still running is left alone."""
    removed = []
    for path in [*folder.glob(f"{TEMP_PREFIX}*"), *folder.glob("*.old-*")]:
        if path.is_dir() and not _alive(path / ".pid"):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    if removed:
        logger.info("removed %d leftover folder(s) of interrupted builds", len(removed))
    return removed


def swap_into_place(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with renames only, so readers see the old or the new store."""
    old = None
    (new / ".pid").unlink(missing_ok=True)
    if target.exists():
        old = target.with_name(target.name + f".old-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


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


def run_pipeline(
    out: Path, settings: Settings, catalog: Catalog, manifest: dict[str, str], cache: StageCache, say: Progress
) -> dict[str, float]:
    """Run every stage and write the store's files into ``out``; return seconds per stage."""
    data = settings.data_dir
    focus_areas = load_focus_areas()
    timer = _Timer(say, 8)
    shared = [PACKAGE / n for n in ("__init__.py", "vocab.py", "codes.py", "aggregate.py", "catalog.py", "focus.py")]

    def code(*mods: str) -> str:
        return code_hash(*shared, *[PACKAGE / m for m in mods])

    timer.stage("sources", "reading sources (boundaries and indicator tables)")
    reader_code = code("sources/common.py", "sources/boundaries.py", "sources/indicators.py", "sources/registry.py")
    keys: dict[str, str] = {}
    inputs = Inputs({}, {})
    for src in sorted(catalog.sources.values(), key=lambda s: s.kind != "boundary"):
        rel = f"data/{src.file}"
        if manifest[rel] == "missing" and not src.required:
            continue
        keys[src.id] = _key(
            src.id,
            src.reader,
            src.args,
            src.division,
            manifest[rel],
            reader_code,
            keys.get(src.args.get("layer", ""), ""),
        )
        result = cache.run(f"source-{src.id}", keys[src.id], lambda s=src: read_source(s, data, inputs.layers))
        (inputs.layers if src.kind == "boundary" else inputs.tables)[src.id] = result
    check_catalog_columns(catalog, inputs.tables)
    layers, tables = inputs.layers, inputs.tables

    timer.stage("units", "2024 buurten and focus-area membership (validated against the 2024 division)")
    universe = units.buurt_universe(tables[ROLES["universe"]])
    members = membership_2024(focus_areas, universe, set(layers[ROLES["wijken"]]["code"]))
    buurten = units.combine_buurten(universe, *[layers[s] for s in ROLES["buurten"]])
    gemeenten19 = sorted({fa.gemeente for fa in focus_areas})
    targets = units.target_membership(focus_areas, members, universe)
    population = universe.set_index("code")["population"]

    timer.stage("crosswalks", "crosswalks between boundary years (overlay)")
    division_keys = sorted(keys[s] for s, t in tables.items() if t.division != Division.CBS2024)
    cw_key = _key(
        code("pipeline/crosswalks.py"),
        keys[ROLES["universe"]],
        [keys[s] for s in ROLES["buurten"]],
        {f"{d}/{lv}": keys[s] for (d, lv), s in OLD_POLYGONS.items()},
        division_keys,
        gemeenten19,
    )
    polygons = {k: layers[s] for k, s in OLD_POLYGONS.items()}
    cw = cache.run(
        "crosswalks", cw_key, lambda: crosswalks.build_crosswalks(tables, universe, buurten, polygons, gemeenten19)
    )
    nw_key = _key(code("pipeline/nationwide.py"), keys[NATIONWIDE[1]], keys[ROLES["wijken"]])
    wijk_cw = cache.run(
        "nationwide-crosswalk",
        nw_key,
        lambda: nationwide.wijk_crosswalk(layers[NATIONWIDE[1]], layers[ROLES["wijken"]]),
    )

    timer.stage("harmonise", "harmonising indicator values to 2024 buurten")
    hm_key = _key(
        code("pipeline/harmonise.py"),
        manifest["config/indicators.yaml"],
        manifest["config/sources.yaml"],
        sorted(keys[s] for s in tables),
        cw_key,
    )

    def harmonise_stage():
        native = harmonise.native_values(catalog, tables)
        harmonised = harmonise.add_ratio_units(catalog, harmonise.harmonise_all(catalog, native, cw))
        return harmonise.add_ratio_native(catalog, native), harmonised

    native, harmonised = cache.run("harmonise", hm_key, harmonise_stage)

    timer.stage("aggregation", "aggregating to focus areas, wijken and gemeenten")
    focus_key = manifest["config/focusgebieden.yaml"]
    ag_key = _key(code("pipeline/aggregation.py", "pipeline/units.py"), hm_key, focus_key)
    aggregates = cache.run(
        "aggregation", ag_key, lambda: aggregation.aggregate_all(catalog, harmonised, targets, population)
    )

    timer.stage("benchmarks", "benchmarks: rest of the gemeente, the 20-area pool, the Netherlands")
    carried = nationwide.wijk_values(catalog, native, NATIONWIDE[0], wijk_cw)
    wijk_pop = native[
        (native["indicator"] == "population")
        & (native["level"] == Level.WIJK)
        & (native["period"] == 2024)
        & native["status"].isin(HAS_VALUE)
    ]
    wijk_pop = wijk_pop.sort_values("_rank").drop_duplicates("area_code").set_index("area_code")["value"]

    def fill(kept, published):
        return nationwide.fill_wijken_gemeenten(catalog, carried, kept, published, wijk_pop)

    bench = benchmarks.benchmark_values(catalog, native, aggregates, fill=fill)
    table = values.assemble_values(native, harmonised, bench)

    timer.stage("display", "areas and display geometry")
    names_2020 = crosswalks.names_of(tables, Division.CBS2020)
    names_2024 = dict(zip(universe["code"], universe["name"]))
    dp_key = _key(
        code("pipeline/display.py"),
        focus_key,
        [keys[s] for s in (ROLES["gemeenten"], ROLES["wijken"], *ROLES["buurten"], *OLD_AREAS)],
        keys[ROLES["universe"]],
        sorted(keys[s] for s in tables if tables[s].division == Division.CBS2020),
    )

    def display_stage():
        named = buurten.assign(name=buurten["code"].map(names_2024).fillna(buurten["name"]), year=2024)
        others = [
            layers[s].assign(name=layers[s]["code"].map(names_2020).where(layers[s]["name"].isna(), layers[s]["name"]))
            for s in OLD_AREAS
        ]
        areas = display.build_areas(
            focus_areas,
            members,
            gemeenten=layers[ROLES["gemeenten"]],
            wijken=layers[ROLES["wijken"]],
            buurten=named,
            others=others,
        )
        return areas, display.build_display(areas)

    areas, shapes = cache.run("display", dp_key, display_stage)

    timer.stage("write", "writing store")
    table.to_parquet(out / "values.parquet", index=False)
    areas.to_parquet(out / "areas.parquet", index=False)
    shapes.to_parquet(out / "display.parquet", index=False)
    cw.to_parquet(out / "crosswalks.parquet", index=False)
    members.to_parquet(out / "focus_membership.parquet", index=False)
    (out / "config").mkdir()
    for path in (CATALOG_PATH, SOURCES_PATH, DEFINITION_PATH):  # the store carries its configuration
        shutil.copyfile(path, out / "config" / path.name)
    timer.close()
    logger.info("values: %d rows; areas: %d; display: %d", len(table), len(areas), len(shapes))
    return timer.times


def check_catalog_columns(catalog: Catalog, tables: dict) -> None:
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


__all__ = [
    "BuildResult",
    "StageCache",
    "build_store",
    "check_catalog_columns",
    "input_manifest",
    "run_pipeline",
    "store_is_current",
]

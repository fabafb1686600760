"""What ``python -m geodata fetch`` downloads: the ``fetch`` blocks of ``config/sources.yaml``.

The source registry stays the one manifest. A source the build reads carries a ``fetch`` block
(its target is the source's own ``file``); a file that is only downloaded (a boundary archive,
a table no reader uses yet) is listed under the top-level ``downloads`` with its own ``file``.
``catalogues`` names the base URL of each CBS OData catalogue (``opendata``, ``dataderden``).

A fetch block::

    fetch:
      kind: cbs_odata            # or: file
      table: 85984NED            # cbs_odata: the StatLine table id
      catalogue: opendata        # cbs_odata: opendata | dataderden
      select: [AantalInwoners_5] # optional: columns of the TypedDataSet ($select)
      filter: "..."              # optional: OData $filter
      rename: {Old_4: new}       # optional: column renames after the download
      periods: year              # year (default) | month_to_year (sum 12 months)
      url: https://...           # file: the download URL
      years: [2024]              # documentation: which years it holds
      levels: [gemeente, wijk]   # documentation: which area levels it holds
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog import SOURCES_PATH
from ..errors import CatalogError
from ..yamlfile import read_yaml

FETCH_KINDS = ("cbs_odata", "file")
PERIOD_MODES = ("year", "month_to_year")
DEFAULT_CATALOGUES = {"opendata": "https://opendata.cbs.nl", "dataderden": "https://dataderden.cbs.nl"}


@dataclass(frozen=True)
class FetchSpec:
    """One thing to download and the file it becomes inside the data directory."""

    id: str
    kind: str
    file: str
    title: str = ""
    table: str = ""
    catalogue: str = ""
    url: str = ""
    select: tuple[str, ...] = ()
    filter: str = ""
    rename: dict = field(default_factory=dict, hash=False, compare=False)
    periods: str = "year"
    years: tuple[int, ...] = ()
    levels: tuple[str, ...] = ()
    note: str = ""
    #: the build reads this file (a registered source); False for downloads only
    read_by_build: bool = True

    def where(self, catalogues: dict[str, str]) -> str:
        """The table's feed URL or the file URL (what ``--list`` prints)."""
        if self.kind == "file":
            return self.url
        base = catalogues.get(self.catalogue, "?").rstrip("/")
        return f"{base}/ODataFeed/odata/{self.table}"


@dataclass(frozen=True)
class Manifest:
    specs: dict[str, FetchSpec]
    catalogues: dict[str, str]
    #: kernindicatoren for which no open table per wijk or buurt exists (documentation)
    not_available: tuple[dict, ...] = ()
    path: Path = SOURCES_PATH


def load_manifest(path: Path = SOURCES_PATH) -> Manifest:
    """Read the fetch manifest from the source registry; raise :class:`CatalogError` naming the
    entry and the fix."""
    raw = read_yaml(path, CatalogError)
    return parse_manifest(raw, path)


def parse_manifest(raw: Any, path: Path = SOURCES_PATH) -> Manifest:
    """The fetch blocks of ``sources`` plus the ``downloads`` entries.

    >>> m = parse_manifest({"sources": {"a": {"file": "x.csv", "fetch": {"kind": "cbs_odata",
    ...     "table": "85984NED", "catalogue": "opendata"}}}})
    >>> m.specs["a"].where(m.catalogues)
    'https://opendata.cbs.nl/ODataFeed/odata/85984NED'
    """
    if not isinstance(raw, dict):
        raise CatalogError(f"{path}: expected a mapping with 'sources'")
    catalogues = {**DEFAULT_CATALOGUES, **(raw.get("catalogues") or {})}
    specs: dict[str, FetchSpec] = {}
    for section, read_by_build in (("sources", True), ("downloads", False)):
        for sid, entry in (raw.get(section) or {}).items():
            if not isinstance(entry, dict):
                raise CatalogError(f"{path}: {section}.{sid}: expected a mapping of fields")
            block = entry.get("fetch") if read_by_build else entry
            if not block:
                continue
            if sid in specs:
                raise CatalogError(f"{path}: {sid!r} appears under sources and downloads; keep one")
            specs[sid] = _parse_spec(sid, entry, block, catalogues, path, read_by_build=read_by_build)
    return Manifest(specs, catalogues, tuple(raw.get("not_available") or ()), path)


def _parse_spec(
    sid: str, entry: dict, block: dict, catalogues: dict[str, str], path: Path, *, read_by_build: bool
) -> FetchSpec:
    where = f"{path}: {sid!r} fetch"
    kind = block.get("kind")
    if kind not in FETCH_KINDS:
        raise CatalogError(f"{where}: kind {kind!r} not one of {FETCH_KINDS}")
    file = entry.get("file")
    if not file or Path(str(file)).is_absolute() or ".." in Path(str(file)).parts:
        raise CatalogError(f"{where}: needs a 'file' relative to the data directory (got {file!r})")
    if kind == "cbs_odata":
        if not block.get("table"):
            raise CatalogError(f"{where}: a cbs_odata source needs 'table' (the StatLine id, e.g. 85984NED)")
        if block.get("catalogue") not in catalogues:
            raise CatalogError(
                f"{where}: catalogue {block.get('catalogue')!r} not one of {', '.join(sorted(catalogues))}; "
                "add it under 'catalogues'"
            )
    if kind == "file" and not str(block.get("url", "")).startswith(("http://", "https://")):
        raise CatalogError(f"{where}: a file source needs an http(s) 'url'")
    periods = block.get("periods", "year")
    if periods not in PERIOD_MODES:
        raise CatalogError(f"{where}: periods {periods!r} not one of {PERIOD_MODES}")
    select = block.get("select") or []
    if isinstance(select, str):
        select = [part.strip() for part in select.split(",")]
    return FetchSpec(
        id=sid,
        kind=kind,
        file=str(file),
        title=str(entry.get("title", "")),
        table=str(block.get("table", "")),
        catalogue=str(block.get("catalogue", "")),
        url=str(block.get("url", "")),
        select=tuple(str(c) for c in select),
        filter=str(block.get("filter", "")),
        rename=dict(block.get("rename") or {}),
        periods=periods,
        years=tuple(int(y) for y in (block.get("years") or ())),
        levels=tuple(str(v) for v in (block.get("levels") or ())),
        note=str(block.get("note") or ("" if read_by_build else entry.get("note", ""))),
        read_by_build=read_by_build,
    )

"""The indicator catalogue (``config/indicators.yaml``): loading and validation."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import CatalogError
from .settings import PROJECT_ROOT

CATALOG_PATH = PROJECT_ROOT / "config" / "indicators.yaml"
ACTION_LINES = ("2", "3", "4", "context")
DIRECTIONS = ("higher_better", "lower_better", "neutral")
RULES = ("sum", "ratio", "weighted_mean", "none")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class SourceRef:
    source: str
    column: str


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    table: str
    licence: str
    citation: str
    file: str
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    id: str
    name_nl: str
    name_en: str
    action_line: str
    core: bool
    unit_nl: str
    unit_en: str
    decimals: int
    direction: str
    rule: str
    definition_nl: str
    definition_en: str
    sources: tuple[SourceRef, ...]
    weight: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 1.0
    available: bool = True

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl

    def unit(self, lang: str = "nl") -> str:
        return self.unit_en if lang == "en" else self.unit_nl

    def definition(self, lang: str = "nl") -> str:
        return self.definition_en if lang == "en" else self.definition_nl

    @property
    def components(self) -> tuple[str, ...]:
        """Indicators this one needs for its aggregation."""
        return tuple(x for x in (self.weight, self.numerator, self.denominator) if x)


@dataclass(frozen=True)
class Catalog:
    indicators: dict[str, Indicator]
    sources: dict[str, Source]
    path: Path = field(default=CATALOG_PATH)

    def __getitem__(self, key: str) -> Indicator:
        return self.indicators[key]

    def __contains__(self, key: object) -> bool:
        return key in self.indicators

    def __iter__(self):
        return iter(self.indicators.values())

    def for_action_line(self, line: str, *, core_only: bool = False) -> list[Indicator]:
        return [i for i in self if i.action_line == str(line) and (i.core or not core_only)]

    def available(self) -> list[Indicator]:
        return [i for i in self if i.available]

    def columns_of(self, source: str) -> dict[str, str]:
        """Map source column -> indicator id for one source."""
        return {ref.column: ind.id for ind in self for ref in ind.sources if ref.source == source}


def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    """Load and validate the catalogue; raise :class:`CatalogError` naming the entry and the fix."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise CatalogError(f"{path}: cannot be read as YAML ({err})") from err
    return parse_catalog(raw, path)


def parse_catalog(raw: Any, path: Path = CATALOG_PATH) -> Catalog:
    if not isinstance(raw, dict) or "indicators" not in raw or "sources" not in raw:
        raise CatalogError(f"{path}: expected top-level keys 'sources' and 'indicators'")
    sources = {}
    for sid, s in raw["sources"].items():
        try:
            sources[sid] = Source(id=sid, title=s["title"], publisher=s["publisher"], table=str(s["table"]),
                                  licence=s["licence"], citation=s["citation"], file=s["file"],
                                  note=s.get("note", ""))
        except (KeyError, TypeError) as err:
            raise CatalogError(f"{path}: source {sid!r} lacks field {err}; add it") from err
    indicators: dict[str, Indicator] = {}
    for entry in raw["indicators"]:
        ind = _parse_indicator(entry, path, sources)
        if ind.id in indicators:
            raise CatalogError(f"{path}: indicator {ind.id!r} appears twice; keep one entry")
        indicators[ind.id] = ind
    for ind in indicators.values():
        for comp in ind.components:
            if comp not in indicators:
                raise CatalogError(f"{path}: indicator {ind.id!r} refers to unknown indicator {comp!r} "
                                   "as weight/numerator/denominator; add it or fix the name")
            if indicators[comp].rule != "sum":
                raise CatalogError(f"{path}: {ind.id!r} uses {comp!r} as weight/numerator/denominator, "
                                   "but that indicator is not a count (rule sum)")
    return Catalog(indicators, sources, path)


def _parse_indicator(entry: dict, path: Path, sources: dict[str, Source]) -> Indicator:
    iid = entry.get("id")
    where = f"{path}: indicator {iid!r}"
    if not isinstance(iid, str) or not _ID.match(iid):
        raise CatalogError(f"{where}: id must be English snake_case (a-z, 0-9, _)")
    required = ["name_nl", "name_en", "action_line", "core", "unit_nl", "unit_en", "direction",
                "aggregation", "definition_nl", "definition_en", "sources"]
    missing = [k for k in required if k not in entry]
    if missing:
        raise CatalogError(f"{where}: missing field(s) {', '.join(missing)}")
    line = str(entry["action_line"])
    if line not in ACTION_LINES:
        raise CatalogError(f"{where}: action_line {line!r} not one of {ACTION_LINES}")
    if entry["direction"] not in DIRECTIONS:
        raise CatalogError(f"{where}: direction {entry['direction']!r} not one of {DIRECTIONS}")
    agg = entry["aggregation"] or {}
    rule = agg.get("rule")
    if rule not in RULES:
        raise CatalogError(f"{where}: aggregation rule {rule!r} not one of {RULES}")
    if rule == "weighted_mean" and not agg.get("weight"):
        raise CatalogError(f"{where}: weighted_mean needs a named 'weight' indicator")
    if rule == "ratio" and not (agg.get("numerator") and agg.get("denominator")):
        raise CatalogError(f"{where}: ratio needs 'numerator' and 'denominator' indicators")
    refs = []
    for ref in entry["sources"] or []:
        if ref.get("source") not in sources:
            raise CatalogError(f"{where}: unknown source {ref.get('source')!r}; "
                               f"known: {', '.join(sorted(sources))}")
        if not ref.get("column"):
            raise CatalogError(f"{where}: source {ref['source']!r} needs a 'column'")
        refs.append(SourceRef(ref["source"], str(ref["column"])))
    available = bool(entry.get("available", True))
    if available and not refs and rule != "ratio":
        raise CatalogError(f"{where}: no sources; add one or set 'available: false'")
    return Indicator(
        id=iid, name_nl=entry["name_nl"], name_en=entry["name_en"], action_line=line,
        core=bool(entry["core"]), unit_nl=str(entry["unit_nl"]), unit_en=str(entry["unit_en"]),
        decimals=int(entry.get("decimals", 1)), direction=entry["direction"], rule=rule,
        definition_nl=entry["definition_nl"], definition_en=entry["definition_en"], sources=tuple(refs),
        weight=agg.get("weight"), numerator=agg.get("numerator"), denominator=agg.get("denominator"),
        scale=float(agg.get("scale", 1.0)), available=available,
    )

"""The indicator catalogue (``config/indicators.yaml``) and the source registry
(``config/sources.yaml``): loading and validation. The registry is the one place that names the
files the build reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from .errors import CatalogError
from .settings import PROJECT_ROOT
from .vocab import Division, Rule
from .yamlfile import read_yaml

CATALOG_PATH = PROJECT_ROOT / "config" / "indicators.yaml"
SOURCES_PATH = PROJECT_ROOT / "config" / "sources.yaml"
ACTION_LINES = ("2", "3", "4", "context")
DIRECTIONS = ("higher_better", "lower_better", "neutral")
SOURCE_KINDS = ("boundary", "table")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class SourceRef:
    """One source column of an indicator. ``comparable: false`` marks a column whose definition
    differs from the indicator's (a break in the series: no change is computed across it)."""

    source: str
    column: str
    comparable: bool = True
    note: str = ""
    #: set when the ref came from a ``stem_group`` (every source of that group, newest year first):
    #: a member that lacks the column (a year without that variable) is not an error
    group: str = ""


@dataclass(frozen=True)
class Source:
    """One entry of the source registry: what it is, where its file lies, how it is read."""

    id: str
    kind: str
    title: str
    publisher: str
    table: str
    licence: str
    citation: str
    file: str
    reader: str
    division: Division
    args: dict = field(default_factory=dict, hash=False, compare=False)
    required: bool = True
    note: str = ""
    #: the statistical series (values of one series and version are comparable over time)
    series: str = ""
    #: when the stored release was published (ISO date), None when not on record
    published: str | None = None
    published_basis: str = ""
    #: instrument version per year, where it changed (e.g. Leefbaarometer 1.0 / 2.0 / 3.0)
    versions: dict = field(default_factory=dict, hash=False, compare=False)
    #: sources of one group publish the same columns by stem (the KWB years): an indicator names
    #: the group once (``{stem_group: kwb, column: AantalInwoners}``) instead of every year
    stem_group: str = ""

    def version(self, year: int) -> str:
        return str(self.versions.get(int(year), ""))


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
    rule: Rule
    definition_nl: str
    definition_en: str
    sources: tuple[SourceRef, ...]
    weight: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 1.0
    available: bool = True
    #: how delivered unit values aggregate (``sum`` or ``ratio`` of the delivered numerator and
    #: denominator × ``delivery_scale``); None: not a delivered indicator
    delivery_rule: Rule | None = None
    delivery_scale: float = 1.0

    @property
    def deliverable(self) -> bool:
        return self.delivery_rule is not None

    @property
    def is_percentage(self) -> bool:
        return self.unit_nl.lstrip().startswith("%")

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
    sources_path: Path = field(default=SOURCES_PATH)

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

    def deliverable(self) -> list[Indicator]:
        """The kernindicatoren that data holders deliver (``delivery:`` in the catalogue)."""
        return [i for i in self if i.deliverable]

    def columns_of(self, source: str) -> dict[str, str]:
        """Map source column -> indicator id for one source."""
        return {ref.column: ind.id for ind in self for ref in ind.sources if ref.source == source}

    def sources_of_kind(self, kind: str) -> list[Source]:
        return [s for s in self.sources.values() if s.kind == kind]

    def files(self) -> dict[str, str]:
        """Source id -> path inside the data directory, for every registered source."""
        return {s.id: s.file for s in self.sources.values()}


def load_catalog(path: Path = CATALOG_PATH, sources_path: Path = SOURCES_PATH) -> Catalog:
    """Load and validate the catalogue and the source registry; raise :class:`CatalogError`
    naming the entry and the fix."""
    return parse_catalog(
        read_yaml(path, CatalogError), path, sources=parse_sources(read_yaml(sources_path, CatalogError), sources_path)
    )


def parse_sources(raw: Any, path: Path = SOURCES_PATH) -> dict[str, Source]:
    """The source registry: ``sources: {id: {kind, title, …, file, reader, division}}``."""
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), dict):
        raise CatalogError(f"{path}: expected a top-level mapping 'sources'")
    sources = {}
    for sid, s in raw["sources"].items():
        where = f"{path}: source {sid!r}"
        if not isinstance(s, dict):
            raise CatalogError(f"{where}: expected a mapping of fields")
        if s.get("kind") not in SOURCE_KINDS:
            raise CatalogError(f"{where}: kind {s.get('kind')!r} not one of {SOURCE_KINDS}")
        division = _member(Division, s.get("division"), where, "division")
        try:
            sources[sid] = Source(
                id=sid,
                kind=s["kind"],
                title=s["title"],
                publisher=s["publisher"],
                table=str(s["table"]),
                licence=s["licence"],
                citation=s["citation"],
                file=s["file"],
                reader=s["reader"],
                division=division,
                args=dict(s.get("args") or {}),
                required=bool(s.get("required", True)),
                note=s.get("note", ""),
                series=str(s.get("series") or sid),
                published=_iso_date(s.get("published"), where),
                published_basis=str(s.get("published_basis", "")),
                versions={int(k): str(v) for k, v in (s.get("versions") or {}).items()},
                stem_group=str(s.get("stem_group") or ""),
            )
        except KeyError as err:
            raise CatalogError(f"{where} lacks field {err}; add it") from err
    return sources


def _member(enum: type[E], value: object, where: str, what: str) -> E:
    """``value`` as a member of ``enum``; else a :class:`CatalogError` naming the choices."""
    try:
        return enum(value)
    except ValueError:
        raise CatalogError(f"{where}: {what} {value!r} not one of {', '.join(m.value for m in enum)}") from None


def _iso_date(value: object, where: str) -> str | None:
    """An ISO date (YAML may give a date object) or None."""
    if value in (None, "", "null"):
        return None
    text = str(value)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise CatalogError(f"{where}: published {value!r} is not an ISO date (YYYY-MM-DD); use null if unknown")
    return text


def parse_catalog(raw: Any, path: Path = CATALOG_PATH, *, sources: dict[str, Source]) -> Catalog:
    if not isinstance(raw, dict) or not isinstance(raw.get("indicators"), list):
        raise CatalogError(f"{path}: expected a top-level list 'indicators'")
    indicators: dict[str, Indicator] = {}
    for entry in raw["indicators"]:
        ind = _parse_indicator(entry, path, sources)
        if ind.id in indicators:
            raise CatalogError(f"{path}: indicator {ind.id!r} appears twice; keep one entry")
        indicators[ind.id] = ind
    for ind in indicators.values():
        for comp in ind.components:
            if comp not in indicators:
                raise CatalogError(
                    f"{path}: indicator {ind.id!r} refers to unknown indicator {comp!r} "
                    "as weight/numerator/denominator; add it or fix the name"
                )
            if indicators[comp].rule != Rule.SUM:
                raise CatalogError(
                    f"{path}: {ind.id!r} uses {comp!r} as weight/numerator/denominator, "
                    "but that indicator is not a count (rule sum)"
                )
    return Catalog(indicators, sources, path)


def _group_refs(ref: dict, sources: dict[str, Source], where: str) -> list[SourceRef]:
    """One ref per source of a stem group, newest year first (the order of preference);
    ``since``/``until`` keep the members of those years only."""
    group = str(ref["stem_group"])
    members = [s for s in sources.values() if s.stem_group == group and s.kind == "table"]
    if not members:
        groups = sorted({s.stem_group for s in sources.values() if s.stem_group})
        raise CatalogError(f"{where}: no source has stem_group {group!r}; known groups: {', '.join(groups) or 'none'}")
    if not ref.get("column"):
        raise CatalogError(f"{where}: stem_group {group!r} needs a 'column' (the CBS column stem)")
    since, until = ref.get("since"), ref.get("until")  # a definition change splits the group by year
    if since is not None:
        members = [s for s in members if int(s.args.get("year", 0)) >= int(since)]
    if until is not None:
        members = [s for s in members if int(s.args.get("year", 0)) <= int(until)]
    members.sort(key=lambda s: -int(s.args.get("year", 0)))
    comparable = bool(ref.get("comparable", True))
    return [SourceRef(s.id, str(ref["column"]), comparable, str(ref.get("note", "")), group) for s in members]


#: the fields every indicator entry must have
INDICATOR_FIELDS = (
    "name_nl",
    "name_en",
    "action_line",
    "core",
    "unit_nl",
    "unit_en",
    "direction",
    "aggregation",
    "definition_nl",
    "definition_en",
    "sources",
)


def _parse_indicator(entry: dict, path: Path, sources: dict[str, Source]) -> Indicator:
    iid = entry.get("id")
    where = f"{path}: indicator {iid!r}"
    if not isinstance(iid, str) or not _ID.match(iid):
        raise CatalogError(f"{where}: id must be English snake_case (a-z, 0-9, _)")
    missing = [k for k in INDICATOR_FIELDS if k not in entry]
    if missing:
        raise CatalogError(f"{where}: missing field(s) {', '.join(missing)}")
    line = str(entry["action_line"])
    if line not in ACTION_LINES:
        raise CatalogError(f"{where}: action_line {line!r} not one of {ACTION_LINES}")
    if entry["direction"] not in DIRECTIONS:
        raise CatalogError(f"{where}: direction {entry['direction']!r} not one of {DIRECTIONS}")
    agg = entry["aggregation"] or {}
    rule = _parse_rule(agg, where)
    refs = _parse_refs(entry["sources"] or [], sources, where)
    available = bool(entry.get("available", True))
    delivery = entry.get("delivery")
    delivery_rule = _parse_delivery(delivery, where)
    if available and not refs and rule != Rule.RATIO:
        raise CatalogError(f"{where}: no sources; add one or set 'available: false'")
    return Indicator(
        id=iid,
        name_nl=entry["name_nl"],
        name_en=entry["name_en"],
        action_line=line,
        core=bool(entry["core"]),
        unit_nl=str(entry["unit_nl"]),
        unit_en=str(entry["unit_en"]),
        decimals=int(entry.get("decimals", 1)),
        direction=entry["direction"],
        rule=rule,
        definition_nl=entry["definition_nl"],
        definition_en=entry["definition_en"],
        sources=tuple(refs),
        weight=agg.get("weight"),
        numerator=agg.get("numerator"),
        denominator=agg.get("denominator"),
        scale=float(agg.get("scale", 1.0)),
        available=available,
        delivery_rule=delivery_rule,
        delivery_scale=float((delivery or {}).get("scale", 1.0)),
    )


def _parse_rule(agg: dict, where: str) -> Rule:
    """The aggregation rule, with the indicators it names (a weight; a numerator and a denominator)."""
    rule = _member(Rule, agg.get("rule"), where, "aggregation rule")
    if rule == Rule.WEIGHTED_MEAN and not agg.get("weight"):
        raise CatalogError(f"{where}: weighted_mean needs a named 'weight' indicator")
    if rule == Rule.RATIO and not (agg.get("numerator") and agg.get("denominator")):
        raise CatalogError(f"{where}: ratio needs 'numerator' and 'denominator' indicators")
    return rule


def _parse_refs(raw: list, sources: dict[str, Source], where: str) -> list[SourceRef]:
    """The source columns of an indicator: a table source and a column each, or a stem group."""
    refs = []
    for ref in raw:
        if ref.get("stem_group"):
            refs.extend(_group_refs(ref, sources, where))
            continue
        if ref.get("source") not in sources or sources[ref["source"]].kind != "table":
            raise CatalogError(
                f"{where}: unknown source {ref.get('source')!r} (no table source of that id in "
                f"config/sources.yaml); use one of: "
                f"{', '.join(sorted(k for k, v in sources.items() if v.kind == 'table'))}"
            )
        if not ref.get("column"):
            raise CatalogError(f"{where}: source {ref['source']!r} needs a 'column'")
        refs.append(
            SourceRef(ref["source"], str(ref["column"]), bool(ref.get("comparable", True)), str(ref.get("note", "")))
        )
    return refs


def _parse_delivery(delivery: object, where: str) -> Rule | None:
    """How delivered values of the indicator aggregate (``sum`` or ``ratio``); None when it is not delivered."""
    if delivery is None:
        return None
    if not isinstance(delivery, dict) or delivery.get("rule") not in (Rule.SUM, Rule.RATIO):
        raise CatalogError(f"{where}: delivery must be {{rule: sum}} or {{rule: ratio, scale: …}}")
    return Rule(delivery["rule"])

"""Focus-area definitions (``config/focusgebieden.yaml``): loading, validation, membership."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .codes import check_code, in_gemeente, wide_code, wijk_series
from .errors import AreaCodeError, FocusAreaDefinitionError
from .settings import PROJECT_ROOT
from .yamlfile import read_yaml

DEFINITION_PATH = PROJECT_ROOT / "config" / "focusgebieden.yaml"
CONFIDENCE = ("hoog", "middel", "laag")


@dataclass(frozen=True)
class FocusArea:
    id: str
    name: str
    gemeente: str
    confidence: str
    status: str
    source: str
    remarks: str
    wijken: tuple[str, ...]  # whole wijken (2024)
    buurten: tuple[str, ...]  # buurten of partial wijken (2024)
    partial_wijken_whole: tuple[str, ...]  # partial wijken without buurt list: used whole
    uncertain: tuple[str, ...] = ()  # buurten that may belong to the area: not in the core
    composition: str = ""  # which revision of the compositions (e.g. "v2")

    @property
    def has_partial(self) -> bool:
        return bool(self.buurten or self.partial_wijken_whole)


def load_focus_areas(path: Path = DEFINITION_PATH) -> list[FocusArea]:
    """Read the definition file (2024 boundary year); structural checks only."""
    raw = read_yaml(path, FocusAreaDefinitionError)
    return parse_focus_areas(raw, path)


def parse_focus_areas(raw: object, path: Path = DEFINITION_PATH) -> list[FocusArea]:
    if not isinstance(raw, dict) or not isinstance(raw.get("focus_areas"), list):
        raise FocusAreaDefinitionError(f"{path}: expected a top-level list 'focus_areas'")
    areas, seen = [], set()
    for entry in raw["focus_areas"]:
        fid = entry.get("id")
        where = f"{path}: focus area {fid!r}"
        if not fid or fid in seen:
            raise FocusAreaDefinitionError(f"{where}: id missing or used twice; give each area one unique id")
        seen.add(fid)
        members = (entry.get("members") or {}).get(2024) or (entry.get("members") or {}).get("2024")
        if not members:
            raise FocusAreaDefinitionError(
                f"{where}: no members for boundary year 2024; add members: 2024: wijken: [...]"
            )
        if entry.get("confidence") not in CONFIDENCE:
            raise FocusAreaDefinitionError(f"{where}: confidence {entry.get('confidence')!r} not one of {CONFIDENCE}")
        try:
            gm = check_code(entry.get("gemeente"), "gemeente")
            wijken = tuple(check_code(c, "wijk") for c in members.get("wijken") or [])
            buurten = tuple(check_code(c, "buurt") for c in members.get("buurten") or [])
            whole = tuple(check_code(c, "wijk") for c in members.get("partial_wijken_whole") or [])
            uncertain = tuple(check_code(c, "buurt") for c in members.get("uncertain") or [])
        except AreaCodeError as err:
            raise FocusAreaDefinitionError(f"{where}: {err}") from err
        outside = [c for c in (*wijken, *buurten, *whole, *uncertain) if not in_gemeente(c, gm)]
        if outside:
            raise FocusAreaDefinitionError(
                f"{where}: member(s) {outside} lie outside gemeente {gm}; fix the code or the gemeente"
            )
        if not (wijken or buurten or whole):
            raise FocusAreaDefinitionError(f"{where}: has no members; add wijken or buurten")
        areas.append(
            FocusArea(
                fid,
                str(entry.get("name", fid)),
                gm,
                entry["confidence"],
                str(entry.get("status", "")),
                str(entry.get("source", "")),
                str(entry.get("remarks", "")),
                wijken,
                buurten,
                whole,
                uncertain,
                str(entry.get("composition", "")),
            )
        )
    return areas


def uncertain_membership(areas: list[FocusArea], members: pd.DataFrame) -> pd.DataFrame:
    """The wider variant of every area with uncertain members: its core plus those buurten, as
    target ``WIDE_<id>`` (``unit, target``). Areas without uncertain members have no variant.

    >>> fa = FocusArea("X", "X", "GM0001", "laag", "", "", "", (), ("BU00010101",), (), ("BU00010102",))
    >>> core = pd.DataFrame({"unit": ["BU00010101"], "target": ["X"], "how": ["buurt"]})
    >>> uncertain_membership([fa], core)[["unit", "target"]].values.tolist()
    [['BU00010101', 'WIDE_X'], ['BU00010102', 'WIDE_X']]
    """
    rows = []
    for fa in areas:
        if fa.uncertain:
            core = members.loc[members["target"] == fa.id, "unit"].tolist()
            rows += [(b, wide_code(fa.id)) for b in [*core, *fa.uncertain]]
    return pd.DataFrame(rows, columns=["unit", "target"])


def membership_2024(areas: list[FocusArea], buurten: pd.DataFrame, wijk_codes: set[str]) -> pd.DataFrame:
    """Expand focus areas to 2024 buurten and validate them against the 2024 division.

    ``buurten`` has ``code`` (all 2024 buurt codes); ``wijk_codes`` all 2024 wijk codes. Returns
    ``unit, target, how`` with how = ``wijk`` (buurt of a whole wijk), ``buurt`` (listed buurt of
    a partial wijk) or ``wijk_deels_geheel`` (partial wijk used whole). Raises when a code does not
    exist in 2024, when two areas overlap, or when an area ends up empty.

    >>> fa = FocusArea("X", "X", "GM0001", "hoog", "", "", "", ("WK000101",), (), ())
    >>> b = pd.DataFrame({"code": ["BU00010101", "BU00010201"]})
    >>> membership_2024([fa], b, {"WK000101", "WK000102"})["unit"].tolist()
    ['BU00010101']
    """
    known_buurten = set(buurten["code"])
    by_wijk = buurten.assign(wijk=wijk_series(buurten["code"])).groupby("wijk")["code"].apply(list)
    rows = []
    for fa in areas:
        unknown = [c for c in (*fa.wijken, *fa.partial_wijken_whole) if c not in wijk_codes]
        unknown += [c for c in (*fa.buurten, *fa.uncertain) if c not in known_buurten]
        if unknown:
            raise FocusAreaDefinitionError(
                f"focus area {fa.id}: code(s) {unknown} do not exist in the 2024 CBS division; "
                "correct them in config/focusgebieden.yaml"
            )
        for wijk in fa.wijken:
            rows += [(b, fa.id, "wijk") for b in by_wijk.get(wijk, [])]
        for wijk in fa.partial_wijken_whole:
            rows += [(b, fa.id, "wijk_deels_geheel") for b in by_wijk.get(wijk, [])]
        rows += [(b, fa.id, "buurt") for b in fa.buurten]
    out = pd.DataFrame(rows, columns=["unit", "target", "how"])
    empty = [fa.id for fa in areas if fa.id not in set(out["target"])]
    if empty:
        raise FocusAreaDefinitionError(f"focus area(s) {empty} have no 2024 buurten; add members")
    dup = out[out.duplicated("unit", keep=False)]
    if not dup.empty:
        pairs = dup.groupby("unit")["target"].apply(lambda s: "/".join(sorted(set(s)))).head(5)
        raise FocusAreaDefinitionError(
            "focus areas overlap: "
            + ", ".join(f"{u} in {t}" for u, t in pairs.items())
            + "; a buurt can belong to one focus area only — remove it from one of them"
        )
    doubled = [(b, fa.id) for fa in areas for b in fa.uncertain if b in set(out["unit"])]
    if doubled:
        raise FocusAreaDefinitionError(
            "uncertain member(s) that are also core members: "
            + ", ".join(f"{b} ({fid})" for b, fid in doubled[:5])
            + "; list a buurt either as a member or as uncertain"
        )
    return out

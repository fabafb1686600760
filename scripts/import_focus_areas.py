"""Bring config/focusgebieden.yaml up to the shared revised compositions (focusgebieden_buurten_2024_v2.csv).

Run: python scripts/import_focus_areas.py [DATA_DIR] > config/focusgebieden.new.yaml
(then review and move it over config/focusgebieden.yaml).

Per area: the 2024 buurten marked ``kern`` become members — as a whole wijk where every buurt of
that wijk is listed as ``hele wijk``, else as named buurten —, those marked ``onzeker`` become
``uncertain`` (left out of the core, shown as a variant), and ``vertrouwen_gebied`` becomes the
confidence. Name, gemeente, status, source and remarks are kept from the current YAML; for the
areas the revision changed, the source and remarks say what changed and why (text of the shared
data README, section "focusgebieden_buurten_2024_v2.csv"). Municipalities correct the YAML
afterwards; the store validates it on every build.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
CURRENT = ROOT / "config" / "focusgebieden.yaml"

#: what the revision changed, with its sources (shared data README, focusgebieden_buurten_2024_v2.csv)
REVISED = {
    "NWG_CA": (
        "nieuwegein.nl, projectpagina 'Nationaal programma leefbaarheid en veiligheid'.",
        "Revision v2: six whole wijken replaced by buurten. Core: Fokkesteeg (Vesten, Schansen, Graven en "
        "Gravinnen), Merwestein, Wijkersloot-Oost/-West, Jutphaas, Burgen (east of Batau-Noord), Driften-Noord "
        "and Driften-Zuid (east of Batau-Zuid). Uncertain: Zuilenstein-Noord and -Zuid (the municipality names "
        "'the western part of Zuilenstein'; CBS splits Zuilenstein north/south). Not: Buitenweides, Binnenweides, "
        "Gaarden, Stadscentrum.",
    ),
    "BRE_NOORD": (
        "verbeterbreda.nl (citing the Rekenkamer); gebiedsontwikkeling.nu (2024-04-23); bndestem.nl.",
        "Revision v2: the programme's buurten Geeren-Noord, Geeren-Zuid, Biesdonk, Wisselaar, Doornbos-Linie, "
        "Tuinzigt, Heuvel, Haagpoort, Muizenberg, Kesteren, Schorsmolen, Fellenoord; Brabantpark only in its "
        "eastern part (uncertain). Belcrum, Waterdonken and Krogten are no longer members.",
    ),
    "RSD_RING": (
        "leefbaarenveilig.nl 'Roosendaal Ring' (five wijken, about 38,000 inhabitants); zuidwestupdate.nl.",
        "Revision v2: wijk Noord (Kalsdonk) whole — 'Kalsdonk' is the local name of the whole CBS wijk.",
    ),
    "DEL_WEST": (
        "delftopzondag.nl (programme 'Wij West' = Voorhof, Buitenhof, Tanthof-West); delft.nl "
        "'Toekomstperspectief voor Delft West'.",
        "Revision v2: Tanthof-West whole.",
    ),
    "HEE_NOORD": (
        "gebiedsontwikkeling.nu (2023-10-10) and heerlen-noord.nl: about 56,000 inhabitants, two thirds of Heerlen.",
        "Revision v2: 15 CBS wijken: Hoensbroek (10-14), Heerlerheide (20-24), Zeswegen-Nieuw Husken, "
        "Schandelen-Grasbroek, Meezenbroek-Schaesbergerveld, plus Eikenderveld and Woonboulevard-Ten Esschen; "
        "Eikenderveld lies south of the railway and is the least certain member.",
    ),
    "TIL_NW": (
        "tilburg.nl wijkagenda's Noord, West and De Reit.",
        "Revision v2: Noord (Stokhasselt, Heikant, Quirijnstok) and West (Het Zand, Wandelbos-Noord/-Zuid) whole; "
        "of De Reit only the Abdij- en Torenbuurt (extra effort only there); the other De Reit buurten are "
        "uncertain. No source defines 'NoordWest' for the programme itself.",
    ),
}


def members_of(rows: pd.DataFrame, buurten_per_wijk: dict[str, set[str]]) -> dict:
    """Whole wijken where all their buurten are listed as 'hele wijk', named buurten otherwise."""
    core = rows[rows["lid"] == "kern"]
    wijken, buurten = [], []
    for wijk, group in core.groupby("wijkcode_2024"):
        listed = set(group["buurtcode_2024"])
        if set(group["hoe"]) == {"hele wijk"} and listed == buurten_per_wijk.get(wijk, set()):
            wijken.append(wijk)
        else:
            buurten += sorted(listed)
    uncertain = sorted(rows.loc[rows["lid"] == "onzeker", "buurtcode_2024"])
    return {"wijken": sorted(wijken), "buurten": sorted(buurten), "uncertain": uncertain}


def main(data: Path) -> str:
    revised = pd.read_csv(data / "focus_areas/focusgebieden_buurten_2024_v2.csv", dtype=str)
    kwb = pd.read_csv(data / "indicators/kwb_2024_85984NED_buurten_selectie.csv", dtype=str, keep_default_na=False)
    bu = kwb[kwb["niveau"] == "Buurt"]
    buurten_per_wijk = bu.groupby("WK" + bu["code"].str[2:8])["code"].apply(set).to_dict()
    current = yaml.safe_load(CURRENT.read_text(encoding="utf-8"))["focus_areas"]
    areas = []
    for entry in current:
        rows = revised[revised["focusgebied_id"] == entry["id"]]
        if rows.empty:
            raise SystemExit(f"{entry['id']}: not in focusgebieden_buurten_2024_v2.csv")
        out = {k: entry[k] for k in ("id", "name", "gemeente", "status", "source", "remarks")}
        out["confidence"] = rows["vertrouwen_gebied"].iloc[0]
        out["composition"] = "v2"
        if entry["id"] in REVISED:
            out["source"], out["remarks"] = REVISED[entry["id"]]
        out["members"] = {2024: members_of(rows, buurten_per_wijk)}
        areas.append(out)
    header = (
        "# Focus areas (stedelijke focusgebieden NPLV): best-effort compositions, none authoritative.\n"
        "# members.<boundary year>.wijken: whole wijken; .buurten: single buurten of wijken that are only partly\n"
        "# inside; .uncertain: buurten that may belong to the area — left out of the core, shown as a variant\n"
        "# (the figure with and without them). Validated on every build (codes exist in the boundary year,\n"
        "# areas do not overlap, no area empty). Municipalities: correct freely.\n"
        "# Generated by scripts/import_focus_areas.py from shared/data/focus_areas/focusgebieden_buurten_2024_v2.csv.\n"
    )
    return header + yaml.safe_dump({"focus_areas": areas}, allow_unicode=True, sort_keys=False, width=110)


if __name__ == "__main__":
    sys.stdout.write(main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")))

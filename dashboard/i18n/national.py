"""The nationwide page (``pages/national.py``): map levels, the ranking, the change view and its
legends."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nav_national": {"nl": "Landelijk", "en": "Nationwide"},
    "nat_title": {"nl": "Alle focusgebieden vergeleken", "en": "All focus areas compared"},
    "nat_level": {"nl": "Kaartniveau", "en": "Map level"},
    "nat_level_gemeente": {"nl": "Gemeenten", "en": "Municipalities"},
    "nat_level_wijk": {"nl": "Wijken", "en": "Districts"},
    "nat_level_buurt": {"nl": "Buurten (indeling 2020)", "en": "Neighbourhoods (2020 division)"},
    "nat_map_status": {
        "nl": "{indicator} {year}, {level}: {n} gebieden met een cijfer, {m} zonder.",
        "en": "{indicator} {year}, {level}: {n} areas with a figure, {m} without.",
    },
    "nat_ranking": {"nl": "Rangorde van de 20 focusgebieden", "en": "The 20 focus areas ranked"},
    "nat_sparks": {"nl": "Ontwikkeling per focusgebied", "en": "Trend per focus area"},
    "nat_map": {"nl": "Kaart van Nederland", "en": "Map of the Netherlands"},
    "ranking_note": {
        "nl": "Gevuld rondje: alle buurten hebben een cijfer; open rondje: gedeeltelijk (zie tabel). Ruit: de eigen gemeente; stippellijn: Nederland.",
        "en": "Filled circle: every neighbourhood has a figure; open circle: partial (see table). Diamond: own municipality; dashed line: Netherlands.",
    },
    "sparks_note": {
        "nl": "Doorgetrokken lijn: het focusgebied; stippellijn: Nederland. Alle vakjes hebben dezelfde schaal.",
        "en": "Solid line: the focus area; dotted line: the Netherlands. All panels share one scale.",
    },
    "hover_change": {"nl": "Verandering {first}–{last}", "en": "Change {first}–{last}"},
    "legend_change_higher_better": {
        "nl": "Verandering {first}–{last}; blauw = verbeterd (hoger is beter), rood = verslechterd",
        "en": "Change {first}–{last}; blue = improved (higher is better), red = worsened",
    },
    "legend_change_lower_better": {
        "nl": "Verandering {first}–{last}; blauw = verbeterd (lager is beter), rood = verslechterd",
        "en": "Change {first}–{last}; blue = improved (lower is better), red = worsened",
    },
    "legend_change_neutral": {
        "nl": "Verandering {first}–{last}; paars = gestegen, oranje = gedaald (geen richting van goed)",
        "en": "Change {first}–{last}; purple = rose, orange = fell (no direction of good)",
    },
    "legend_change_nc": {
        "nl": "Verandering {first}–{last} niet te geven: de bron of versie wisselde tussen deze jaren",
        "en": "No change {first}–{last}: the source or version changed between these years",
    },
    "change_axis": {"nl": "Verandering {first}–{last} ({unit})", "en": "Change {first}–{last} ({unit})"},
    "nat_mode": {"nl": "Weergave", "en": "View"},
    "nat_mode_waarde": {"nl": "Cijfer in één jaar", "en": "Figure in one year"},
    "nat_mode_verandering": {"nl": "Verandering tussen twee jaren", "en": "Change between two years"},
    "nat_from": {"nl": "Verandering vanaf", "en": "Change from"},
    "nat_from_hint": {
        "nl": "tot het gekozen jaar; standaard de 0-meting",
        "en": "to the chosen year; by default the baseline",
    },
    "nat_change_title": {
        "nl": "De 20 focusgebieden naar verandering {first}–{last}",
        "en": "The 20 focus areas by change {first}–{last}",
    },
    "nat_change_status": {
        "nl": "{indicator}, verandering {first}–{last}, {level}: {n} gebieden met een verandering, {m} zonder.",
        "en": "{indicator}, change {first}–{last}, {level}: {n} areas with a change, {m} without.",
    },
    "nat_change_none": {
        "nl": "{indicator} heeft minder dan twee jaren: geen verandering te tonen.",
        "en": "{indicator} has fewer than two years: no change to show.",
    },
    "nat_change_note": {
        "nl": "Balk: verandering van het focusgebied (blauw = verbeterd, rood = verslechterd); ruit: de eigen gemeente; stippellijn: Nederland. Beste verbetering bovenaan.",
        "en": "Bar: change of the focus area (blue = improved, red = worsened); diamond: own municipality; dashed line: Netherlands. Largest improvement on top.",
    },
    "nat_change_missing": {"nl": "Zonder verandering: {names}.", "en": "Without a change: {names}."},
}

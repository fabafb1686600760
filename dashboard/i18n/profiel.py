"""The area profile (``pages/profiel.py``) and the printable factsheet (``pages/factsheet.py``)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nav_factsheet": {"nl": "Factsheet", "en": "Factsheet"},
    "factsheet_link": {"nl": "Factsheet (A4)", "en": "Factsheet (A4)"},
    "factsheet_title": {"nl": "factsheet", "en": "factsheet"},
    "factsheet_hint": {
        "nl": "Eén A4 per focusgebied: print deze pagina of bewaar haar als PDF.",
        "en": "One A4 page per focus area: print this page or save it as PDF.",
    },
    "printed_on": {"nl": "Afgedrukt op", "en": "Printed on"},
    "nav_profiel": {"nl": "Gebiedsprofiel", "en": "Area profile"},
    "pf_title": {"nl": "Gebiedsprofiel: alle kernindicatoren", "en": "Area profile: every core indicator"},
    "pf_col_value": {"nl": "Laatste cijfer", "en": "Latest figure"},
    "pf_col_average": {"nl": "Gem. 20 gebieden", "en": "Avg. 20 areas"},
    "pf_col_change": {"nl": "Sinds de 0-meting", "en": "Since the baseline"},
    "pf_col_trend": {"nl": "Verloop", "en": "Trend"},
    "pf_caption": {
        "nl": "{area}: laatste cijfer per kernindicator, vergeleken met de rest van de gemeente, Nederland en het gemiddelde van de 20 focusgebieden, en de verandering sinds de 0-meting",
        "en": "{area}: latest figure per core indicator, compared with the rest of the municipality, the Netherlands and the average of the 20 focus areas, and the change since the baseline",
    },
    "pf_note": {
        "nl": "Verschillen in de eenheid van de indicator (bij percentages: procentpunt). Groen = beter, rood = slechter, waar de richting vastligt. Verloop: het gebied (doorgetrokken) en Nederland (gestippeld), elk op de eigen schaal van de indicator. Aantallen worden niet vergeleken met grotere gebieden.",
        "en": "Differences in the indicator's unit (for percentages: percentage points). Green = better, red = worse, where the direction is fixed. Trend: the area (solid) and the Netherlands (dashed), each on the indicator's own scale. Counts are not compared with larger areas.",
    },
    "inhabitants": {"nl": "inwoners", "en": "inhabitants"},
    "fs_without": {"nl": "Nog zonder cijfer voor dit gebied: {names}.", "en": "No figure yet for this area: {names}."},
    "pf_no_later": {"nl": "nog geen meting na de 0-meting ({year})", "en": "no figure after the baseline ({year}) yet"},
    "fs_without_figure": {"nl": "Zonder cijfer", "en": "Without a figure"},
}

"""The focus-area page (``pages/focus.py``): its panels, the summary sentence, the cards, the
info panel's composition note and the colour-scale choice."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nav_focus": {"nl": "Focusgebied", "en": "Focus area"},
    "series_title": {"nl": "Ontwikkeling ten opzichte van benchmarks", "en": "Trend against benchmarks"},
    "cards_title": {"nl": "Kernindicatoren", "en": "Core indicators"},
    "info_title": {"nl": "Over dit cijfer", "en": "About this figure"},
    "role_rest_short": {"nl": "Rest gemeente", "en": "Rest of city"},
    "index": {"nl": "index", "en": "index"},
    "index_axis": {"nl": "index (0-meting {year} = 100)", "en": "index (baseline {year} = 100)"},
    "index_note": {
        "nl": "Aantallen als index: elke lijn is 100 in het jaar van de 0-meting ({year}); de tabel geeft de aantallen.",
        "en": "Counts as an index: every line is 100 in the baseline year ({year}); the table gives the counts.",
    },
    "composition_note": {
        "nl": "Met de onzekere buurten ({members}) erbij: {wide} in plaats van {value}.",
        "en": "With the uncertain neighbourhoods ({members}) included: {wide} instead of {value}.",
    },
    "and_more": {"nl": "en {n} meer", "en": "and {n} more"},
    "composition_variant": {"nl": "Samenstelling telt mee", "en": "Composition matters"},
    "since_baseline": {"nl": "sinds 0-meting", "en": "since baseline"},
    "no_comparison": {"nl": "geen vergelijking", "en": "no comparison"},
    "data_year": {"nl": "Jaar van de cijfers", "en": "Year of the data"},
    "map_no_units": {
        "nl": "Geen cijfers onder gemeenteniveau voor {year}; zie de grafiek en de landelijke kaart.",
        "en": "No figures below municipal level for {year}; see the chart and the national map.",
    },
    "map_level_buurt": {"nl": "per buurt (indeling 2024)", "en": "per neighbourhood (2024 division)"},
    "map_level_wijk": {"nl": "per wijk (indeling 2024)", "en": "per district (2024 division)"},
    "rest_context": {"nl": "rest van de gemeente (grijs)", "en": "rest of the municipality (grey)"},
    "summary_sentence": {
        "nl": "{area}: {value} in {year}, {cmp} dan de rest van {gemeente} ({rest}).",
        "en": "{area}: {value} in {year}, {cmp} than the rest of {gemeente} ({rest}).",
    },
    "summary_share": {
        "nl": "{area}: {value} in {year}, {share} van {gemeente}.",
        "en": "{area}: {value} in {year}, {share} of {gemeente}.",
    },
    "summary_no_rest": {"nl": "{area}: {value} in {year}.", "en": "{area}: {value} in {year}."},
    "summary_none": {"nl": "Geen cijfer voor {area} in {year}.", "en": "No figure for {area} in {year}."},
    "coverage_of": {"nl": "{pct} van de inwoners", "en": "{pct} of inhabitants"},
    "present_keys": {
        "nl": "← → indicator · N / P volgend / vorig gebied · Esc sluiten",
        "en": "← → indicator · N / P next / previous area · Esc close",
    },
    "slideshow_play": {"nl": "Diavoorstelling", "en": "Slideshow"},
    "slideshow_pause": {"nl": "Pauzeer diavoorstelling", "en": "Pause slideshow"},
    "supplementary": {"nl": "aanvullend", "en": "supplementary"},
    "map_scale": {"nl": "Kleurschaal", "en": "Colour scale"},
    "map_scale_nl": {"nl": "Nederland (standaard)", "en": "Netherlands (default)"},
    "map_scale_focus20": {"nl": "20 focusgebieden", "en": "20 focus areas"},
    "map_scale_gebied": {"nl": "dit gebied", "en": "this area"},
    "series_break": {"nl": "│ breuk: andere bron of definitie", "en": "│ break: other source or definition"},
}

"""Interface strings in Dutch (default) and English, and number formatting per language."""

from __future__ import annotations

import math
import re

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"nl": "Zicht op Focuswijken", "en": "Focus Areas in View"},
    "app_subtitle": {
        "nl": "Nationaal Programma Leefbaarheid en Veiligheid — 20 stedelijke focusgebieden",
        "en": "National Programme Liveability and Safety — 20 urban focus areas",
    },
    "nav_focus": {"nl": "Focusgebied", "en": "Focus area"},
    "nav_national": {"nl": "Landelijk", "en": "Nationwide"},
    "nav_data": {"nl": "Data en methoden", "en": "Data and methods"},
    "nav_factsheet": {"nl": "Factsheet", "en": "Factsheet"},
    "nav_a11y": {"nl": "Toegankelijkheid", "en": "Accessibility"},
    "other_lang": {"nl": "English", "en": "Nederlands"},
    "other_lang_label": {"nl": "Switch to English", "en": "Schakel naar Nederlands"},
    "area": {"nl": "Focusgebied", "en": "Focus area"},
    "line": {"nl": "Actielijn", "en": "Action line"},
    "indicator": {"nl": "Indicator", "en": "Indicator"},
    "year": {"nl": "Jaar", "en": "Year"},
    "line_2": {"nl": "2 · Wonen", "en": "2 · Housing"},
    "line_3": {"nl": "3 · Meedoen", "en": "3 · Taking part"},
    "line_4": {"nl": "4 · Veiligheid", "en": "4 · Safety"},
    "line_context": {"nl": "Context", "en": "Context"},
    "map_title": {"nl": "Kaart", "en": "Map"},
    "series_title": {"nl": "Ontwikkeling ten opzichte van benchmarks", "en": "Trend against benchmarks"},
    "cards_title": {"nl": "Kernindicatoren", "en": "Core indicators"},
    "info_title": {"nl": "Over dit cijfer", "en": "About this figure"},
    "download": {"nl": "Download deze cijfers (CSV)", "en": "Download these figures (CSV)"},
    "role_focus_area": {"nl": "Focusgebied", "en": "Focus area"},
    "role_rest_of_gemeente": {"nl": "Rest van de gemeente", "en": "Rest of the municipality"},
    "role_gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "role_rest_short": {"nl": "Rest gemeente", "en": "Rest of city"},
    "role_nl": {"nl": "Nederland", "en": "Netherlands"},
    "role_focus_average": {"nl": "Gemiddelde per focusgebied (20)", "en": "Average per focus area (20)"},
    "role_focus_pool": {"nl": "20 focusgebieden samen", "en": "The 20 focus areas together"},
    "index": {"nl": "index", "en": "index"},
    "index_axis": {"nl": "index (0-meting {year} = 100)", "en": "index (baseline {year} = 100)"},
    "index_note": {
        "nl": "Aantallen als index: elke lijn is 100 in het jaar van de 0-meting ({year}); de tabel geeft de aantallen.",
        "en": "Counts as an index: every line is 100 in the baseline year ({year}); the table gives the counts.",
    },
    "method_mean_of_areas": {"nl": "gemiddelde van de 20 focusgebieden", "en": "mean of the 20 focus areas"},
    "composition_note": {
        "nl": "Met de onzekere buurten ({members}) erbij: {wide} in plaats van {value}.",
        "en": "With the uncertain neighbourhoods ({members}) included: {wide} instead of {value}.",
    },
    "and_more": {"nl": "en {n} meer", "en": "and {n} more"},
    "composition_variant": {"nl": "Samenstelling telt mee", "en": "Composition matters"},
    "baseline": {"nl": "0-meting", "en": "Baseline"},
    "status_ok": {"nl": "volledig", "en": "complete"},
    "status_partial": {"nl": "gedeeltelijk", "en": "partial"},
    "status_missing": {"nl": "ontbreekt", "en": "missing"},
    "status_secret": {"nl": "geheim", "en": "suppressed"},
    "status_missing_or_secret": {"nl": "ontbreekt of geheim", "en": "missing or suppressed"},
    "status_not_applicable": {"nl": "niet van toepassing", "en": "not applicable"},
    "no_value": {"nl": "geen cijfer", "en": "no figure"},
    "not_available": {"nl": "Niet beschikbaar in de open bronnen", "en": "Not available in the open sources"},
    "vs_rest": {"nl": "t.o.v. rest gemeente", "en": "vs rest of municipality"},
    "vs_nl": {"nl": "t.o.v. Nederland", "en": "vs Netherlands"},
    "since_baseline": {"nl": "sinds 0-meting", "en": "since baseline"},
    "better": {"nl": "beter", "en": "better"},
    "worse": {"nl": "slechter", "en": "worse"},
    "equal": {"nl": "gelijk", "en": "equal"},
    "higher": {"nl": "hoger", "en": "higher"},
    "lower": {"nl": "lager", "en": "lower"},
    "no_comparison": {"nl": "geen vergelijking", "en": "no comparison"},
    "definition": {"nl": "Definitie", "en": "Definition"},
    "unit": {"nl": "Eenheid", "en": "Unit"},
    "source": {"nl": "Bron", "en": "Source"},
    "data_year": {"nl": "Jaar van de cijfers", "en": "Year of the data"},
    "aggregation": {"nl": "Aggregatie", "en": "Aggregation"},
    "coverage": {"nl": "Dekking", "en": "Coverage"},
    "mapping": {"nl": "Omrekening tussen indelingen", "en": "Mapping between boundary years"},
    "composition": {"nl": "Samenstelling focusgebied", "en": "Focus-area composition"},
    "confidence": {"nl": "betrouwbaarheid", "en": "confidence"},
    "rule_sum": {"nl": "aantallen opgeteld", "en": "counts summed"},
    "rule_ratio": {
        "nl": "teller en noemer opgeteld, daarna gedeeld",
        "en": "numerator and denominator summed, then divided",
    },
    "rule_weighted_mean": {"nl": "gewogen gemiddelde, gewicht: {weight}", "en": "weighted mean, weight: {weight}"},
    "rule_none": {"nl": "niet te aggregeren", "en": "not aggregatable"},
    "map_no_units": {
        "nl": "Geen cijfers onder gemeenteniveau voor {year}; zie de grafiek en de landelijke kaart.",
        "en": "No figures below municipal level for {year}; see the chart and the national map.",
    },
    "map_level_buurt": {"nl": "per buurt (indeling 2024)", "en": "per neighbourhood (2024 division)"},
    "map_level_wijk": {"nl": "per wijk (indeling 2024)", "en": "per district (2024 division)"},
    "rest_context": {"nl": "rest van de gemeente (grijs)", "en": "rest of the municipality (grey)"},
    "show_table": {"nl": "Toon als tabel", "en": "Show as table"},
    "table_area": {"nl": "Gebied", "en": "Area"},
    "table_value": {"nl": "Waarde", "en": "Value"},
    "table_status": {"nl": "Status", "en": "Status"},
    "table_year": {"nl": "Jaar", "en": "Year"},
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
    "data_title": {"nl": "Data en methoden", "en": "Data and methods"},
    "catalog": {"nl": "Indicatorencatalogus", "en": "Indicator catalogue"},
    "compositions": {"nl": "Samenstelling van de focusgebieden", "en": "Composition of the focus areas"},
    "sources": {"nl": "Bronnen en licenties", "en": "Sources and licences"},
    "footer": {
        "nl": "Bronnen: CBS (CC BY 4.0), Kadaster/PDOK (CC BY 4.0), Leefbaarometer 3.0 (Ministerie van BZK), Politie/CBS, RIVM/GGD'en/CBS (CC BY 4.0). Samenstelling focusgebieden: best effort, niet officieel.",
        "en": "Sources: CBS (CC BY 4.0), Kadaster/PDOK (CC BY 4.0), Leefbaarometer 3.0 (Ministry of the Interior), Police/CBS, RIVM/GGD/CBS (CC BY 4.0). Focus-area compositions: best effort, not official.",
    },
    "unknown_area": {
        "nl": "Onbekend focusgebied '{value}'; {default} wordt getoond.",
        "en": "Unknown focus area '{value}'; showing {default}.",
    },
    "unknown_indicator": {
        "nl": "Onbekende indicator '{value}'; {default} wordt getoond.",
        "en": "Unknown indicator '{value}'; showing {default}.",
    },
    "unknown_line": {
        "nl": "Onbekende actielijn '{value}'; actielijn {default} wordt getoond.",
        "en": "Unknown action line '{value}'; showing action line {default}.",
    },
    "unknown_year": {
        "nl": "Geen cijfers voor jaar '{value}'; {default} wordt getoond.",
        "en": "No figures for year '{value}'; showing {default}.",
    },
    "unknown_level": {
        "nl": "Onbekend kaartniveau '{value}'; {default} wordt getoond.",
        "en": "Unknown map level '{value}'; showing {default}.",
    },
    "unknown_page": {
        "nl": "Deze pagina bestaat niet; het focusgebied wordt getoond.",
        "en": "This page does not exist; showing the focus area.",
    },
    "error_apology": {
        "nl": "Er ging iets mis bij het bijwerken. De vorige weergave blijft staan.",
        "en": "Something went wrong while updating. The previous view is kept.",
    },
    # answers of the HTTP routes to bad requests (short, never echoing what was sent)
    "http_bad_request": {
        "nl": "Ongeldig verzoek: de server kan dit verzoek niet lezen.",
        "en": "Bad request: the server cannot read this request.",
    },
    "http_bad_callback": {
        "nl": "Ongeldig verzoek aan het dashboard ({reason}); herlaad de pagina.",
        "en": "Invalid request to the dashboard ({reason}); reload the page.",
    },
    "http_not_found": {"nl": "Niet gevonden.", "en": "Not found."},
    "http_method": {"nl": "Deze methode is hier niet toegestaan.", "en": "This method is not allowed here."},
    "http_too_large": {"nl": "Het verzoek is te groot.", "en": "The request is too large."},
    "http_error": {
        "nl": "Er ging iets mis op de server; probeer het later opnieuw.",
        "en": "Something went wrong on the server; please try again later.",
    },
    "http_old_version": {
        "nl": "Verouderde kaartversie; herlaad de pagina.",
        "en": "Outdated map version; reload the page.",
    },
    "http_bad_year": {
        "nl": "Jaar {value} is geen jaartal; gebruik vier cijfers (bijvoorbeeld 2020) of '-'.",
        "en": "Year {value} is not a year; use four digits (e.g. 2020) or '-'.",
    },
    "http_no_year": {
        "nl": "Geen cijfers voor {indicator} in {value}; kies een jaar uit {years}.",
        "en": "No figures for {indicator} in {value}; choose a year from {years}.",
    },
    "http_bad_lang": {
        "nl": "Onbekende taal {value}; kies uit {choices}.",
        "en": "Unknown language {value}; choose from {choices}.",
    },
    "http_bad_level": {
        "nl": "Onbekend niveau {value}; kies uit {choices}.",
        "en": "Unknown level {value}; choose from {choices}.",
    },
    "http_bad_indicator": {
        "nl": "Onbekende indicator {value}; zie de catalogus op /data.",
        "en": "Unknown indicator {value}; see the catalogue at /data.",
    },
    "http_bad_area": {
        "nl": "Onbekend gebied {value}; gebruik een focusgebied (bijvoorbeeld UTR_OV) of een CBS-code (GM0344, WK034403).",
        "en": "Unknown area {value}; use a focus area (e.g. UTR_OV) or a CBS code (GM0344, WK034403).",
    },
    "http_bad_map": {
        "nl": "Onbekende kaart {value}; gebruik focus-<gebied>, nl-gemeente, nl-wijk of nl-buurt.",
        "en": "Unknown map {value}; use focus-<area>, nl-gemeente, nl-wijk or nl-buurt.",
    },
    "http_no_rows": {
        "nl": "Geen cijfers voor {indicator} in gebied {value} op niveau {level}.",
        "en": "No figures for {indicator} in area {value} at level {level}.",
    },
    "secret_legend": {
        "nl": "Grijstinten: geen cijfer (ontbreekt, geheim, of niet te onderscheiden).",
        "en": "Greys: no figure (missing, suppressed, or indistinguishable).",
    },
    "legend_ramp": {
        "nl": "Kleurschaal van licht ({lo}) naar donker ({hi})",
        "en": "Colour scale from light ({lo}) to dark ({hi})",
    },
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
    "a11y_title": {"nl": "Toegankelijkheidsverklaring", "en": "Accessibility statement"},
    "skip_link": {"nl": "Direct naar de inhoud", "en": "Skip to content"},
    "hover_value": {"nl": "Waarde", "en": "Value"},
    "hover_status": {"nl": "Status", "en": "Status"},
    "hover_mapping": {"nl": "Herkomst", "en": "Origin"},
    "coverage_of": {"nl": "{pct} van de inwoners", "en": "{pct} of inhabitants"},
    "ranking_note": {
        "nl": "Gevuld rondje: alle buurten hebben een cijfer; open rondje: gedeeltelijk (zie tabel). Ruit: de eigen gemeente; stippellijn: Nederland.",
        "en": "Filled circle: every neighbourhood has a figure; open circle: partial (see table). Diamond: own municipality; dashed line: Netherlands.",
    },
    "col_id": {"nl": "id", "en": "id"},
    "col_naam": {"nl": "naam", "en": "name"},
    "col_actielijn": {"nl": "actielijn", "en": "action line"},
    "col_kern": {"nl": "kernindicator", "en": "core indicator"},
    "col_eenheid": {"nl": "eenheid", "en": "unit"},
    "col_aggregatie": {"nl": "aggregatie", "en": "aggregation"},
    "col_bronnen": {"nl": "bronnen (kolom)", "en": "sources (column)"},
    "col_definitie": {"nl": "definitie", "en": "definition"},
    "col_gemeente": {"nl": "gemeente", "en": "municipality"},
    "col_betrouwbaarheid": {"nl": "betrouwbaarheid", "en": "confidence"},
    "col_wijken": {"nl": "wijken 2024 (geheel)", "en": "districts 2024 (whole)"},
    "col_buurten": {"nl": "buurten van deels opgenomen wijken", "en": "neighbourhoods of partly included districts"},
    "col_bron": {"nl": "bron", "en": "source"},
    "col_opmerking": {"nl": "opmerking", "en": "remark"},
    "col_uitgever": {"nl": "uitgever", "en": "publisher"},
    "col_tabel": {"nl": "tabel", "en": "table"},
    "col_licentie": {"nl": "licentie", "en": "licence"},
    "col_vermelding": {"nl": "bronvermelding", "en": "attribution"},
    "filter_placeholder": {"nl": "filter…", "en": "filter…"},
    "a11y_statement": {
        "nl": "Wat is getest en wat nog niet voldoet",
        "en": "What was tested and what does not yet conform",
    },
    "sparks_note": {
        "nl": "Doorgetrokken lijn: het focusgebied; stippellijn: Nederland. Alle vakjes hebben dezelfde schaal.",
        "en": "Solid line: the focus area; dotted line: the Netherlands. All panels share one scale.",
    },
    "present_on": {"nl": "Presentatiemodus", "en": "Projector mode"},
    "present_off": {"nl": "Sluiten (Esc)", "en": "Close (Esc)"},
    "present_keys": {
        "nl": "← → indicator · N / P volgend / vorig gebied · Esc sluiten",
        "en": "← → indicator · N / P next / previous area · Esc close",
    },
    "slideshow_play": {"nl": "Diavoorstelling", "en": "Slideshow"},
    "slideshow_pause": {"nl": "Pauzeer diavoorstelling", "en": "Pause slideshow"},
    "factsheet_link": {"nl": "Factsheet (A4)", "en": "Factsheet (A4)"},
    "factsheet_title": {"nl": "factsheet", "en": "factsheet"},
    "factsheet_hint": {
        "nl": "Eén A4 per focusgebied: print deze pagina of bewaar haar als PDF.",
        "en": "One A4 page per focus area: print this page or save it as PDF.",
    },
    "print": {"nl": "Afdrukken / PDF", "en": "Print / PDF"},
    "printed_on": {"nl": "Afgedrukt op", "en": "Printed on"},
    "supplementary": {"nl": "aanvullend", "en": "supplementary"},
    "years_available": {"nl": "beschikbare jaren", "en": "years available"},
    "yes": {"nl": "ja", "en": "yes"},
    "nav_label": {"nl": "Hoofdnavigatie", "en": "Main"},
    "controls_label": {"nl": "Selectie", "en": "Selection"},
    "map_loading": {"nl": "Kaart laden…", "en": "Loading map…"},
    "map_update_failed": {
        "nl": "De kaart kon niet worden bijgewerkt: {detail}",
        "en": "The map could not be updated: {detail}",
    },
    # voortgang (half-yearly progress report)
    "nav_voortgang": {"nl": "Voortgang", "en": "Progress"},
    "col_code": {"nl": "code", "en": "code"},
    "col_level": {"nl": "niveau", "en": "level"},
    "level_buurt": {"nl": "buurt", "en": "neighbourhood"},
    "level_wijk": {"nl": "wijk", "en": "district"},
    "level_gemeente": {"nl": "gemeente", "en": "municipality"},
    "level_focus_area": {"nl": "focusgebied", "en": "focus area"},
    "level_focus_area_wide": {"nl": "focusgebied incl. onzekere buurten", "en": "focus area incl. uncertain members"},
    "level_rest_of_gemeente": {"nl": "rest van de gemeente", "en": "rest of the municipality"},
    "level_focus_average": {"nl": "gemiddelde per focusgebied (20)", "en": "average per focus area (20)"},
    "level_nl": {"nl": "Nederland", "en": "Netherlands"},
    "xl_explanation": {"nl": "Toelichting", "en": "Explanation"},
    "xl_cutoff": {
        "nl": "peildatum (gepubliceerd of aangeleverd vóór)",
        "en": "cut-off (published or delivered before)",
    },
    "xl_created": {"nl": "gemaakt op", "en": "created on"},
    "xl_definitions": {"nl": "Definities en aggregatie", "en": "Definitions and aggregation"},
    "xl_published": {"nl": "gepubliceerd", "en": "published"},
    "xl_published_basis": {"nl": "grond publicatiedatum", "en": "basis of the publication date"},
    "xl_unknown": {"nl": "onbekend", "en": "unknown"},
    "xl_uncertain": {"nl": "onzekere leden (niet in de kern)", "en": "uncertain members (not in the core)"},
    "xl_baseline_year": {"nl": "0-meting jaar", "en": "baseline year"},
    "xl_baseline_value": {"nl": "0-meting waarde", "en": "baseline value"},
    "xl_latest_year": {"nl": "laatste jaar", "en": "latest year"},
    "xl_latest_value": {"nl": "laatste waarde", "en": "latest value"},
    "xl_change": {"nl": "verandering", "en": "change"},
    "xl_vs_rest": {"nl": "verschil met rest gemeente", "en": "difference with rest of municipality"},
    "xl_vs_nl": {"nl": "verschil met Nederland", "en": "difference with the Netherlands"},
    "xl_remark": {"nl": "opmerking", "en": "remark"},
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
    "fs_without": {"nl": "Nog zonder cijfer voor dit gebied: {names}.", "en": "No figure yet for this area: {names}."},
    "pf_no_later": {"nl": "nog geen meting na de 0-meting ({year})", "en": "no figure after the baseline ({year}) yet"},
    "legend_higher_better": {"nl": "hoger is beter", "en": "higher is better"},
    "legend_lower_better": {"nl": "lager is beter", "en": "lower is better"},
    "map_scale": {"nl": "Kleurschaal", "en": "Colour scale"},
    "map_scale_nl": {"nl": "Nederland (standaard)", "en": "Netherlands (default)"},
    "map_scale_focus20": {"nl": "20 focusgebieden", "en": "20 focus areas"},
    "map_scale_gebied": {"nl": "dit gebied", "en": "this area"},
    "series_break": {"nl": "│ breuk: andere bron of definitie", "en": "│ break: other source or definition"},
    "http_bad_scale": {
        "nl": "Onbekende kleurschaal; kies uit {choices}.",
        "en": "Unknown colour scale; choose from {choices}.",
    },
    "http_bad_format": {
        "nl": "Onbekend formaat of taal; kies format uit {choices} en taal nl of en.",
        "en": "Unknown format or language; choose format from {choices} and language nl or en.",
    },
    "vg_title": {"nl": "Voortgang sinds de 0-meting", "en": "Progress since the baseline"},
    "vg_intro": {
        "nl": "Per focusgebied en kernindicator: het laatste cijfer, de verandering sinds de 0-meting (kleur: beter of slechter) en de stand tegenover de rest van de gemeente en Nederland — zoals bekend op de peildatum van de verslagperiode.",
        "en": "Per focus area and core indicator: the latest figure, the change since the baseline (colour: better or worse) and how it stands against the rest of the municipality and the Netherlands — as known at the reporting period's cut-off.",
    },
    "vg_xlsx": {"nl": "Download rapport (Excel)", "en": "Download report (Excel)"},
    "vg_csv": {"nl": "Download (CSV)", "en": "Download (CSV)"},
    "vg_period": {"nl": "Stand per", "en": "As of"},
    "vg_baseline": {"nl": "0-meting vanaf", "en": "Baseline from"},
    "vg_lines": {"nl": "Actielijn", "en": "Action line"},
    "vg_all_lines": {"nl": "Alle actielijnen", "en": "All action lines"},
    "vg_view": {"nl": "Weergave", "en": "View"},
    "vg_view_matrix": {"nl": "Voortgang", "en": "Progress"},
    "vg_view_dekking": {"nl": "Dekking (welke cijfers er zijn)", "en": "Coverage (which figures exist)"},
    "vg_view_wijzigingen": {"nl": "Wijzigingen sinds vorig rapport", "en": "Changes since the previous report"},
    "vg_sort": {"nl": "Sorteer op", "en": "Sort by"},
    "vg_sort_name": {"nl": "naam van het gebied", "en": "name of the area"},
    "vg_filter": {"nl": "Toon", "en": "Show"},
    "vg_filter_alle": {"nl": "alle gebieden", "en": "all areas"},
    "vg_filter_verbeterd": {"nl": "alleen verbeterd (sorteerkolom)", "en": "improved only (sort column)"},
    "vg_filter_verslechterd": {"nl": "alleen verslechterd (sorteerkolom)", "en": "worsened only (sort column)"},
    "vg_filter_metcijfer": {"nl": "alleen met cijfer (sorteerkolom)", "en": "with a figure only (sort column)"},
    "vg_summary": {
        "nl": "Stand per {period} (peildatum {cutoff}), 0-meting: het eerste jaar vanaf {baseline}. {n} van de {total} cellen hebben een cijfer.",
        "en": "As of {period} (cut-off {cutoff}), baseline: the first year from {baseline} on. {n} of {total} cells have a figure.",
    },
    "vg_note_method": {
        "nl": "Een verandering wordt alleen gegeven waar beide jaren uit dezelfde reeks en dezelfde versie van het meetinstrument komen; de samenstelling van de focusgebieden is in elk jaar die van 2024. 'Niet vergelijkbaar' zegt waarom niet.",
        "en": "A change is given only where both years come from the same series and version of the instrument; the composition of the focus areas is that of 2024 in every year. 'Not comparable' says why not.",
    },
    "vg_note_unknown": {
        "nl": "° Van deze bronnen is geen publicatiedatum vastgelegd; hun cijfers tellen in elk rapport mee: {sources}.",
        "en": "° These sources have no publication date on record; their figures count in every report: {sources}.",
    },
    "vg_note_empty": {
        "nl": "Zonder cijfer voor enig focusgebied (zie de weergave Dekking en de aanlevering): {names}.",
        "en": "Without a figure for any focus area (see the Coverage view and deliveries): {names}.",
    },
    "vg_bad_value": {
        "nl": "Onbekende waarde '{value}' in de voortgang; de standaard wordt getoond.",
        "en": "Unknown value '{value}' on the progress page; showing the default.",
    },
    "vg_bad_period": {
        "nl": "Onbekende verslagperiode '{value}'; de laatste wordt getoond.",
        "en": "Unknown reporting period '{value}'; showing the latest.",
    },
    "vg_not_comparable_definition": {
        "nl": "niet vergelijkbaar (definitie veranderd)",
        "en": "not comparable (definition changed)",
    },
    "vg_not_comparable_series": {"nl": "niet vergelijkbaar (andere bron)", "en": "not comparable (other source)"},
    "vg_not_comparable_version": {"nl": "niet vergelijkbaar (andere versie)", "en": "not comparable (other version)"},
    "vg_single_year": {"nl": "één jaar: geen verandering", "en": "one year: no change"},
    "unit_points": {"nl": "procentpunt", "en": "percentage points"},
    "vg_rest": {"nl": "rest", "en": "rest"},
    "vg_vintage_unknown": {"nl": "publicatiedatum onbekend", "en": "publication date unknown"},
    "vg_origin_open": {"nl": "open data", "en": "open data"},
    "vg_origin_delivery": {"nl": "aanlevering", "en": "delivery"},
    "vg_origin_both": {"nl": "open data en aanlevering", "en": "open data and delivery"},
    "vg_years": {"nl": "{n} jaar", "en": "{n} years"},
    "vg_what_new": {"nl": "nieuw", "en": "new"},
    "vg_what_newer": {"nl": "nieuwer jaar", "en": "newer year"},
    "vg_what_revised": {"nl": "herzien", "en": "revised"},
    "vg_what_unchanged": {"nl": "ongewijzigd", "en": "unchanged"},
    "vg_what_none": {"nl": "–", "en": "–"},
    "vg_was": {"nl": "was", "en": "was"},
    "vg_caption_matrix": {
        "nl": "Laatste cijfer (jaar), verandering sinds de 0-meting, de 0-meting, en de rest van de gemeente en Nederland in hetzelfde jaar.",
        "en": "Latest figure (year), change since the baseline, the baseline, and the rest of the municipality and the Netherlands in the same year.",
    },
    "vg_caption_dekking": {
        "nl": "Welke cellen een cijfer hebben, uit welke soort bron, en in welke jaren.",
        "en": "Which cells have a figure, from which kind of source, and in which years.",
    },
    "vg_caption_wijzigingen": {
        "nl": "Wat er veranderd is sinds het vorige halfjaarrapport: nieuwe cijfers, nieuwere jaren, herziene cijfers.",
        "en": "What changed since the previous half-yearly report: new figures, newer years, revised figures.",
    },
    # how a value reached its area (geodata.vocab.Method)
    "method_source": {"nl": "bron", "en": "as published"},
    "method_wijk_split": {
        "nl": "wijk→buurt (bevolkingsaandeel 2024)",
        "en": "district→neighbourhood (2024 population share)",
    },
    "method_code_stable": {"nl": "buurtcode en -naam gelijk in 2024", "en": "same neighbourhood code and name in 2024"},
    "method_overlay": {"nl": "ruimtelijke overlay (oppervlakte-gewogen)", "en": "spatial overlay (area-weighted)"},
    "method_aggregate": {"nl": "geaggregeerd uit buurten 2024", "en": "aggregated from 2024 neighbourhoods"},
    "method_aggregate_gemeenten": {"nl": "geaggregeerd uit gemeenten", "en": "aggregated from municipalities"},
    "method_delivered": {"nl": "aangeleverd", "en": "delivered"},
    "method_weight": {"nl": "gewicht {weight} {year}", "en": "weight {weight} {year}"},
    "method_units": {"nl": "buurtwaarden: {methods}", "en": "neighbourhood values: {methods}"},
    # errors of the data layer (geodata.errors: error_<code>), shown to the user
    "error_generic": {
        "nl": "Deze gegevens konden niet worden getoond: {detail}",
        "en": "These figures could not be shown: {detail}",
    },
    "error_area": {
        "nl": "Onbekend gebied '{value}'; kies een focusgebied of een CBS-code.",
        "en": "Unknown area '{value}'; choose a focus area or a CBS code.",
    },
    "error_indicator": {"nl": "Onbekende indicator '{value}'.", "en": "Unknown indicator '{value}'."},
    "error_choice": {
        "nl": "Onbekende waarde '{value}' voor {what}; kies uit {choices}.",
        "en": "Unknown value '{value}' for {what}; choose from {choices}.",
    },
    "error_store": {
        "nl": "De gegevensopslag ontbreekt; bouw hem met `python -m geodata build`.",
        "en": "The data store is missing; build it with `python -m geodata build`.",
    },
    # ------------------------------------------------------------------ deliveries (/aanleveren)
    "delivered_by": {"nl": "aangeleverd door {org}, {date}", "en": "delivered by {org}, {date}"},
    "portal_title": {"nl": "Aanleveren", "en": "Deliver data"},
    "portal_logged_in_as": {"nl": "Ingelogd als", "en": "Logged in as"},
    "portal_logout": {"nl": "Uitloggen", "en": "Log out"},
    "portal_username": {"nl": "Gebruikersnaam", "en": "User name"},
    "portal_password": {"nl": "Wachtwoord", "en": "Password"},
    "portal_login": {"nl": "Inloggen", "en": "Log in"},
    "portal_login_note": {
        "nl": "Alleen voor gemeenten, CBS en BZK die kernindicatoren aanleveren; het dashboard zelf is openbaar.",
        "en": "Only for municipalities, CBS and BZK delivering core indicators; the dashboard itself is public.",
    },
    "portal_login_failed": {
        "nl": "Gebruikersnaam of wachtwoord onjuist.",
        "en": "User name or password incorrect.",
    },
    "portal_rate_limited": {
        "nl": "Te veel mislukte pogingen; probeer het over 15 minuten opnieuw.",
        "en": "Too many failed attempts; try again in 15 minutes.",
    },
    "portal_csrf": {
        "nl": "Het formulier is verlopen of niet van deze site (CSRF-controle); open de pagina opnieuw en probeer het nog eens.",
        "en": "The form expired or did not come from this site (CSRF check); reopen the page and try again.",
    },
    "portal_too_large": {
        "nl": "Het bestand is te groot; de grens is {mb} MB. Lever minder rijen per bestand aan.",
        "en": "The file is too large; the limit is {mb} MB. Deliver fewer rows per file.",
    },
    "portal_template": {"nl": "1. Sjabloon", "en": "1. Template"},
    "portal_template_text": {
        "nl": "Het sjabloon bevat uw focusgebieden en de kernindicatoren zonder open bron. Vul per rij een waarde in; "
        "buurt- of wijkcodes mogen ook (percentages dan met teller en noemer). Lege rijen worden overgeslagen.",
        "en": "The template lists your focus areas and the core indicators without an open source. Fill in a value "
        "per row; buurt or wijk codes are fine too (percentages then with numerator and denominator). Empty rows are skipped.",
    },
    "portal_template_xlsx": {"nl": "Sjabloon (Excel, .xlsx)", "en": "Template (Excel, .xlsx)"},
    "portal_template_csv": {"nl": "Sjabloon (CSV)", "en": "Template (CSV)"},
    "portal_upload": {"nl": "2. Bestand controleren", "en": "2. Check a file"},
    "portal_file": {"nl": "Bestand (.xlsx of .csv, hoogstens 5 MB)", "en": "File (.xlsx or .csv, at most 5 MB)"},
    "portal_check": {"nl": "Controleren", "en": "Check"},
    "portal_no_file": {"nl": "Kies een bestand om te controleren.", "en": "Choose a file to check."},
    "portal_report": {"nl": "Controle", "en": "Check"},
    "portal_rejected_1": {"nl": "Afgewezen: 1 probleem", "en": "Rejected: 1 problem"},
    "portal_rejected_n": {"nl": "Afgewezen: {n} problemen", "en": "Rejected: {n} problems"},
    "portal_rejected_text": {
        "nl": "Er is niets opgeslagen. Verbeter het bestand op de rijen hieronder en lever het opnieuw aan.",
        "en": "Nothing was stored. Correct the file on the rows below and deliver it again.",
    },
    "portal_problems_caption": {
        "nl": "Wat er mis is, per rij en kolom van uw bestand (rij 1 is de kopregel)",
        "en": "What is wrong, by row and column of your file (row 1 is the header row)",
    },
    "portal_col_row": {"nl": "Rij", "en": "Row"},
    "portal_col_column": {"nl": "Kolom", "en": "Column"},
    "portal_col_problem": {"nl": "Probleem", "en": "Problem"},
    "portal_whole_file": {"nl": "hele bestand", "en": "whole file"},
    "portal_new_file": {"nl": "Een verbeterd bestand kiezen", "en": "Choose a corrected file"},
    "portal_preview_caption": {
        "nl": "Voorbeeld: de eerste {shown} van {n} rijen",
        "en": "Preview: the first {shown} of {n} rows",
    },
    "portal_provenance_preview": {
        "nl": "Na bevestigen staat bij deze cijfers in het dashboard: “{text}”.",
        "en": "Once confirmed, the dashboard shows these figures as “{text}”.",
    },
    "portal_provenance_stored": {
        "nl": "Bij deze cijfers staat in het dashboard: “{text}”.",
        "en": "The dashboard shows these figures as “{text}”.",
    },
    "portal_to_dashboard": {"nl": "Naar het dashboard", "en": "To the dashboard"},
    "portal_upload_hint": {
        "nl": "Na het controleren ziet u per rij wat er eventueel mis is. Er wordt pas iets opgeslagen als u bevestigt.",
        "en": "After the check you see, row by row, anything that is wrong. Nothing is stored until you confirm.",
    },
    "portal_footer": {
        "nl": "Aanleveren van kernindicatoren voor Zicht op Focuswijken. Het dashboard zelf is openbaar.",
        "en": "Delivering core indicators to Focus Areas in View. The dashboard itself is public.",
    },
    "portal_col_action": {"nl": "Actie", "en": "Action"},
    "portal_delivery_n": {"nl": "levering {id}", "en": "delivery {id}"},
    "portal_checked_ok": {
        "nl": "In orde: {n} rijen. Bevestig om ze aan te leveren.",
        "en": "All right: {n} rows. Confirm to deliver them.",
    },
    "portal_more_problems": {"nl": "… en nog {n} problemen", "en": "… and {n} more problems"},
    "portal_skipped": {"nl": "({n} lege rijen overgeslagen.)", "en": "({n} empty rows skipped.)"},
    "portal_confirm": {"nl": "Bevestigen en aanleveren", "en": "Confirm and deliver"},
    "portal_cancel": {"nl": "Annuleren", "en": "Cancel"},
    "portal_back": {"nl": "Terug", "en": "Back"},
    "portal_stored": {
        "nl": "Levering {id} is opgeslagen ({n} rijen); de cijfers staan nu in het dashboard.",
        "en": "Delivery {id} was stored ({n} rows); the figures are now in the dashboard.",
    },
    "portal_withdrawn": {"nl": "Levering {id} is ingetrokken.", "en": "Delivery {id} was withdrawn."},
    "portal_history": {"nl": "3. Uw leveringen", "en": "3. Your deliveries"},
    "portal_no_history": {"nl": "Nog geen leveringen.", "en": "No deliveries yet."},
    "portal_col_id": {"nl": "Nr.", "en": "No."},
    "portal_col_date": {"nl": "Datum", "en": "Date"},
    "portal_col_file": {"nl": "Bestand", "en": "File"},
    "portal_col_rows": {"nl": "Rijen", "en": "Rows"},
    "portal_col_status": {"nl": "Status", "en": "Status"},
    "portal_current": {"nl": "actueel", "en": "current"},
    "portal_status_accepted": {"nl": "aanvaard", "en": "accepted"},
    "portal_status_withdrawn": {"nl": "ingetrokken", "en": "withdrawn"},
    "portal_status_superseded": {"nl": "vervangen", "en": "superseded"},
    "portal_withdraw": {"nl": "Intrekken", "en": "Withdraw"},
    "catalog_delivery_note": {
        "nl": "Kernindicatoren zonder open bron per wijk of buurt leveren gemeenten en CBS zelf aan (bronnen: "
        "'aangeleverd'); zij loggen daarvoor in op",
        "en": "Core indicators without an open source per wijk or buurt are delivered by the municipalities and CBS "
        "(sources: 'delivered'); they log in at",
    },
    "fs_without_figure": {"nl": "Zonder cijfer", "en": "Without a figure"},
    "catalog_delivered": {"nl": "aangeleverd (gemeente/CBS)", "en": "delivered (municipality/CBS)"},
}


def t(key: str, lang: str = DEFAULT_LANG, **kwargs: object) -> str:
    """Translate ``key``; raises KeyError for an unknown key (a test checks both languages)."""
    text = STRINGS[key][lang if lang in LANGS else DEFAULT_LANG]
    return text.format(**kwargs) if kwargs else text


def fmt_number(value: float | None, decimals: int = 1, lang: str = DEFAULT_LANG, *, signed: bool = False) -> str:
    """Format a number with the language's separators.

    >>> fmt_number(35255, 0, "nl"), fmt_number(35255, 0, "en"), fmt_number(-0.1234, 2, "nl")
    ('35.255', '35,255', '-0,12')
    >>> fmt_number(float("nan"))
    '–'
    >>> fmt_number(1.5, 1, "nl", signed=True)
    '+1,5'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:{'+' if signed else ''},.{max(decimals, 0)}f}"
    if lang == "nl":
        text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    return text


def fmt_pct(share: float | None, lang: str = DEFAULT_LANG) -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    if 0.99 < share < 1:  # never round a partial coverage up to 100 %
        return fmt_number(math.floor(share * 1000) / 10, 1, lang) + " %"
    return fmt_number(share * 100, 0, lang) + " %"


def method_text(
    method: str, lang: str, *, weight: str | None = None, weight_year: int | None = None, unit_methods: str = ""
) -> str:
    """How a value reached its area, in words (``method``: a :class:`geodata.vocab.Method` code).

    >>> method_text("aggregate", "en", weight="population", weight_year=2024, unit_methods="overlay")
    'aggregated from 2024 neighbourhoods; weight population 2024; neighbourhood values: spatial overlay (area-weighted)'
    >>> method_text("", "nl")
    ''
    """
    if not method or f"method_{method}" not in STRINGS:
        return ""
    parts = [t(f"method_{method}", lang)]
    if weight and weight_year is not None:
        parts.append(t("method_weight", lang, weight=weight, year=weight_year))
    units = [t(f"method_{m}", lang) for m in unit_methods.split("+") if m and f"method_{m}" in STRINGS]
    if units:
        parts.append(t("method_units", lang, methods=" + ".join(units)))
    return "; ".join(parts)


def error_message(err: Exception, lang: str = DEFAULT_LANG) -> str:
    """A data-layer error (``geodata.errors``) in the user's language; the English detail only
    where no string of its own exists."""
    key = f"error_{getattr(err, 'code', 'generic')}"
    params = {k: quoted_value(v) for k, v in (getattr(err, "params", {}) or {}).items()}
    if key in STRINGS and key != "error_generic":
        try:
            return t(key, lang, **params)
        except KeyError:
            pass
    return t("error_generic", lang, detail=quoted_value(err, limit=200))


#: characters a message may repeat from a request; any other (markup, quotes, control characters,
#: emoji) is shown as "?", so a message never carries back what was injected
_UNSAFE = re.compile(r"[^\w .,:;/+=()-]")


def quoted_value(value: object, *, limit: int = 40) -> str:
    """A value from a request as a message may name it: shortened, and without characters that
    could be markup or break a header.

    >>> quoted_value("GM0344"), quoted_value('<b onclick="x">'), quoted_value("X" * 50)[-3:]
    ('GM0344', '?b onclick=?x??', 'XX…')
    """
    text = _UNSAFE.sub("?", str(value))
    return text if len(text) <= limit else text[: limit - 3] + "…"

"""Messages about what went wrong: URL state the dashboard could not follow, a failed update,
the HTTP routes' answers to bad requests, and the data layer's errors (``geodata.errors``)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # URL state the page could not follow (state.py); the default is shown instead
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
    "vg_bad_value": {
        "nl": "Onbekende waarde '{value}' in de voortgang; de standaard wordt getoond.",
        "en": "Unknown value '{value}' on the progress page; showing the default.",
    },
    "vg_bad_period": {
        "nl": "Onbekende verslagperiode '{value}'; de laatste wordt getoond.",
        "en": "Unknown reporting period '{value}'; showing the latest.",
    },
    # an update that failed unexpectedly (callbacks.py): the traceback goes to the log
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
    "http_bad_scale": {
        "nl": "Onbekende kleurschaal; kies uit {choices}.",
        "en": "Unknown colour scale; choose from {choices}.",
    },
    "http_bad_format": {
        "nl": "Onbekend formaat of taal; kies format uit {choices} en taal nl of en.",
        "en": "Unknown format or language; choose format from {choices} and language nl or en.",
    },
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
}

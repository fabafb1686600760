"""The data-and-methods page (``pages/data.py``): the catalogue and composition tables (also the
columns of the exports), sources, and the accessibility statement (``pages/a11y.py``)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nav_data": {"nl": "Data en methoden", "en": "Data and methods"},
    "nav_a11y": {"nl": "Toegankelijkheid", "en": "Accessibility"},
    "data_title": {"nl": "Data en methoden", "en": "Data and methods"},
    "catalog": {"nl": "Indicatorencatalogus", "en": "Indicator catalogue"},
    "compositions": {"nl": "Samenstelling van de focusgebieden", "en": "Composition of the focus areas"},
    "sources": {"nl": "Bronnen en licenties", "en": "Sources and licences"},
    "a11y_title": {"nl": "Toegankelijkheidsverklaring", "en": "Accessibility statement"},
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
    "years_available": {"nl": "beschikbare jaren", "en": "years available"},
    "yes": {"nl": "ja", "en": "yes"},
    "col_code": {"nl": "code", "en": "code"},
    "col_level": {"nl": "niveau", "en": "level"},
    "catalog_delivery_note": {
        "nl": "Kernindicatoren zonder open bron per wijk of buurt leveren gemeenten en CBS zelf aan (bronnen: "
        "'aangeleverd'); zij loggen daarvoor in op",
        "en": "Core indicators without an open source per wijk or buurt are delivered by the municipalities and CBS "
        "(sources: 'delivered'); they log in at",
    },
    "catalog_delivered": {"nl": "aangeleverd (gemeente/CBS)", "en": "delivered (municipality/CBS)"},
}

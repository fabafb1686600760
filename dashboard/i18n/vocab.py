"""Display words for the codes of ``geodata.vocab``: value status, how a value reached its area
(``Method``), aggregation rule and level."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "status_ok": {"nl": "volledig", "en": "complete"},
    "status_partial": {"nl": "gedeeltelijk", "en": "partial"},
    "status_missing": {"nl": "ontbreekt", "en": "missing"},
    "status_secret": {"nl": "geheim", "en": "suppressed"},
    "status_missing_or_secret": {"nl": "ontbreekt of geheim", "en": "missing or suppressed"},
    "status_not_applicable": {"nl": "niet van toepassing", "en": "not applicable"},
    "method_mean_of_areas": {"nl": "gemiddelde van de 20 focusgebieden", "en": "mean of the 20 focus areas"},
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
    "rule_sum": {"nl": "aantallen opgeteld", "en": "counts summed"},
    "rule_ratio": {
        "nl": "teller en noemer opgeteld, daarna gedeeld",
        "en": "numerator and denominator summed, then divided",
    },
    "rule_weighted_mean": {"nl": "gewogen gemiddelde, gewicht: {weight}", "en": "weighted mean, weight: {weight}"},
    "rule_none": {"nl": "niet te aggregeren", "en": "not aggregatable"},
    "level_buurt": {"nl": "buurt", "en": "neighbourhood"},
    "level_wijk": {"nl": "wijk", "en": "district"},
    "level_gemeente": {"nl": "gemeente", "en": "municipality"},
    "level_focus_area": {"nl": "focusgebied", "en": "focus area"},
    "level_focus_area_wide": {"nl": "focusgebied incl. onzekere buurten", "en": "focus area incl. uncertain members"},
    "level_rest_of_gemeente": {"nl": "rest van de gemeente", "en": "rest of the municipality"},
    "level_focus_average": {"nl": "gemiddelde per focusgebied (20)", "en": "average per focus area (20)"},
    "level_nl": {"nl": "Nederland", "en": "Netherlands"},
}

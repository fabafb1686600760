"""The store's vocabulary, defined once: value status, how a value reached its area, aggregation
rules, area levels and boundary divisions.

Every member is a ``str`` (``StrEnum``), so the Parquet store and the browser payloads carry the
plain codes (``"ok"``, ``"overlay"``) and comparisons with those strings work. Display words for
each code live only in ``dashboard/i18n/`` (``vocab.py``).

>>> Status.OK == "ok", Status.PARTIAL in HAS_VALUE, Method("overlay") is Method.OVERLAY
(True, True, True)
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """What a cell holds."""

    OK = "ok"  #: a value, complete
    PARTIAL = "partial"  #: an aggregate some of whose members lacked a value
    MISSING = "missing"  #: no value published
    SECRET = "secret"  #: suppressed by the publisher (too few observations)
    NOT_APPLICABLE = "not_applicable"
    MISSING_OR_SECRET = "missing_or_secret"  #: the source merged secret and missing into one empty cell


#: the statuses that carry a number
HAS_VALUE: tuple[Status, ...] = (Status.OK, Status.PARTIAL)


class Method(StrEnum):
    """How a value reached the area it is stored for."""

    SOURCE = "source"  #: as published for this area
    WIJK_SPLIT = "wijk_split"  #: a 2024 wijk value split over its buurten by 2024 population
    CODE_STABLE = "code_stable"  #: a 2020-division buurt whose code and name are the same in 2024
    OVERLAY = "overlay"  #: carried across divisions by area-weighted overlay
    AGGREGATE = "aggregate"  #: aggregated from 2024 buurten
    AGGREGATE_GEMEENTEN = "aggregate_gemeenten"  #: aggregated from gemeenten (the Netherlands)
    MEAN_OF_AREAS = "mean_of_areas"  #: the mean of the 20 focus areas' own figures (counts)
    DELIVERED = "delivered"  #: delivered by a data holder (gemeente, CBS)


class Rule(StrEnum):
    """How an indicator aggregates (extensive counts are summed; intensive rates recomputed)."""

    SUM = "sum"
    RATIO = "ratio"
    WEIGHTED_MEAN = "weighted_mean"
    NONE = "none"


#: rules that can be aggregated at all
AGGREGATABLE: tuple[Rule, ...] = (Rule.SUM, Rule.RATIO, Rule.WEIGHTED_MEAN)


class Level(StrEnum):
    """Area levels of the store."""

    BUURT = "buurt"
    WIJK = "wijk"
    GEMEENTE = "gemeente"
    FOCUS_AREA = "focus_area"
    FOCUS_AREA_WIDE = "focus_area_wide"  #: a focus area with its uncertain members (a variant)
    REST_OF_GEMEENTE = "rest_of_gemeente"
    FOCUS_AVERAGE = "focus_average"
    NL = "nl"


#: the levels a focus area is compared with (the benchmarks), in display order
BENCHMARK_LEVELS: tuple[Level, ...] = (
    Level.FOCUS_AREA,
    Level.REST_OF_GEMEENTE,
    Level.GEMEENTE,
    Level.NL,
    Level.FOCUS_AVERAGE,
)


class Division(StrEnum):
    """Boundary divisions the sources use (the store harmonises everything to ``CBS2024``)."""

    CBS2025 = "cbs2025"
    CBS2024 = "cbs2024"
    CBS2023 = "cbs2023"
    CBS2022 = "cbs2022"
    CBS2021 = "cbs2021"
    CBS2020 = "cbs2020"
    CBS2019 = "cbs2019"
    CBS2018 = "cbs2018"
    CBS2017 = "cbs2017"
    CBS2016 = "cbs2016"
    GEMEENTE_JAAR = "gemeente_jaar"  #: gemeenten of the publication year (municipal mergers)

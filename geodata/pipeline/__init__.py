"""The store build as a pipeline of small, pure stages (frames in, frames out)::

    sources ─► units ─► crosswalks ─► harmonise ─► aggregation ─► benchmarks ─► values
       │                                                                          │
       └──────────────────────────► display (areas and browser geometry) ◄───────┘

- :mod:`.units`       the 2024 buurten, the focus-area membership and every aggregation target
- :mod:`.crosswalks`  weights from each other division (2019, 2020, 2022) to 2024 buurten
- :mod:`.harmonise`   every indicator's values carried onto 2024 buurten
- :mod:`.aggregation` exact aggregates for focus areas, rests, the 20-area pool, wijken, gemeenten
- :mod:`.benchmarks`  the Netherlands, and which aggregates may stand as a benchmark
- :mod:`.values`      the one long values table of the store
- :mod:`.display`     areas (RD New) and simplified browser geometry (WGS84)

Reading the files is :mod:`geodata.sources.registry`; ``geodata/build.py`` only orchestrates,
times, caches, hashes and writes atomically.
"""

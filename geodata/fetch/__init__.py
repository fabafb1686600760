"""Fetching the sources from CBS and partners (``python -m geodata fetch``).

:mod:`.manifest` reads what to fetch from ``config/sources.yaml``; :mod:`.clients` is the only code
that talks to the outside services (cbsodata, pooch); :mod:`.odata` turns a CBS reply into the
data-dir layout (pure); :mod:`.lock` keeps the hashes; :mod:`.run` orchestrates.
"""

from __future__ import annotations

from .clients import RetryPolicy
from .lock import LOCK_PATH, Lock, load_lock
from .manifest import FetchSpec, Manifest, load_manifest, parse_manifest
from .run import FetchReport, Outcome, fetch_sources, format_list

__all__ = [
    "LOCK_PATH",
    "FetchReport",
    "FetchSpec",
    "Lock",
    "Manifest",
    "Outcome",
    "RetryPolicy",
    "fetch_sources",
    "format_list",
    "load_lock",
    "load_manifest",
    "parse_manifest",
]

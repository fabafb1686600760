"""What every callback gets first: the store and the app's fixed knowledge (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geodata.settings import Settings
from geodata.store import Store

from .geo import GeoAssets
from .state import Meta


@dataclass
class AppContext:
    """Read-only for callbacks; the app replaces ``meta`` when delivered values change the years
    and indicators there are (``app.create_app``)."""

    store: Store
    geo: GeoAssets
    meta: Meta
    settings: Settings
    #: the pages for a URL (dashboard/pagebuild.py: PageBuilder): what :func:`callbacks.render_page`
    #: and :func:`callbacks.fill_pages` show
    pages: Any = None

    @property
    def baseline_year(self) -> int:
        return self.settings.baseline_year


def as_year(value: object) -> int | None:
    """The year control is a native <select>: its value arrives as text.

    >>> as_year("2020"), as_year(""), as_year(None)
    (2020, None, None)
    """
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None

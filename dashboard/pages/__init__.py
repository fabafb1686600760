"""The pages. Every module in this package adds one :class:`~dashboard.registry.Page` to the
registry when it is imported; :func:`registry` imports them all (discovered, never listed)."""

from __future__ import annotations

import importlib
import pkgutil

from ..registry import REGISTRY, Registry

_loaded = False


def registry() -> Registry:
    """The app's registry with every page module of this package loaded."""
    global _loaded
    if not _loaded:
        for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
            importlib.import_module(f"{__name__}.{module}")
        _loaded = True
    return REGISTRY

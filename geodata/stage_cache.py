"""The build's stage cache: each stage's result kept under a key of its own inputs.

A key is a hash of everything a stage depends on: the hashes of the files it reads, the keys of
the stages before it, and the code of the modules it runs (:func:`code_hash`). A rebuild after a
change re-runs only the stages whose key changed; the others are read back from ``.cache/stages``.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from . import CODE_VERSION


def code_hash(*paths: Path) -> str:
    """Hash of the code in ``paths`` (names and contents, in sorted order) and ``CODE_VERSION``."""
    h = hashlib.sha256(CODE_VERSION.encode())
    for path in sorted(paths):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def stage_key(*parts: object) -> str:
    """A short stable key of JSON-able ``parts`` (dict keys sorted; other objects as ``str``).

    >>> stage_key("a", {"y": 1, "x": 2}) == stage_key("a", {"x": 2, "y": 1})
    True
    """
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:24]


class StageCache:
    """Results of stages by key, as pickles in ``folder`` (a local cache: the key includes the
    code of the stage, so a pickle is only read back by the code that wrote it). Only the newest
    entry per stage is kept."""

    def __init__(self, folder: Path, *, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self.hits: list[str] = []

    def run(self, name: str, key: str, make: Callable[[], object]) -> object:
        path = self.folder / f"{name}-{key}.pkl"
        if self.enabled and path.exists():
            try:
                with path.open("rb") as fh:
                    value = pickle.load(fh)
                self.hits.append(name)
                return value
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                path.unlink(missing_ok=True)
        value = make()
        if self.enabled:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob(f"{name}-*.pkl"):
                old.unlink(missing_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            with tmp.open("wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        return value

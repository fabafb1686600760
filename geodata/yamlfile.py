"""The project's YAML files (catalogue, source registry, focus areas, fetch lock), read in one way:
the safe subset, with libyaml's C parser when PyYAML was built with it (the catalogue and the
source registry took ~130 ms of every server start with the pure-Python parser, ~15 ms with it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

#: the same safe subset as ``yaml.safe_load``; C when available
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """``yaml.safe_load``, faster.

    >>> parse_yaml("a: [1, 2]\\nb: {c: x}")
    {'a': [1, 2], 'b': {'c': 'x'}}
    """
    return yaml.load(text, Loader=LOADER)  # a safe loader: CSafeLoader or SafeLoader


def read_yaml(path: Path, error: type[Exception], fix: str = "") -> Any:
    """The document in ``path``; ``error`` naming the file, the problem and ``fix`` when it cannot
    be read or parsed."""
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise error(f"{path}: cannot be read as YAML ({err}){fix}") from err

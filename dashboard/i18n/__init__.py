"""Interface strings in Dutch (default) and English, and number formatting per language.

The strings live in one module per domain (``shared``, ``vocab``, one per page, ``errors``,
``portal``), each a ``STRINGS`` table ``key -> {lang: text}``; this module merges them and is the only
way in: ``from dashboard.i18n import t``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from . import data, errors, focus, national, portal, profiel, shared, vocab, voortgang

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"


def merge_tables(*tables: Mapping[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The domain tables as one; a key defined in two of them is refused (a merge would keep one silently).

    >>> merge_tables({"a": {"nl": "x"}}, {"b": {"nl": "y"}})
    {'a': {'nl': 'x'}, 'b': {'nl': 'y'}}
    """
    merged: dict[str, dict[str, str]] = {}
    for table in tables:
        twice = merged.keys() & table.keys()
        if twice:
            raise ValueError(f"strings defined in two domains: {', '.join(sorted(twice))}")
        merged.update(table)
    return merged


STRINGS = merge_tables(
    shared.STRINGS,
    vocab.STRINGS,
    focus.STRINGS,
    national.STRINGS,
    data.STRINGS,
    profiel.STRINGS,
    voortgang.STRINGS,
    errors.STRINGS,
    portal.STRINGS,
)


def t(key: str, lang: str = DEFAULT_LANG, **kwargs: object) -> str:
    """Translate ``key``; raises KeyError for an unknown key (a test checks both languages)."""
    text = STRINGS[key][lang if lang in LANGS else DEFAULT_LANG]
    return text.format(**kwargs) if kwargs else text


def fmt_number(value: float | None, decimals: int = 1, lang: str = DEFAULT_LANG, *, signed: bool = False) -> str:
    """Format a number with the language's separators.

    >>> fmt_number(35255, 0, "nl"), fmt_number(35255, 0, "en"), fmt_number(-0.1234, 2, "nl")
    ('35.255', '35,255', '-0,12')
    >>> fmt_number(float("nan"))
    '–'
    >>> fmt_number(1.5, 1, "nl", signed=True)
    '+1,5'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:{'+' if signed else ''},.{max(decimals, 0)}f}"
    if lang == "nl":
        text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    return text


def fmt_pct(share: float | None, lang: str = DEFAULT_LANG) -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    if 0.99 < share < 1:  # never round a partial coverage up to 100 %
        return fmt_number(math.floor(share * 1000) / 10, 1, lang) + " %"
    return fmt_number(share * 100, 0, lang) + " %"


def method_text(
    method: str, lang: str, *, weight: str | None = None, weight_year: int | None = None, unit_methods: str = ""
) -> str:
    """How a value reached its area, in words (``method``: a :class:`geodata.vocab.Method` code).

    >>> method_text("aggregate", "en", weight="population", weight_year=2024, unit_methods="overlay")
    'aggregated from 2024 neighbourhoods; weight population 2024; neighbourhood values: spatial overlay (area-weighted)'
    >>> method_text("", "nl")
    ''
    """
    if not method or f"method_{method}" not in STRINGS:
        return ""
    parts = [t(f"method_{method}", lang)]
    if weight and weight_year is not None:
        parts.append(t("method_weight", lang, weight=weight, year=weight_year))
    units = [t(f"method_{m}", lang) for m in unit_methods.split("+") if m and f"method_{m}" in STRINGS]
    if units:
        parts.append(t("method_units", lang, methods=" + ".join(units)))
    return "; ".join(parts)


def error_message(err: Exception, lang: str = DEFAULT_LANG) -> str:
    """A data-layer error (``geodata.errors``) in the user's language; the English detail only
    where no string of its own exists."""
    key = f"error_{getattr(err, 'code', 'generic')}"
    params = {k: quoted_value(v) for k, v in (getattr(err, "params", {}) or {}).items()}
    if key in STRINGS and key != "error_generic":
        try:
            return t(key, lang, **params)
        except KeyError:
            pass
    return t("error_generic", lang, detail=quoted_value(err, limit=200))


#: characters a message may repeat from a request; any other (markup, quotes, control characters,
#: emoji) is shown as "?", so a message never carries back what was injected
_UNSAFE = re.compile(r"[^\w .,:;/+=()-]")


def quoted_value(value: object, *, limit: int = 40) -> str:
    """A value from a request as a message may name it: shortened, and without characters that
    could be markup or break a header.

    >>> quoted_value("GM0344"), quoted_value('<b onclick="x">'), quoted_value("X" * 50)[-3:]
    ('GM0344', '?b onclick=?x??', 'XX…')
    """
    text = _UNSAFE.sub("?", str(value))
    return text if len(text) <= limit else text[: limit - 3] + "…"

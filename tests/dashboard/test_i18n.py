"""Every interface string exists in Dutch and English; numbers follow the language."""

from __future__ import annotations

import pytest

from dashboard.i18n import LANGS, STRINGS, fmt_number, fmt_pct, merge_tables, t


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_key_has_both_languages(key):
    for lang in LANGS:
        assert STRINGS[key].get(lang), f"{key!r} lacks {lang}"


def test_every_key_used_in_the_dashboard_exists():
    import pathlib
    import re

    used = set()
    for path in pathlib.Path("dashboard").glob("**/*.py"):  # the pages too
        used |= set(re.findall(r"\bt\(\s*[\"']([a-z0-9_]+)[\"']\s*[,)]", path.read_text()))
    assert used, "no t('…') calls found"
    assert sorted(used - set(STRINGS)) == []


def test_a_key_defined_in_two_domains_is_refused():
    with pytest.raises(ValueError, match="two domains: b"):
        merge_tables({"a": {"nl": "x"}, "b": {"nl": "y"}}, {"b": {"nl": "z"}})


def test_catalogue_names_and_definitions_exist_in_both_languages():
    from geodata.catalog import load_catalog

    for ind in load_catalog():
        for lang in LANGS:
            assert ind.name(lang) and ind.definition(lang) and ind.unit(lang)


@pytest.mark.parametrize(
    "value, decimals, lang, expected",
    [
        (35255, 0, "nl", "35.255"),
        (35255, 0, "en", "35,255"),
        (16.54, 1, "nl", "16,5"),
        (16.54, 1, "en", "16.5"),
        (-0.1234, 3, "nl", "-0,123"),
        (1234567.891, 2, "nl", "1.234.567,89"),
    ],
)
def test_number_format(value, decimals, lang, expected):
    assert fmt_number(value, decimals, lang) == expected


def test_partial_coverage_is_never_shown_as_100_percent():
    assert fmt_pct(0.9996, "nl") == "99,9 %"
    assert fmt_pct(1.0, "en") == "100 %"


def test_unknown_key_raises():
    with pytest.raises(KeyError):
        t("no_such_key")

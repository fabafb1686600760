"""The project's YAML files read with the fast loader: the same documents as ``yaml.safe_load``,
the same refusals, and errors that name the file and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from geodata.errors import CatalogError
from geodata.settings import PROJECT_ROOT
from geodata.yamlfile import parse_yaml, read_yaml

CONFIG_FILES = sorted((PROJECT_ROOT / "config").glob("*.yaml"))


def test_the_project_has_yaml_files_to_compare():
    assert {p.name for p in CONFIG_FILES} >= {"indicators.yaml", "sources.yaml", "focusgebieden.yaml"}


@pytest.mark.parametrize("path", CONFIG_FILES, ids=lambda p: p.name)
def test_every_config_file_reads_as_safe_load_reads_it(path: Path):
    text = path.read_text(encoding="utf-8")
    assert parse_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text",
    [
        "!!python/object/apply:os.system ['echo hacked']",
        "a: !!python/name:os.system",
        "!!python/object:collections.OrderedDict {}",
    ],
)
def test_python_tags_are_refused_as_by_safe_load(text: str):
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError):
        parse_yaml(text)


def test_dates_and_numbers_come_out_as_safe_load_gives_them():
    text = "released: 2024-07-01\nshare: 12.5\ncount: 7\ncode: '0518'\nempty:\n"
    assert parse_yaml(text) == yaml.safe_load(text)
    assert parse_yaml(text)["code"] == "0518"


def test_broken_yaml_names_the_file_the_problem_and_the_fix(tmp_path: Path):
    path = tmp_path / "fetch.lock.yaml"
    path.write_text("files: [\n  a: 1\n", encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        read_yaml(path, CatalogError, "; restore it from git")
    message = str(err.value)
    assert str(path) in message and "cannot be read as YAML" in message and message.endswith("restore it from git")
    assert "line" in message  # where the parser stopped


def test_a_missing_file_and_a_file_not_in_utf8_are_errors_of_the_given_kind(tmp_path: Path):
    with pytest.raises(CatalogError, match="missing.yaml: cannot be read"):
        read_yaml(tmp_path / "missing.yaml", CatalogError)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("naam: Súdwest-Fryslân\n".encode("latin-1"))
    with pytest.raises(CatalogError, match="latin.yaml: cannot be read"):
        read_yaml(latin, CatalogError)

"""Settings from the environment (ZOF_DATA_DIR, ZOF_CACHE_DIR, ZOF_BASELINE_YEAR), their defaults and
overrides, and the check that names a missing data directory."""

from __future__ import annotations

import pytest

from geodata.errors import DataDirectoryMissing
from geodata.settings import CACHE_DIR_VAR, DATA_DIR_VAR, PROJECT_ROOT, Settings

# ----------------------------------------------------------------------------- settings


def test_settings_defaults_without_environment():
    s = Settings.from_env({})
    assert s.data_dir == PROJECT_ROOT.parent / "shared" / "data"
    assert s.cache_dir == PROJECT_ROOT / ".cache" / "store"
    assert s.baseline_year == 2022


def test_settings_from_a_mapping(tmp_path):
    s = Settings.from_env(
        {DATA_DIR_VAR: str(tmp_path), CACHE_DIR_VAR: "build/store", "ZOF_BASELINE_YEAR": "2020", "UNRELATED": "x"}
    )
    assert s.data_dir == tmp_path
    assert s.cache_dir == PROJECT_ROOT / "build" / "store"  # relative to the project, not the cwd
    assert s.baseline_year == 2020


def test_settings_explicit_argument_beats_environment(tmp_path):
    s = Settings.from_env(
        {DATA_DIR_VAR: "/nonexistent", "ZOF_BASELINE_YEAR": "2020"},
        data_dir=tmp_path,
        baseline_year=2024,
        cache_dir=None,
    )
    assert (s.data_dir, s.baseline_year) == (tmp_path, 2024)
    assert s.cache_dir == PROJECT_ROOT / ".cache" / "store"


def test_settings_empty_variable_means_default():
    assert Settings.from_env({DATA_DIR_VAR: ""}).data_dir == Settings().data_dir


def test_settings_refuses_a_baseline_that_is_not_a_year():
    with pytest.raises(ValueError, match="ZOF_BASELINE_YEAR='twenty'"):
        Settings.from_env({"ZOF_BASELINE_YEAR": "twenty"})


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings.from_env({}).baseline_year = 2000  # type: ignore[misc]


def test_require_data_dir_names_the_path_and_the_variable(tmp_path):
    missing = tmp_path / "no_data_here"
    with pytest.raises(DataDirectoryMissing, match=DATA_DIR_VAR) as err:
        Settings.from_env({DATA_DIR_VAR: str(missing)}).require_data_dir()
    assert str(missing) in str(err.value)
    assert Settings.from_env({DATA_DIR_VAR: str(tmp_path)}).require_data_dir() == tmp_path

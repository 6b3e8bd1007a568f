"""Settings: defaults, overrides, clear errors, and every setting documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from kabarchy.settings import SETTINGS, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "conf" / "settings.toml"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def test_shipped_settings_load_with_defaults() -> None:
    s = load_settings(ROOT / "config" / "settings.toml", env={})
    assert s.index_backend == "sqlite"
    assert s.fetch_allow_private_addresses is False
    assert s.data_dir == (ROOT / "data").resolve()
    assert s.sources == (ROOT / "config" / "sources.yaml").resolve()


def test_relative_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    s = load_settings(write(tmp_path, 'data_dir = "d"\nsources = "../s.yaml"\n'), env={})
    assert s.data_dir == tmp_path / "conf" / "d"
    assert s.sources == tmp_path / "s.yaml"


def test_paths_from_the_environment_are_relative_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    s = load_settings(write(tmp_path, 'data_dir = "d"\n'), env={"KABARCHY_SOURCES": "mine.yaml"})
    assert s.sources == tmp_path / "mine.yaml" and s.data_dir == tmp_path / "conf" / "d"


def test_a_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="KABARCHY_FETCH_TIMEOUT_S: fetch.timeout_s must be a number"):
        load_settings(write(tmp_path, ""), env={"KABARCHY_FETCH_TIMEOUT_S": "soon"})


def test_environment_overrides_and_config_variable(tmp_path: Path) -> None:
    p = write(tmp_path, "[index]\nbackend = 'sqlite'\n")
    s = load_settings(None, env={"KABARCHY_CONFIG": str(p), "KABARCHY_INDEX_BACKEND": "elasticsearch",
                                 "KABARCHY_FETCH_TIMEOUT_S": "2.5"})
    assert s.index_backend == "elasticsearch" and s.fetch_timeout_s == 2.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[index]\nbackend = 'solr'\n", "index.backend must be one of sqlite, elasticsearch"),
        ("[fetch]\ntimeout_s = 'soon'\n", "fetch.timeout_s must be a number"),
        ("[fetch]\nmax_bytes = 10\n", "fetch.max_bytes must be at least"),
        ("[fetch]\nallow_private_addresses = 'maybe'\n", "must be true or false"),
        ("[fetch]\ntimeout = 3\n", "unknown setting 'fetch.timeout'"),
        ("[index\nbackend = 'sqlite'\n", "line 1"),
    ],
)
def test_bad_settings_name_the_file_key_and_problem(tmp_path: Path, text: str, message: str) -> None:
    p = write(tmp_path, text)
    with pytest.raises(SettingsError) as err:
        load_settings(p, env={})
    assert str(p) in str(err.value) and message in str(err.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="settings file not found"):
        load_settings(tmp_path / "nope.toml", env={})


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.key for s in SETTINGS if f"`{s.key}`" not in readme]
    assert not missing, f"settings missing from README.md: {missing}"


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e400", "Infinity"])
@pytest.mark.parametrize("key", ["KABARCHY_FETCH_TIMEOUT_S", "KABARCHY_FETCH_MAX_BYTES", "KABARCHY_RUN_WORKERS"])
def test_non_finite_numbers_are_refused_from_the_environment(tmp_path: Path, key: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"{key}: .* must be a finite number, not '{value}'"):
        load_settings(write(tmp_path, ""), env={key: value})


@pytest.mark.parametrize("text", ["[fetch]\ntimeout_s = nan\n", "[fetch]\ndeadline_s = inf\n",
                                  "[fetch]\nmax_bytes = inf\n", "[run]\nmax_interval_minutes = -inf\n"])
def test_non_finite_numbers_are_refused_from_the_file(tmp_path: Path, text: str) -> None:
    with pytest.raises(SettingsError, match="must be a finite number"):
        load_settings(write(tmp_path, text), env={})


@pytest.mark.parametrize(("text", "message"), [
    ("[fetch]\ntimeout_s = 100000\n", "fetch.timeout_s must be at most 3600"),
    ("[fetch]\nretries = 1000\n", "fetch.retries must be at most 20"),
    ("[run]\nworkers = 100000\n", "run.workers must be at most 256"),
    ("[fetch]\nmax_bytes = 1e12\n", "fetch.max_bytes must be at most 1e\\+09"),
    ("[run]\nmin_interval_minutes = 60.0\nmax_interval_minutes = 30.0\n", "min_interval_minutes \\(60\\) is above"),
    ("[run]\nworkers = 2.5\n", "run.workers must be a whole number"),
])
def test_absurd_values_are_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(write(tmp_path, text), env={})

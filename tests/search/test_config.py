"""The index and seeds folders: option > environment > config file > default, and bad config files."""

from __future__ import annotations

from pathlib import Path

import pytest

import search
from search.config import config_path, read_config, setting


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user with XDG_CONFIG_HOME in tmp_path and no NEWS_SEARCH_* variables."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("NEWS_SEARCH_INDEX", raising=False)
    monkeypatch.delenv("NEWS_SEARCH_SEEDS", raising=False)
    return tmp_path


def write_config(home: Path, text: str) -> Path:
    path = home / "xdg" / "news-search" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_config_file(home: Path) -> None:
    assert config_path() == home / "xdg" / "news-search" / "config.toml"
    assert search.default_index_dir() == Path("index") and search.default_seeds_dir() == Path("seeds")
    assert setting("index").origin == "default"


def test_config_file_gives_the_defaults_relative_to_its_folder(home: Path) -> None:
    path = write_config(home, 'index = "../my-index"\nseeds = "/data/news"\n')
    assert search.default_index_dir() == path.parent / "../my-index"
    assert search.default_seeds_dir() == Path("/data/news")
    assert setting("seeds") == search.Setting("seeds", Path("/data/news"), "config", str(path))


def test_home_is_expanded(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(home / "me"))
    write_config(home, 'index = "~/ix"\n')
    assert search.default_index_dir() == home / "me" / "ix"


def test_environment_beats_config_and_option_beats_both(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(home, 'index = "/from/config"\n')
    monkeypatch.setenv("NEWS_SEARCH_INDEX", "/from/env")
    assert setting("index") == search.Setting("index", Path("/from/env"), "environment", "$NEWS_SEARCH_INDEX")
    assert setting("index", "/from/option") == search.Setting("index", Path("/from/option"), "option", "--index")


def test_a_relative_xdg_config_home_is_ignored(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(home))
    assert config_path() == home / ".config" / "news-search" / "config.toml"


@pytest.mark.parametrize("text, message", [
    ('index = "unclosed\n', r"is not valid TOML \(.*line 1"),
    ('colour = "red"\n', "unknown setting 'colour': the settings are index, seeds"),
    ("index = 3\n", "'index' must be a folder path in quotes"),
    ('index = ""\n', "'index' must be a folder path in quotes"),
])
def test_a_bad_config_file_is_one_clear_error(home: Path, text: str, message: str) -> None:
    path = write_config(home, text)
    with pytest.raises(search.ConfigError, match=message) as raised:
        search.default_index_dir()
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)


def test_undecodable_config_file_is_one_clear_error(home: Path) -> None:
    path = write_config(home, "")
    path.write_bytes(b'index = "\xff"\n')
    with pytest.raises(search.ConfigError, match="cannot be read|not valid TOML"):
        read_config()

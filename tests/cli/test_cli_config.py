"""search-cli config and the config file: which index and seeds a command uses, and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import IndexedSeeds, cli_env, one_error_line, run_cli


def write_config(config_home: Path, text: str) -> Path:
    path = config_home / "news-search" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def lines_by_label(out: str) -> dict[str, str]:
    return {line.split()[0]: line for line in out.splitlines() if line.strip()}


def test_config_shows_each_setting_and_where_it_comes_from(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("NEWS_SEARCH_SEEDS")
    path = write_config(tmp_path / "config", 'seeds = "/data/news"\nindex = "/data/ix"\n')
    shown = lines_by_label(cli("config").out)
    assert shown["config"].split()[2] == str(path) and "(not found)" not in shown["config"]
    assert shown["index"].split()[1:] == [str(tmp_path / "default-index"), "from", "environment",
                                          "variable", "$NEWS_SEARCH_INDEX"]
    assert shown["seeds"].split()[1:] == ["/data/news", "from", "config", "file"]
    with_option = lines_by_label(cli("config", "--index", "/tmp/other").out)
    assert with_option["index"].split()[1:] == ["/tmp/other", "from", "option", "--index"]
    record = json.loads(cli("config", "--json").out)
    assert record["config_file"] == str(path) and record["config_file_exists"] is True
    assert record["seeds"] == {"value": "/data/news", "from": "config", "where": str(path)}


def test_config_without_a_file_says_so_and_gives_the_defaults(cli, monkeypatch) -> None:
    monkeypatch.delenv("NEWS_SEARCH_INDEX")
    monkeypatch.delenv("NEWS_SEARCH_SEEDS")
    shown = lines_by_label(cli("config").out)
    assert shown["config"].endswith("(not found)")
    assert shown["index"].split()[1:] == ["index", "from", "default"]
    assert shown["seeds"].split()[1:] == ["seeds", "from", "default"]


def test_query_and_index_use_the_config_file(indexed_seeds: IndexedSeeds, tmp_path: Path) -> None:
    env = {k: v for k, v in cli_env(tmp_path).items() if not k.startswith("NEWS_SEARCH_")}
    write_config(tmp_path / "config", f'index = "{tmp_path / "ix"}"\nseeds = "{indexed_seeds.seeds}"\n')
    built = run_cli("index", env=env, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert f"built {tmp_path / 'ix'} from {indexed_seeds.seeds}" in built.stdout
    found = run_cli("query", "mexico", "--ids", env=env, cwd=tmp_path)
    assert found.returncode == 0 and len(found.stdout.split()) == 3
    env["NEWS_SEARCH_INDEX"] = str(tmp_path / "nothing-here")
    overridden = run_cli("stats", env=env, cwd=tmp_path)
    assert overridden.returncode == 0, overridden.stderr
    assert overridden.stdout.split()[:2] == ["index", str(tmp_path / "nothing-here")], "the environment wins"
    assert f"building it from '{indexed_seeds.seeds}' first" in overridden.stderr, "seeds from the config"


@pytest.mark.parametrize("command", [["query", "mexico"], ["stats"], ["index"], ["config"]])
def test_a_bad_config_file_is_one_error_line(cli, tmp_path: Path, monkeypatch, command) -> None:
    monkeypatch.delenv("NEWS_SEARCH_INDEX")
    monkeypatch.delenv("NEWS_SEARCH_SEEDS")
    path = write_config(tmp_path / "config", "index = [1, 2\n")
    run = cli(*command)
    assert run.code == 2
    line = one_error_line(run.err)
    assert str(path) in line and "not valid TOML" in line


def test_an_index_option_needs_no_config_file(cli, indexed_seeds: IndexedSeeds, tmp_path: Path) -> None:
    write_config(tmp_path / "config", "index = [1, 2\n")
    run = cli("query", "mexico", "--count", "--index", str(indexed_seeds.index))
    assert (run.code, run.out) == (0, "3\n")

"""Every search-cli command on a PostgreSQL index, chosen by --index, $NEWS_SEARCH_INDEX or the config file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_data import REPO_ROOT
from search.cli import main

from pg_corpus import write_corpus


@pytest.fixture(scope="module")
def pg_index(pg_server, tmp_path_factory):
    root = tmp_path_factory.mktemp("pg-cli")
    seeds = write_corpus(root / "seeds")
    location = pg_server.create_database("cli_index")
    assert main(["index", str(seeds), "--index", location, "--quiet"]) == 0
    return location, seeds


def test_index_then_every_command(pg_server, tmp_path, capsys):
    seeds = write_corpus(tmp_path / "seeds")
    location = pg_server.create_database("cli_commands")
    assert main(["index", str(seeds), "--index", location]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("built postgresql://news@127.0.0.1:") and "3 added" in out and "43 documents" in out
    assert "news-test-secret" not in out + err
    assert "skipped feed.jsonl: line 6" in err
    assert main(["index", "--index", location, "--json"]) == 0  # the recorded seeds folder
    report = json.loads(capsys.readouterr().out)
    assert (report["action"], report["unchanged"], report["documents"]) == ("updated", 3, 43)

    assert main(["query", "deportacion", "--index", location, "--json"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert hits[0]["id"] == "trump-mexico-el-salvador-deportations-en-es.txt#es"
    assert hits[0]["versions"] == ["trump-mexico-el-salvador-deportations-en-es.txt#en"]
    assert main(["query", "mexico", "--index", location, "--count", "--lang", "es", "--source", "BBC"]) == 0
    assert capsys.readouterr().out.strip() == "10"
    assert main(["query", "mexico", "--index", location, "--sort", "date", "--since", "2023", "--ids"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "feed.jsonl/34#es"  # 2024-08-14, the newest
    assert main(["show", hits[0]["id"], "--index", location, "--lang", "en", "--no-pager"]) == 0
    assert "Trump" in capsys.readouterr().out
    assert main(["stats", "--index", location, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 43 and stats["sources"]["EFE"] == 10
    assert stats["index_dir"].startswith("postgresql://news@127.0.0.1:")


def test_the_environment_and_the_config_file_choose_it(pg_index, tmp_path, monkeypatch, capsys):
    location, _seeds = pg_index
    monkeypatch.setenv("NEWS_SEARCH_INDEX", location)
    assert main(["query", "tormenta", "--count"]) == 0
    count = capsys.readouterr().out
    monkeypatch.delenv("NEWS_SEARCH_INDEX")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "news-search").mkdir()
    (tmp_path / "news-search" / "config.toml").write_text(f'index = "{location}"\n')
    assert main(["query", "tormenta", "--count"]) == 0
    assert capsys.readouterr().out == count and int(count) > 0
    assert main(["config", "--json"]) == 0
    config = json.loads(capsys.readouterr().out)
    assert config["index"]["from"] == "config"


def test_the_real_entry_point_and_whoosh_never_imports_psycopg(pg_index, tmp_path):
    location, seeds = pg_index
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "XDG_CONFIG_HOME": str(tmp_path),
           "NEWS_SEARCH_INDEX": str(tmp_path / "none")}
    entry = Path(sys.executable).with_name("search-cli")
    done = subprocess.run([str(entry), "query", "puerto", "--index", location, "--format", "tsv", "--limit", "100"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and done.stderr == "" and len(done.stdout.splitlines()) == 16
    folder = tmp_path / "whoosh"
    assert main(["index", str(seeds), "--index", str(folder), "--quiet"]) == 0
    probe = ("import sys; from search.cli import main; "
             f"code = main(['query', 'puerto', '--index', {str(folder)!r}, '--count']); "
             "print('psycopg' in sys.modules, code)")
    checked = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert checked.stdout.splitlines()[-1] == "False 0"


def test_a_database_location_never_creates_a_local_folder(pg_server, tmp_path, monkeypatch, capsys):
    """A ``postgresql://`` location, typed or folded by ``Path()`` into ``postgresql:/...``, by option,
    environment, config file or the API, is the database: nothing appears in the working folder."""
    import search

    work = tmp_path / "work"
    work.mkdir()
    seeds = write_corpus(tmp_path / "seeds")
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    location = pg_server.create_database("no_local_folder")
    folded = str(Path(location))
    assert folded.startswith("postgresql:/news:") and "//" not in folded
    assert main(["index", str(seeds), "--index", location, "--quiet"]) == 0
    for index in (location, folded):
        assert main(["index", str(seeds), "--index", index, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["documents"] == 43
        assert main(["query", "tormenta", "--index", index, "--count"]) == 0
        assert int(capsys.readouterr().out) > 0
        assert main(["stats", "--index", index, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["documents"] == 43
        assert main(["show", "feed.jsonl/34#es", "--index", index, "--no-pager"]) == 0
        assert "Mexico" in capsys.readouterr().out
    monkeypatch.setenv("NEWS_SEARCH_INDEX", folded)
    assert main(["index", str(seeds), "--rebuild", "--quiet"]) == 0
    assert main(["query", "tormenta", "--count"]) == 0
    monkeypatch.delenv("NEWS_SEARCH_INDEX")
    (tmp_path / "config" / "news-search").mkdir(parents=True)
    (tmp_path / "config" / "news-search" / "config.toml").write_text(f'index = "{folded}"\n')
    assert main(["index", "--quiet"]) == 0 and main(["query", "tormenta", "--count"]) == 0
    report = search.build_index(seeds, Path(location))
    assert report.documents == 43 and report.index_dir.startswith("postgresql://news@127.0.0.1:")
    with search.open_index(Path(location)) as engine:
        assert engine.stats().documents == 43
    assert search.recorded_seeds_dir(Path(location)) == str(seeds.resolve())
    capsys.readouterr()
    assert list(work.iterdir()) == []
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["config", "seeds", "work"]

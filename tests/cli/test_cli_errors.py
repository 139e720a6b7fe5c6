"""search-cli's words for each kind of engine error: the engine's line plus the search-cli command that fixes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import search
from search.backends.whoosh import store
from search.cli.errors import describe
from search.errors import DiskFull, WriterProcessDied

from cli_helpers import one_error_line

ARTICLE = "Quokka census\n\nRangers counted quokkas on the island.\n"


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "q.txt").write_text(ARTICLE, encoding="utf-8")
    index = tmp_path / "ix"
    search.build_index(seeds, index)
    return seeds, index


def error_line(result) -> str:
    assert result.code == 2, (result.out, result.err)
    return one_error_line(result.err)


def test_index_not_found_says_how_to_build_it(cli, tmp_path: Path) -> None:
    line = error_line(cli("stats", "--index", str(tmp_path / "none")))
    assert line.endswith(f"no index at '{tmp_path / 'none'}' yet; build it with: search-cli index --index {tmp_path / 'none'}")


def test_index_damaged_and_index_version_say_how_to_rebuild(cli, built) -> None:
    _, index = built
    generation = store.current_generation(index)
    meta = json.loads((generation.path / store.META).read_text())
    (generation.path / store.META).write_text(json.dumps({**meta, "schema_version": 0}))
    line = error_line(cli("query", "quokka", "--index", str(index)))
    assert "has schema version 0" in line and line.endswith(f"rebuild it with: search-cli index --rebuild --index {index}")
    (index / "CURRENT").write_text("gen-missing\n")
    line = error_line(cli("query", "quokka", "--index", str(index)))
    assert "is damaged" in line and line.endswith(f"rebuild it with: search-cli index --rebuild --index {index}")


def test_index_locked_names_the_wait_option(cli, built) -> None:
    seeds, index = built
    with store.writer_lock(index, 0):
        line = error_line(cli("index", str(seeds), "--index", str(index), "--wait", "0"))
    assert "is being written by another process; waited 0s" in line and "--wait SECONDS" in line


def test_invalid_dates_name_the_options(cli, built) -> None:
    _, index = built
    line = error_line(cli("query", "quokka", "--since", "2025-03", "--until", "2025-01", "--index", str(index)))
    assert line == "search-cli: error: --since 2025-03 is after --until 2025-01: swap them"
    line = error_line(cli("query", "quokka", "--since", "2025-13", "--index", str(index)))
    assert line.startswith("search-cli: error: --since '2025-13' is not a date")


def test_unknown_source_lists_the_stats_command(cli, built) -> None:
    _, index = built
    line = error_line(cli("query", "quokka", "--source", "zzzz", "--index", str(index)))
    assert line == f"search-cli: error: 'zzzz' is not a source in the index; list the sources with: search-cli stats --index {index}"


def test_article_not_found_says_how_to_find_ids(cli, built) -> None:
    _, index = built
    line = error_line(cli("show", "nope", "--index", str(index)))
    assert line.endswith(f"no article with id 'nope' in index '{index}'; find ids with: search-cli query TEXT --index {index}")


def test_seeds_not_found_and_seeds_folder_mismatch(cli, built, tmp_path: Path) -> None:
    seeds, index = built
    line = error_line(cli("index", str(tmp_path / "absent"), "--index", str(tmp_path / "ix2")))
    assert "does not exist: create it" in line and "search-cli index SEEDS_DIR" in line
    other = tmp_path / "other"
    other.mkdir()
    (other / "o.txt").write_text(ARTICLE, encoding="utf-8")
    line = error_line(cli("index", str(other), "--index", str(index)))
    assert line.endswith(f"run 'search-cli index {other} --rebuild --index {index}'"), line


def test_config_and_not_an_index_folder(cli, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "full"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "q.txt").write_text(ARTICLE, encoding="utf-8")
    line = error_line(cli("index", str(seeds), "--index", str(folder)))
    assert "is not an index folder" in line and line.endswith("choose an empty or new folder with --index")
    config = tmp_path / "config" / "news-search" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("colour = 'red'\n", encoding="utf-8")
    monkeypatch.delenv("NEWS_SEARCH_INDEX")  # the default index comes from the config file, then
    line = error_line(cli("stats"))
    assert "unknown setting 'colour'" in line and line.endswith("fix it or remove it (its settings: search-cli config)")


def test_build_failures_name_their_command() -> None:
    """The kinds a test cannot cause cheaply in-process (a full disk, a killed helper): the same wording path."""
    assert describe(WriterProcessDied(-9), "ix").endswith("retry with one writer process (search-cli index --procs 1 --index ix)")
    assert describe(DiskFull("/d", 2_000_000, 1000)).endswith("previous index was kept: free some space and run it again")


def test_no_engine_message_names_a_cli_command(built, tmp_path: Path) -> None:
    """The engine's own lines are neutral: the command line adds its commands, the app its keys."""
    seeds, index = built
    raised = []
    for call in (lambda: search.open_index(tmp_path / "none"),
                 lambda: search.open_index(index).search("x", since="2025-02", until="2025-01"),
                 lambda: search.open_index(index).article("nope"),
                 lambda: search.build_index(tmp_path / "absent", tmp_path / "ix3")):
        with pytest.raises(search.SearchError) as caught:
            call()
        raised.append(caught.value)
    for error in raised:
        assert "search-cli" not in str(error) and "--" not in str(error), str(error)
    assert [e.kind for e in raised] == ["index_not_found", "invalid_input", "article_not_found", "seeds_not_found"]
    assert (raised[1].argument, raised[1].value, raised[1].other, raised[1].other_value) == ("since", "2025-02", "until", "2025-01")

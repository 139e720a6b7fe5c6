"""search-cli index: summary line, incremental updates, skipped files, first-run build, new articles."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from unidecode import unidecode

from cli_helpers import (ANY_ESCAPE, IndexedSeeds, cli_env, copy_seeds, json_lines, one_error_line,
                         run_cli, run_in_terminal)

SUMMARY = re.compile(
    r"^(?:built|updated) (?P<index>.+) from (?P<seeds>.+): (?P<added>\d+) added, (?P<updated>\d+) updated, "
    r"(?P<removed>\d+) removed, (?P<unchanged>\d+) unchanged; (?P<skipped>\d+) files? skipped, "
    r"(?P<records>\d+) records? skipped, (?P<warnings>\d+) warnings?; "
    r"(?P<documents>\d+) documents in (?P<seconds>\d+\.\d+) s"
    r"(?:; vectors: (?P<embedded>\d+) embedded, (?P<kept>\d+) kept(?P<completed> \(the semantic layer was incomplete: "
    r"every file was read again\))?)?$"
)


def summary(stdout: str) -> dict[str, int]:
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout
    match = SUMMARY.match(lines[0])
    assert match, lines[0]
    return {key: int(value) if key != "completed" else bool(value) for key, value in match.groupdict().items()
            if key not in ("index", "seeds", "seconds") and (value is not None or key == "completed")}


def found_paths(seeds: IndexedSeeds, *query: str) -> set[str]:
    result = seeds.run("query", *query, "--json", "--limit", "100")
    assert result.returncode in (0, 1), result.stderr
    return {hit["path"] for hit in json_lines(result.stdout)}


def test_first_run_builds_then_reruns_change_nothing(fresh_seeds: IndexedSeeds) -> None:
    first = fresh_seeds.run("index", str(fresh_seeds.seeds))
    assert first.returncode == 0, first.stderr
    built = summary(first.stdout)
    seed_files = len(list(fresh_seeds.seeds.glob("*.txt")))
    assert built["added"] == seed_files
    assert built["documents"] >= seed_files
    assert (built["updated"], built["removed"], built["skipped"]) == (0, 0, 0)
    assert (built["embedded"], built["kept"]) == (built["documents"], 0)
    assert ANY_ESCAPE not in first.stdout + first.stderr

    again = summary(fresh_seeds.run("index", str(fresh_seeds.seeds)).stdout)
    assert (again["added"], again["updated"], again["removed"]) == (0, 0, 0)
    assert again["unchanged"] == seed_files
    assert again["documents"] == built["documents"]
    assert (again["embedded"], again["kept"]) == (0, built["documents"])

    rebuilt = fresh_seeds.run("index", str(fresh_seeds.seeds), "--rebuild")
    assert rebuilt.stdout.startswith("built ")
    counts = summary(rebuilt.stdout)
    assert counts["documents"] == built["documents"]
    assert (counts["embedded"], counts["kept"]) == (0, built["documents"])  # unchanged texts keep their vectors


def test_no_semantic_builds_no_vectors_and_the_next_run_completes_them(fresh_seeds: IndexedSeeds) -> None:
    lexical = fresh_seeds.run("index", str(fresh_seeds.seeds), "--no-semantic")
    assert lexical.returncode == 0, lexical.stderr
    counts = summary(lexical.stdout)
    assert "embedded" not in counts
    query = fresh_seeds.run("query", "deportation", "--json")
    assert "no semantic layer" in query.stderr
    completed = summary(fresh_seeds.run("index", str(fresh_seeds.seeds)).stdout)
    assert completed["completed"] and completed["embedded"] == counts["documents"]
    assert "no semantic layer" not in fresh_seeds.run("query", "deportation", "--json").stderr


def test_seeds_dir_defaults_to_news_search_seeds(fresh_seeds: IndexedSeeds) -> None:
    result = fresh_seeds.run("index")
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout)["added"] == len(list(fresh_seeds.seeds.glob("*.txt")))


def test_bad_files_are_skipped_one_line_each_and_the_run_goes_on(fresh_seeds: IndexedSeeds) -> None:
    good_files = len(list(fresh_seeds.seeds.glob("*.txt")))
    (fresh_seeds.seeds / "binary.txt").write_bytes(b"\x00\xff\xfe\x00" * 64)
    (fresh_seeds.seeds / "empty.txt").write_bytes(b"")
    result = fresh_seeds.run("index", str(fresh_seeds.seeds))
    assert result.returncode == 0, result.stderr
    counts = summary(result.stdout)
    assert counts["skipped"] == 2
    assert counts["added"] == good_files
    for name in ("binary.txt", "empty.txt"):
        lines = [line for line in result.stderr.splitlines() if name in line]
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"search-cli: skipped {name}: ")
        assert len(lines[0]) > len(f"search-cli: skipped {name}: ")
    assert found_paths(fresh_seeds, "mexico")


def test_missing_seeds_folder_is_one_error_line(fresh_seeds: IndexedSeeds) -> None:
    result = fresh_seeds.run("index", str(fresh_seeds.seeds / "nowhere"))
    assert result.returncode == 2
    assert "nowhere" in one_error_line(result.stderr)


def test_terminal_run_shows_progress_then_the_summary(fresh_seeds: IndexedSeeds) -> None:
    shown = run_in_terminal("index", str(fresh_seeds.seeds), "--index", str(fresh_seeds.index),
                            env=fresh_seeds.env)
    assert shown.returncode == 0, shown.output
    assert ANY_ESCAPE in shown.output, "a terminal gets a Rich progress bar"
    last_line = shown.output.replace("\r\n", "\n").rstrip("\n").rsplit("\n", 1)[-1]
    assert SUMMARY.match(re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", last_line).strip())


def test_first_query_builds_the_default_index_with_a_note(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    env = cli_env(tmp_path, NEWS_SEARCH_SEEDS=str(seeds), NEWS_SEARCH_INDEX=str(tmp_path / "ix"))
    first = run_cli("query", "México", env=env)
    assert first.returncode == 0, first.stderr
    assert re.search(r"^search-cli: no index at '.*ix' yet: building it from '.*seeds' first$", first.stderr, re.M)
    assert "1. " in first.stdout
    second = run_cli("query", "México", env=env)
    assert second.returncode == 0
    assert second.stderr == ""
    assert second.stdout.splitlines()[2:] == first.stdout.splitlines()[2:]


def test_no_index_and_no_seeds_is_one_error_line(tmp_path: Path) -> None:
    env = cli_env(tmp_path, NEWS_SEARCH_SEEDS=str(tmp_path / "no-seeds"))
    result = run_cli("query", "mexico", env=env)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert "no-seeds" in line and "search-cli index" in line


def test_explicit_missing_index_is_an_error_saying_how_to_build_it(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    for command in (["query", "mexico"], ["show", "abc"], ["stats"]):
        result = run_cli(*command, "--index", str(tmp_path / "none"), env=env)
        assert result.returncode == 2
        line = one_error_line(result.stderr)
        assert "search-cli index" in line and str(tmp_path / "none") in line


def _live_generation(index: Path) -> Path:
    return index / (index / "CURRENT").read_text(encoding="utf-8").strip()


def test_older_schema_is_an_error_saying_how_to_rebuild(fresh_seeds: IndexedSeeds) -> None:
    assert fresh_seeds.run("index", str(fresh_seeds.seeds)).returncode == 0
    meta_path = _live_generation(fresh_seeds.index) / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["schema_version"] -= 1
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    result = fresh_seeds.run("query", "mexico")
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert f"search-cli index --rebuild --index {fresh_seeds.index}" in line
    assert fresh_seeds.run("index", str(fresh_seeds.seeds), "--rebuild").returncode == 0
    assert fresh_seeds.run("query", "mexico").returncode == 0


def test_damaged_index_is_an_error_saying_how_to_rebuild(fresh_seeds: IndexedSeeds) -> None:
    assert fresh_seeds.run("index", str(fresh_seeds.seeds)).returncode == 0
    for item in _live_generation(fresh_seeds.index).iterdir():
        if item.name != "meta.json":
            item.write_bytes(item.read_bytes()[: len(item.read_bytes()) // 3])
    result = fresh_seeds.run("query", "mexico")
    assert result.returncode == 2
    assert "search-cli index --rebuild" in one_error_line(result.stderr)


# --- acceptance: an article written by someone else is found, then gone once deleted ----------

def _first_record(corpus: Path, lang: str) -> dict:
    """The first record with an accented (es) or plain (en) short headline and a body."""
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            title, body = record.get("title") or "", record.get("body") or ""
            words = re.findall(r"\w+", title)
            accented = unidecode(title) != title
            if body and 4 <= len(words) <= 12 and (accented if lang == "es" else not accented):
                return record
    pytest.skip(f"no suitable record in {corpus}")


@pytest.mark.corpora
@pytest.mark.parametrize("corpus_name, lang", [("congreso-es.jsonl", "es"), ("news-en-2017.jsonl", "en")])
def test_new_article_is_found_by_its_unaccented_headline_then_gone(
    fresh_seeds: IndexedSeeds, corpora: Path, corpus_name: str, lang: str
) -> None:
    record = _first_record(corpora / corpus_name, lang)
    assert fresh_seeds.run("index", str(fresh_seeds.seeds)).returncode == 0

    article = fresh_seeds.seeds / f"new-article-{lang}.txt"
    article.write_text(f"{record['title']}\n\n{record['body']}\n", encoding="utf-8")
    added = fresh_seeds.run("index", str(fresh_seeds.seeds))
    assert summary(added.stdout)["added"] == 1, added.stdout + added.stderr
    typed = " ".join(re.findall(r"\w+", unidecode(record["title"]).lower()))
    found = json_lines(fresh_seeds.run("query", typed, "--json", "--limit", "100").stdout)
    assert article.name in {hit["path"] for hit in found}
    mine = next(hit for hit in found if hit["path"] == article.name)
    assert re.findall(r"\w+", mine["title"]) == re.findall(r"\w+", record["title"])
    assert mine["lang"] == lang

    article.unlink()
    removed = fresh_seeds.run("index", str(fresh_seeds.seeds))
    assert summary(removed.stdout)["removed"] == 1
    assert article.name not in found_paths(fresh_seeds, typed)


@pytest.mark.slow
def test_ctrl_c_leaves_the_previous_index_intact(fresh_seeds: IndexedSeeds) -> None:
    assert fresh_seeds.run("index", str(fresh_seeds.seeds)).returncode == 0
    before = json_lines(fresh_seeds.run("stats", "--json").stdout)[0]["documents"]
    originals = sorted(fresh_seeds.seeds.glob("*.txt"))
    for n in range(300):  # enough work that the run is still going when Ctrl-C arrives
        text = originals[n % len(originals)].read_text(encoding="utf-8")
        (fresh_seeds.seeds / f"copy-{n:03d}.txt").write_text(f"Zyxwvut copy {n}\n\n{text}", encoding="utf-8")

    shown = run_in_terminal("index", str(fresh_seeds.seeds), "--index", str(fresh_seeds.index),
                            env=fresh_seeds.env, interrupt_on="\x1b[")
    if shown.returncode == 0:
        pytest.skip("the run finished before Ctrl-C arrived")
    assert shown.returncode == 130, shown.output
    assert "search-cli: interrupted: the index was left as it was before this run" in shown.output
    assert "Traceback" not in shown.output
    assert json_lines(fresh_seeds.run("stats", "--json").stdout)[0]["documents"] == before
    assert fresh_seeds.run("query", "zyxwvut").returncode == 1
    finished = fresh_seeds.run("index", str(fresh_seeds.seeds))
    assert summary(finished.stdout)["added"] == 300

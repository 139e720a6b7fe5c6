"""The two baselines index a seed folder, answer questions, take updates, and survive odd questions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import baseline_fts5, baseline_whoosh
from bench.baseline_fts5 import match_expression

RECORDS = [
    {"id": "mx", "lang": "es", "title": "México y El Salvador", "body": "Las deportaciones desde México crecieron."},
    {"id": "sb", "lang": "en", "title": "Super Bowl 50", "body": "The Panthers defense gave up just 308 points."},
    {"id": "bible", "lang": "en", "title": "KJV ot4", "body": "In the beginning God created the heaven."},
    {"id": "empty", "lang": "en", "title": "", "body": ""},
]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    with (folder / "some.jsonl").open("w", encoding="utf-8") as out:
        for record in RECORDS:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return folder


@pytest.mark.parametrize("module", [baseline_fts5, baseline_whoosh], ids=["fts5", "whoosh"])
def test_build_search_update(module, seeds: Path, tmp_path: Path):
    index = tmp_path / "index"
    assert module.build(seeds, index) == len(RECORDS)
    searcher = module.open_searcher(index)
    try:
        assert searcher.search("How many points did the Panthers defense give up?")[0] == "sb"
        assert searcher.search("¿Qué pasó con las deportaciones?", snippets=True)[0] == "mx"
        assert searcher.search("?!") == []
        assert searcher.search('AND OR NOT ( " * : NEAR') == []
    finally:
        searcher.close()
    edited = {**RECORDS[2], "body": "Zebras graze in the beginning."}
    assert module.update(index, seeds, [edited]) == 1
    searcher = module.open_searcher(index)
    try:
        assert searcher.search("zebras") == ["bible"]
        assert searcher.search("Panthers")[0] == "sb"
    finally:
        searcher.close()


def test_fts5_ignores_accents(seeds: Path, tmp_path: Path):
    baseline_fts5.build(seeds, tmp_path / "index")
    searcher = baseline_fts5.open_searcher(tmp_path / "index")
    try:
        assert searcher.search("mexico") == ["mx"]
    finally:
        searcher.close()


def test_plain_whoosh_does_not_ignore_accents(seeds: Path, tmp_path: Path):
    baseline_whoosh.build(seeds, tmp_path / "index")
    searcher = baseline_whoosh.open_searcher(tmp_path / "index")
    try:
        assert searcher.search("mexico") == []
        assert searcher.search("México") == ["mx"]
    finally:
        searcher.close()


def test_fts5_quotes_every_word():
    assert match_expression('¿Dónde "está" NEAR(x)?') == '"dónde" OR "está" OR "near" OR "x"'
    assert match_expression("¿?") is None


@pytest.mark.parametrize("setting, layer", [(None, True), ("0", False)])
def test_the_engine_s_semantic_layer_is_built_unless_the_bench_says_no(seeds: Path, tmp_path: Path,
                                                                       monkeypatch, setting, layer):
    """``python -m bench --no-semantic`` (the variable its child processes inherit) compares
    lexical builds and updates with the lexical baselines."""
    from bench import engine_adapter
    from search.backends.whoosh import store

    if setting is None:
        monkeypatch.delenv(engine_adapter.SEMANTIC_ENV, raising=False)
    else:
        monkeypatch.setenv(engine_adapter.SEMANTIC_ENV, setting)
    index = tmp_path / "index"
    assert engine_adapter.build(seeds, index) == 3
    assert (store.current_generation(index).path / "vectors.npy").exists() == layer
    (seeds / "more.jsonl").write_text(json.dumps({"id": "new", "lang": "en", "title": "New", "body": "News."}) + "\n")
    assert engine_adapter.update(index, seeds, []) == 1
    assert (store.current_generation(index).path / "vectors.npy").exists() == layer

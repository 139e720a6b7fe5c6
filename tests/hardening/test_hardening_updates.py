"""Incremental updates keep every count right: moved ids, changed documents, per-language figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import search


def _records(*pairs: tuple[str, str]) -> str:
    return "".join(json.dumps({"id": doc_id, "title": f"Title {doc_id}", "body": f"The {word} story.",
                               "lang": "en", "source": "Wire"}) + "\n" for doc_id, word in pairs)


def test_an_id_moving_to_an_earlier_file_survives_the_update(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.jsonl").write_text(_records(("p", "pelican")), encoding="utf-8")
    (seeds / "b.jsonl").write_text(_records(("z", "zebra")), encoding="utf-8")
    search.build_index(seeds, tmp_path / "index")
    (seeds / "a.jsonl").write_text(_records(("p", "pelican"), ("z", "zebra")), encoding="utf-8")
    (seeds / "b.jsonl").write_text(_records(("q", "quail")), encoding="utf-8")

    report = search.build_index(seeds, tmp_path / "index")

    assert report.documents == 3 and not report.rebuilt
    with search.open_index(tmp_path / "index") as engine:
        assert [hit.path for hit in engine.search("zebra", facets=False).hits] == ["a.jsonl"]
        assert engine.stats().documents == 3


def test_stats_per_language_and_source_count_only_live_documents(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.jsonl").write_text(_records(("p", "pelican"), ("z", "zebra")), encoding="utf-8")
    search.build_index(seeds, tmp_path / "index")
    (seeds / "a.jsonl").write_text(_records(("p", "pelican"), ("z", "zebras")), encoding="utf-8")
    search.build_index(seeds, tmp_path / "index")

    with search.open_index(tmp_path / "index") as engine:
        stats = engine.stats()

    assert stats.documents == 2
    assert stats.langs == {"en": 2}
    assert stats.sources == {"Wire": 2}

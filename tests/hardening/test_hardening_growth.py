"""Growth under updates: dead segments are dropped and partly dead ones merged, so many updates
leave an index about the size of a fresh build, answering exactly as a fresh build does."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index

import search
from bench.stress import _write_file, doc_id, write_version_a
from search.backends.whoosh import store
from search.backends.whoosh.merging import MAX_DEAD_FRACTION

FILES, PER_FILE, UPDATES = 8, 30, 24
QUERIES = ("quokka", "narwhal", "border asylum", "economia tormenta", "report")


def _segments(index: Path) -> list[tuple[int, int]]:
    """(documents including deleted, deleted) of each segment of the live generation."""
    ix = whoosh_index.open_dir(str(store.current_generation(index).path))
    try:
        return [(s.doc_count_all(), s.deleted_count()) for s in ix._segments()]
    finally:
        ix.close()


def _answers(index: Path) -> dict[str, list[str]]:
    with search.open_index(index) as engine:
        return {q: sorted(h.id for h in engine.search(q, limit=1000, snippets=0).hits) for q in QUERIES}


def test_many_updates_keep_the_index_as_small_and_exact_as_a_fresh_build(tmp_path: Path) -> None:
    seeds, index, fresh = tmp_path / "seeds", tmp_path / "index", tmp_path / "fresh"
    write_version_a(seeds, FILES, PER_FILE)
    search.build_index(seeds, index)
    for n in range(UPDATES):
        # One file rewritten per update, alternately in version B and back in A.
        _write_file(seeds / f"part-{n % FILES:03d}.jsonl", "AB"[(n // FILES + 1) % 2], n % FILES, PER_FILE)
        report = search.build_index(seeds, index)
        assert report.updated == 1 and report.documents == FILES * PER_FILE

    segments = _segments(index)
    assert all(deleted < count for count, deleted in segments), f"a segment of deleted documents stayed: {segments}"
    assert all(deleted <= MAX_DEAD_FRACTION * count for count, deleted in segments), segments
    assert len(segments) <= 4, segments
    slots = sum(count for count, _ in segments)
    assert slots <= 1.1 * FILES * PER_FILE, segments

    search.build_index(seeds, fresh, rebuild=True)
    updated_size = store.disk_size(store.current_generation(index).path)
    fresh_size = store.disk_size(store.current_generation(fresh).path)
    assert updated_size <= 1.25 * fresh_size, (updated_size, fresh_size)
    assert _answers(index) == _answers(fresh)


def test_merged_documents_read_back_whole(tmp_path: Path) -> None:
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    write_version_a(seeds, 4, 20)
    search.build_index(seeds, index)
    with search.open_index(index) as engine:
        before = engine.article(doc_id("A", 3, 5), query="quokka")
    for n in range(6):  # enough updates of the other files for part-003's segment to be merged
        _write_file(seeds / f"part-{n % 3:03d}.jsonl", "AB"[(n // 3 + 1) % 2], n % 3, 20)
        search.build_index(seeds, index)
    assert len(_segments(index)) < 6
    with search.open_index(index) as engine:
        after = engine.article(doc_id("A", 3, 5), query="quokka")
        assert engine.stats().documents == 80
    assert after == before


def test_a_segment_with_many_deletions_is_rewritten_without_them(tmp_path: Path) -> None:
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    write_version_a(seeds, 10, 20)
    search.build_index(seeds, index)
    (seeds / "part-009.jsonl").unlink()  # 10% of the documents deleted, nothing added

    assert search.build_index(seeds, index).removed == 1

    assert _segments(index) == [(180, 0)]
    with search.open_index(index) as engine:
        assert engine.search("quokka").total == 180

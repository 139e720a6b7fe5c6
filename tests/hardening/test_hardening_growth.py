"""Growth under updates: dead segments are dropped and partly dead ones merged, so many updates
leave an index about the size of a fresh build, answering exactly as a fresh build does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from whoosh import index as whoosh_index

import search
from bench.stress import _write_file, doc_id, write_version_a
from search.backends.whoosh import merging, store

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
    assert all(deleted <= merging.EXPUNGE_FRACTION * count for count, deleted in segments), segments
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


def _segment_ids(index: Path) -> dict[str, tuple[int, int]]:
    """Segment id → (documents including deleted, deleted) of the live generation."""
    ix = whoosh_index.open_dir(str(store.current_generation(index).path))
    try:
        return {s.segment_id(): (s.doc_count_all(), s.deleted_count()) for s in ix._segments()}
    finally:
        ix.close()


def _edit(path: Path, records: range) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for n in records:
        record = json.loads(lines[n])
        record["body"] += " An edited sentence."
        lines[n] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_build_writes_bounded_segments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merging, "MAX_SEGMENT_DOCS", 50)
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    write_version_a(seeds, 4, 60)

    search.build_index(seeds, index, procs=1)

    assert sorted(_segment_ids(index).values()) == [(40, 0), (50, 0), (50, 0), (50, 0), (50, 0)]
    with search.open_index(index) as engine:
        assert engine.search("quokka", limit=1).total == 240


def test_a_small_update_rewrites_no_large_segment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merging, "MAX_SEGMENT_DOCS", 50)
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    write_version_a(seeds, 4, 50)
    search.build_index(seeds, index, procs=1)
    before = _segment_ids(index)

    _edit(seeds / "part-002.jsonl", range(3))  # 3 of 200 documents, 6% of one segment (under the 8% bound)

    assert search.build_index(seeds, index).updated == 1
    after = _segment_ids(index)
    assert set(before) <= set(after), "a large segment was rewritten for a small update"
    assert sorted(count for sid, count in after.items() if sid not in before) == [(3, 0)]
    assert sorted(deleted for _count, deleted in after.values()) == [0, 0, 0, 0, 3]


def test_a_segment_with_many_deletions_is_rewritten_without_them(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merging, "MAX_SEGMENT_DOCS", 50)
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    write_version_a(seeds, 4, 50)
    search.build_index(seeds, index, procs=1)
    before = _segment_ids(index)
    _edit(seeds / "part-001.jsonl", range(3))
    search.build_index(seeds, index)
    _edit(seeds / "part-001.jsonl", range(3, 10))  # now 10 of its 50 deleted: 20%, over the bound

    assert search.build_index(seeds, index).updated == 1

    after = _segment_ids(index)
    kept = set(before) & set(after)
    assert len(kept) == 3, "only the segment past the bound is rewritten"
    assert all(after[sid] == (50, 0) for sid in kept)
    assert sorted(count for sid, count in after.items() if sid not in before) == [(50, 0)]
    with search.open_index(index) as engine:
        assert engine.search("quokka", limit=1).total == 200
        assert engine.search('"edited sentence"', limit=1).total == 10


def test_a_file_removed_expunges_its_segment(tmp_path: Path) -> None:
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    write_version_a(seeds, 10, 20)
    search.build_index(seeds, index)
    for n in (7, 8, 9):
        (seeds / f"part-{n:03d}.jsonl").unlink()  # 30% of the documents deleted, nothing added

    assert search.build_index(seeds, index).removed == 3

    assert list(_segment_ids(index).values()) == [(140, 0)]
    with search.open_index(index) as engine:
        assert engine.search("quokka").total == 140

"""The merge policy's choice: dead segments expunged one at a time and alone, small ones merged, none past the cap."""

from __future__ import annotations

from search.backends.whoosh.merging import EXPUNGE_FRACTION, MAX_SEGMENT_DOCS, SIZE_RATIO, Merges, choose_merges


def test_a_small_update_leaves_large_segments_alone():
    assert choose_merges(100, [(MAX_SEGMENT_DOCS - 50, 50), (MAX_SEGMENT_DOCS, 0)]) == Merges(None, set())


def test_only_the_most_deleted_segment_past_the_bound_is_expunged():
    share = EXPUNGE_FRACTION + 0.01
    size = MAX_SEGMENT_DOCS * 3 // 4  # two of them would pass the cap
    a = (int(size * (1 - share)), int(size * share))
    b = (int(size * (1 - share - 0.02)), int(size * (share + 0.02)))
    assert choose_merges(0, [a, b, (size, 0)]) == Merges(1, set())


def test_small_segments_join_by_size_ratio_up_to_the_cap():
    assert choose_merges(100, [(SIZE_RATIO * 100, 0), (5 * SIZE_RATIO * 100, 0), (30_000, 0)]).joined == {0, 1}
    almost_full = MAX_SEGMENT_DOCS - 10
    assert choose_merges(almost_full, [(20, 0)]) == Merges(None, set())


def test_a_segment_without_live_documents_is_never_merged():
    assert choose_merges(100, [(0, 400)]) == Merges(None, set())


def test_an_expunged_segment_is_rewritten_alone_and_the_small_ones_join_the_new_documents():
    share = EXPUNGE_FRACTION + 0.05
    dead = (int(10_000 * (1 - share)), int(10_000 * share))
    chosen = choose_merges(100, [dead, (300, 0), (MAX_SEGMENT_DOCS, 0)])
    assert chosen == Merges(0, {1})
    # an update with nothing new still expunges; no small segment joins nothing
    assert choose_merges(0, [dead, (300, 0)]) == Merges(0, set())


def test_an_update_rewrites_an_expunged_segment_without_mixing_in_its_edits(tmp_path, monkeypatch):
    import json

    from whoosh import index as whoosh_index
    from whoosh.reading import SegmentReader

    import search
    from bench.stress import write_version_a
    from search.backends.whoosh import merging, store

    def segment_files(index):
        """The seed files of each segment's live documents."""
        ix = whoosh_index.open_dir(str(store.current_generation(index).path))
        try:
            out = []
            for segment in ix._segments():
                reader = SegmentReader(ix.storage, ix.schema, segment)
                out.append(sorted({stored["path"] for _n, stored in reader.iter_docs()}))
                reader.close()
            return sorted(out)
        finally:
            ix.close()

    def edit(path, count):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n in range(count):
            record = json.loads(lines[n])
            record["body"] += " An edited sentence."
            lines[n] = json.dumps(record)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    monkeypatch.setattr(merging, "MAX_SEGMENT_DOCS", 100)
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    write_version_a(seeds, 4, 50)
    search.build_index(seeds, index, procs=1, semantic=False)
    files = [f"part-{n:03d}.jsonl" for n in range(4)]
    assert segment_files(index) == [files[:2], files[2:]]
    edit(seeds / files[3], 15)  # 15% of the second segment: it is expunged
    edit(seeds / files[0], 2)
    search.build_index(seeds, index, procs=1, semantic=False)
    # the expunged segment still holds its own files only; the edits are a segment of their own
    found = segment_files(index)
    assert found == sorted([[files[0], files[3]], files[:2], files[2:]]), found
    with search.open_index(index) as engine:
        assert engine.search('"edited sentence"', limit=1).total == 17
        assert engine.stats().documents == 200

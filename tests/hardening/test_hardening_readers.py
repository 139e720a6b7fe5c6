"""Readers during writes: 4 processes query while a rebuild and an incremental update run."""

from __future__ import annotations

from pathlib import Path

from bench.stress import readers_during_writes


def test_four_readers_see_only_complete_versions_while_the_index_is_rewritten(tmp_path: Path) -> None:
    tally = readers_during_writes(tmp_path, readers=4, writes=2, files=8, per_file=100)

    assert tally["writes"] == [0, 0], "the rebuild or the update failed"
    assert tally["reader_exit_codes"] == [0, 0, 0, 0]
    assert tally["errors"] == 0, tally["messages"]
    # Answers from both versions: the readers really were reading while the swaps happened.
    assert tally["A"] > 0 and tally["B"] > 0, tally


def test_a_reader_whose_generation_was_retired_reads_the_new_one(tmp_path: Path) -> None:
    import search
    from bench.stress import doc_id, write_version_a, write_version_b

    seeds, index = tmp_path / "seeds", tmp_path / "index"
    versions = write_version_a(seeds, files=3, per_file=20)
    search.build_index(seeds, index)
    with search.open_index(index) as engine:
        write_version_b(seeds, files=3, per_file=20)
        for _ in range(2):  # two swaps: the engine's generation is retired and removed
            search.build_index(seeds, index, rebuild=True)

        stats = engine.stats()

        assert stats.documents == versions.b[2]
        assert stats.size_bytes > 0
        assert engine.sources() == ["Wire 0", "Wire 1", "Wire 2"]
        assert engine.article(doc_id("B", 3, 0)).title == "Report 3 0 on the narwhal"

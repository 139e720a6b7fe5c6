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

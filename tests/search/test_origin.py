"""``recorded_seeds_dir``: the folder an index was built from, read even when the index is damaged."""

from __future__ import annotations

from pathlib import Path

import search


def test_the_folder_an_index_was_built_from(seeds_copy: Path, tmp_path: Path):
    index = tmp_path / "index"
    search.build_index(seeds_copy, index, procs=1)
    assert search.recorded_seeds_dir(index) == str(seeds_copy.resolve())


def test_a_damaged_index_still_says_where_it_came_from(seeds_copy: Path, tmp_path: Path):
    index = tmp_path / "index"
    search.build_index(seeds_copy, index, procs=1)
    (index / "CURRENT").write_text("gen-missing\n", encoding="utf-8")
    assert search.recorded_seeds_dir(index) == str(seeds_copy.resolve())
    for meta in index.glob("gen-*/meta.json"):
        meta.write_text("[1, 2", encoding="utf-8")  # unreadable too: nothing to go by
    assert search.recorded_seeds_dir(index) is None


def test_no_index_no_folder(tmp_path: Path):
    assert search.recorded_seeds_dir(tmp_path / "nothing") is None

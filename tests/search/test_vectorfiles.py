"""The semantic layer's files in a generation folder: written and read back exactly, in this
format and in the one earlier generations have."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from search.backends.whoosh import vectorfiles
from search.semantic.encoder import DIM
from search.semantic.vectors import Vectors


def sample(ids: list[str]) -> Vectors:
    rng = np.random.default_rng(3)
    n = len(ids)
    return Vectors(ids, [f"{k:024x}" for k in range(n)], ["en" if k % 3 else "es" for k in range(n)],
                   rng.integers(-127, 128, size=(n, DIM), dtype=np.int8),
                   rng.random(n, dtype=np.float32) / 100)


def same(a: Vectors, b: Vectors) -> bool:
    return (a.ids == b.ids and a.hashes == b.hashes and a.langs == b.langs and a.model == b.model
            and np.array_equal(a.matrix, b.matrix) and np.array_equal(a.scales, b.scales)
            and b.scales.dtype == np.float32)


@pytest.mark.parametrize("ids", [
    ["wire.jsonl/a#en", "wire.jsonl/b#es", "notes/día 1.md#es"],
    ["one.txt#en"],
    ["odd\nname.txt#en", "wire.jsonl/b#es"],  # a line break in a file name: the record keeps lists
    [],
])
def test_vectors_are_read_back_as_written(tmp_path: Path, ids: list[str]):
    written = sample(ids)
    vectorfiles.save(tmp_path, written)
    assert same(written, vectorfiles.load(tmp_path))


def test_each_column_is_one_string_in_the_record(tmp_path: Path):
    vectorfiles.save(tmp_path, sample([f"wire.jsonl/r{k}#en" for k in range(50)]))
    record = json.loads((tmp_path / vectorfiles.RECORD).read_text(encoding="utf-8"))
    assert all(isinstance(record[key], str) for key in ("ids", "hashes", "langs", "scales"))


def test_an_earlier_generation_s_record_of_lists_is_read_alike(tmp_path: Path):
    written = sample(["wire.jsonl/a#en", "wire.jsonl/b#es", "wire.jsonl/c#en"])
    vectorfiles.save(tmp_path, written)
    record = {"model": written.model, "ids": written.ids, "hashes": written.hashes, "langs": written.langs,
              "scales": [float(s) for s in written.scales]}
    (tmp_path / vectorfiles.RECORD).write_text(json.dumps(record), encoding="utf-8")
    assert same(written, vectorfiles.load(tmp_path))


@pytest.mark.parametrize("damage", [
    lambda r: r.update(scales="not base64!"),
    lambda r: r.update(scales=r["scales"][:8]),  # fewer rows than the matrix
    lambda r: r.update(ids="only one"),
    lambda r: r.pop("hashes"),
])
def test_a_damaged_record_means_no_vectors(tmp_path: Path, damage):
    vectorfiles.save(tmp_path, sample(["wire.jsonl/a#en", "wire.jsonl/b#es", "wire.jsonl/c#en"]))
    record = json.loads((tmp_path / vectorfiles.RECORD).read_text(encoding="utf-8"))
    damage(record)
    (tmp_path / vectorfiles.RECORD).write_text(json.dumps(record), encoding="utf-8")
    assert vectorfiles.load(tmp_path) is None

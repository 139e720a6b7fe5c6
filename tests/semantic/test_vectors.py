"""Vector sets: int8 quantisation, nearest neighbours per language, coverage of a state's documents."""

from __future__ import annotations

import numpy as np

from search.semantic.encoder import DIM
from search.semantic.vectors import Vectors, assemble, consistent, covers, quantised


def unit(rows: int, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(rows, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def vector_set(vectors: np.ndarray, langs: list[str]) -> Vectors:
    matrix, scales = quantised(vectors)
    return assemble((f"d{n}", f"h{n}", lang, matrix[n], scales[n]) for n, lang in enumerate(langs))


def test_quantised_similarities_match_the_float_ones():
    vectors = unit(50)
    query = unit(1, seed=1)[0]
    found = vector_set(vectors, ["en"] * 50).similarities(query)
    assert np.abs(found - vectors @ query).max() < 0.01


def test_nearest_keeps_to_the_language_orders_by_similarity_and_honours_the_minimum():
    vectors = unit(6)
    query = vectors[4] * 0.8 + vectors[1] * 0.6
    query /= np.linalg.norm(query)
    found = vector_set(vectors, ["en", "es", "en", "es", "es", "en"])
    near = found.nearest(query, "es", 2, 0.0)
    assert [doc_id for doc_id, _cos in near] == ["d4", "d1"]
    assert near[0][1] > near[1][1]
    assert [doc_id for doc_id, _cos in found.nearest(query, "es", 10, 0.5)] == ["d4", "d1"][: sum(
        1 for _i, cos in found.nearest(query, "es", 10, 0.0) if cos >= 0.5)]
    assert all(doc_id in {"d0", "d2", "d5"} for doc_id, _cos in found.nearest(query, "en", 10, -1.0))
    assert found.nearest(query, "fr", 10, 0.0) == []


def test_similarity_of_named_documents_is_each_one_s_cosine_and_skips_those_without_a_row():
    vectors = unit(20)
    query = unit(1, seed=2)[0]
    found = vector_set(vectors, ["en", "es"] * 10).similarity_of(query, ["d7", "missing", "d2"])
    assert list(found) == ["d7", "d2"]
    assert abs(found["d7"] - float(vectors[7] @ query)) < 0.01 and abs(found["d2"] - float(vectors[2] @ query)) < 0.01
    assert vector_set(vectors, ["en"] * 20).similarity_of(query, ["missing"]) == {}


def test_more_rows_than_one_chunk_are_all_compared(monkeypatch):
    from search.semantic import vectors as module

    monkeypatch.setattr(module, "CHUNK_ROWS", 7)
    vectors = unit(30)
    found = vector_set(vectors, ["en"] * 30)
    assert found.nearest(vectors[29], "en", 1, 0.0)[0][0] == "d29"
    assert np.abs(found.similarities(vectors[3]) - vectors @ vectors[3]).max() < 0.01
    some = np.array([29, 2, 17, 3, 8, 11, 0, 25, 9])  # more than one chunk, out of order
    assert np.abs(found.similarities(vectors[3], some) - vectors[some] @ vectors[3]).max() < 0.01


def test_covers_and_consistent():
    found = vector_set(unit(3), ["en", "es", "en"])
    assert consistent(found)
    assert covers(found, ["d0", "d2"]) and not covers(found, ["d0", "d9"])
    assert covers(None, []) and not covers(None, ["d0"])
    broken = Vectors(found.ids, found.hashes[:2], found.langs, found.matrix, found.scales)
    assert not consistent(broken)
    assert not consistent(Vectors(found.ids, found.hashes, found.langs, found.matrix, found.scales, model="other"))

"""A set of article vectors: quantised to int8 with one scale per row (a quarter of float32's
memory; the cosine ranking is unchanged to the third decimal), and nearest-neighbour search."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from search.semantic.encoder import DIM, MODEL

CHUNK_ROWS = 1024
"""Rows turned to float32 at a time: a scratch buffer that stays in the cache (2 MB) at any archive size."""


@dataclass
class Vectors:
    """Row i is the vector of document ``ids[i]`` (language ``langs[i]``), made from text whose
    content hash is ``hashes[i]``."""

    ids: list[str]
    hashes: list[str]
    langs: list[str]
    matrix: Any
    """int8 array (n, DIM); may be a read-only memory map."""
    scales: Any
    """float32 array (n,): row i's vector is matrix[i] * scales[i]."""
    model: str = MODEL
    _rows: dict[str, int] | None = field(default=None, repr=False)
    _lang_rows: dict[str, Any] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def row_of(self, doc_id: str) -> int | None:
        if self._rows is None:
            self._rows = {doc_id: n for n, doc_id in enumerate(self.ids)}
        return self._rows.get(doc_id)

    def by_hash(self) -> dict[str, int]:
        """Content hash → a row holding that content's vector."""
        return {digest: n for n, digest in enumerate(self.hashes)}

    def nearest(self, query: Any, lang: str, k: int, min_similarity: float) -> list[tuple[str, float]]:
        """Up to ``k`` (id, cosine) of language ``lang``, most similar first, at least ``min_similarity``."""
        rows = self._lang_rows.get(lang)
        if rows is None:
            rows = self._lang_rows[lang] = np.flatnonzero(np.asarray(self.langs) == lang)
        if not len(rows) or k <= 0:
            return []
        sims = self.similarities(query, rows)
        k = min(k, len(rows))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top], kind="stable")]
        return [(self.ids[rows[i]], float(sims[i])) for i in top if sims[i] >= min_similarity]

    def similarity_of(self, query: Any, doc_ids: Iterable[str]) -> dict[str, float]:
        """Cosine of the normalised vector ``query`` with each of ``doc_ids`` that has a row."""
        found = [(doc_id, row) for doc_id in doc_ids if (row := self.row_of(doc_id)) is not None]
        if not found:
            return {}
        sims = self.similarities(query, np.fromiter((row for _id, row in found), dtype=np.int64, count=len(found)))
        return {doc_id: float(sim) for (doc_id, _row), sim in zip(found, sims)}

    def similarities(self, query: Any, rows: Any = None) -> Any:
        """Cosine of every row (or of the ``rows`` given, an index array) with the normalised vector ``query``."""
        query = np.asarray(query, dtype=np.float32)
        count = len(self.ids) if rows is None else len(rows)
        out = np.empty(count, dtype=np.float32)
        block = np.empty((CHUNK_ROWS, DIM), dtype=np.float32)
        with one_blas_thread():  # BLAS threads fighting over 2 busy cores made this 3x slower
            for start in range(0, count, CHUNK_ROWS):
                part = (self.matrix[start: start + CHUNK_ROWS] if rows is None
                        else self.matrix[rows[start: start + CHUNK_ROWS]])
                np.copyto(block[: len(part)], part)
                np.matmul(block[: len(part)], query, out=out[start: start + len(part)])
        out *= self.scales if rows is None else self.scales[rows]
        return out


def one_blas_thread() -> Any:
    """A context in which numpy's BLAS runs on one thread (threadpoolctl; nothing without it)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def quantised(vectors: Any) -> tuple[Any, Any]:
    """(int8 rows, float32 scales) of float vectors."""
    vectors = np.asarray(vectors, dtype=np.float32)
    peak = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, dtype=np.float32)
    scales = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    matrix = np.rint(vectors / scales[:, None]).astype(np.int8)
    return matrix, scales


def assemble(rows: Iterable[tuple[str, str, str, Any, float]]) -> Vectors:
    """A set from (id, hash, lang, int8 row, scale) tuples, in that order."""
    ids, hashes, langs, matrix, scales = [], [], [], [], []
    for doc_id, digest, lang, row, scale in rows:
        ids.append(doc_id)
        hashes.append(digest)
        langs.append(lang)
        matrix.append(row)
        scales.append(scale)
    return Vectors(
        ids, hashes, langs,
        np.asarray(matrix, dtype=np.int8).reshape(len(ids), DIM),
        np.asarray(scales, dtype=np.float32),
    )


def consistent(vectors: Vectors) -> bool:
    """The parts agree in length and shape, and the model is this one's."""
    n = len(vectors.ids)
    return (vectors.model == MODEL and len(vectors.hashes) == n and len(vectors.langs) == n
            and tuple(vectors.matrix.shape) == (n, DIM) and tuple(vectors.scales.shape) == (n,))


def covers(vectors: Vectors | None, ids: Sequence[str]) -> bool:
    """Every document of ``ids`` has its vector in ``vectors``."""
    if vectors is None:
        return not ids
    return all(vectors.row_of(doc_id) is not None for doc_id in ids)

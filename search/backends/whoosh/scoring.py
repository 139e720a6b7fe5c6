"""Ranking: BM25F with the Robertson–Spärck Jones idf, which separates rare words from common ones."""

from __future__ import annotations

from math import log
from typing import Any

from whoosh.scoring import BM25F

B = 0.3
K1 = 0.9
"""Tuned on XQuAD among 68,000 distractors (bench/): a lower B stops one-line documents
(verses, section titles) from winning on length alone."""


class NewsBM25F(BM25F):
    """Whoosh's BM25F, but with ``log(1 + (N - df + 0.5) / (df + 0.5))`` as idf.

    Whoosh's default ``log(N / (df + 1)) + 1`` adds a constant that flattens the gap between a
    rare name and a common word, so short documents full of common words (a Bible verse, a
    one-line section title) outrank the paragraph that holds the rare words of a question.
    """

    def idf(self, searcher: Any, fieldname: str, text: str) -> float:
        parent = searcher.get_parent()
        df = parent.doc_frequency(fieldname, text)
        n = parent.doc_count_all()
        return log(1 + (n - df + 0.5) / (df + 0.5))


def weighting() -> NewsBM25F:
    return NewsBM25F(B=B, K1=K1)

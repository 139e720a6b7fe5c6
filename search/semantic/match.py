"""A query's semantic neighbours joined to its lexical tree in a language other than the query's:
the articles there most similar to the query are matches of their own, and score higher when its
words (or their translation) match them too; similarity is put on the lexical scale so the two fuse
in one ranking.

The query's own language keeps exactly the matches of its words and their order (what a search
tool is trusted for, and a one-word query's vector is too blunt to reorder them: it put a two-word
filler record above the article); across the language border, meaning is what a word match cannot
give."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from search.query import tree as t
from search.semantic import encoder

NEIGHBOURS = 30
"""Most similar articles per language considered for each query."""
WINDOW = 30
"""Best lexical matches per language whose similarity counts too (100 or 200 gained nothing more
in the replay below)."""
MIN_SIMILARITY = 0.30
"""Cosine an article the query's words do not match needs to count as a match. On XQuAD the best
paragraph of a nonsense query ("asdf qwerty", "zzzz") reaches 0.08-0.17, the relevant paragraph
0.36-0.42 (median) across languages; a lexical match among the neighbours needs no minimum."""
SHARE = 0.5
"""Weight of similarity against the lexical score, each normalised by its best in the language:
on XQuAD's 1,190 questions (both ways) 0.5 gave the best cross-language MRR@10 (0.4: 0.915/0.915,
0.5: 0.924/0.918, an offline sweep over the engine's lexical windows)."""
MAX_CACHED = 256
"""Query vectors remembered: search as you type asks for the same texts again."""

_cache: OrderedDict[str, Any] = OrderedDict()
_lock = threading.Lock()


def query_vector(text: str) -> Any | None:
    """The query's vector, or None when the encoder cannot be loaded."""
    key = " ".join(text.split())
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    try:
        vector = encoder.encode([key])[0]
    except encoder.Unavailable:
        return None
    with _lock:
        _cache[key] = vector
        while len(_cache) > MAX_CACHED:
            _cache.popitem(last=False)
    return vector


def neighbours(near: Iterable[tuple[str, float]], lexical: dict[str, float]) -> list[tuple[str, float]]:
    """The articles whose similarity counts: the neighbours similar enough (new matches, or more
    score for a lexical one) and every article of the lexical window (its similarity to the query,
    ``lexical``, id → cosine), however far it is from the nearest: at 68,720 documents the answer
    is often lexically near the top but not among the NEIGHBOURS most similar of 34,000 articles.
    Reranking the window by meaning too raised the filtered MRR@10 from 0.854/0.818 to
    0.882/0.855 (en→es/es→en, an offline replay of the engine's windows; 0.3 min. similarity)."""
    kept = {doc_id: cos for doc_id, cos in near if cos >= MIN_SIMILARITY}
    kept.update(lexical)
    return [(doc_id, cos) for doc_id, cos in kept.items() if cos > 0]


def with_neighbours(tree: t.Node, kept: list[tuple[str, float]], best_lexical: float) -> t.Node:
    """``tree`` or one of the neighbours, each scoring its similarity scaled so that the most similar
    is worth SHARE/(1-SHARE) of the best lexical score (the lexical and semantic parts add up)."""
    if not kept:
        return tree
    best = max(cos for _id, cos in kept)
    scale = (SHARE / (1 - SHARE)) * best_lexical / best if best_lexical > 0 else 1.0 / best
    near = t.Or(tuple(t.Term("id", doc_id, round(cos * scale, 6)) for doc_id, cos in kept))
    return near if t.is_nothing(tree) else t.Or((tree, near))

"""Term-list helpers every backend shares: range expansion and the work budget's choice of terms."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, TypeVar

from search.query import tree as t

K = TypeVar("K", bound=Hashable)


def range_terms(reader: Any, q: t.Range, limit: int) -> list[str]:
    """Up to ``limit`` terms of ``[start TO end]`` in term order, from any reader whose
    ``terms_from(field, start)`` yields (field, term) in order."""
    start, end = q.start or "", q.end
    terms: list[str] = []
    for name, btext in reader.terms_from(q.field, start):
        word = btext.decode("utf-8") if isinstance(btext, bytes) else btext
        if name != q.field or (end is not None and (word > end or (q.end_excl and word == end))):
            break
        if q.start_excl and word == start:
            continue
        terms.append(word)
        if len(terms) >= limit:
            break
    return terms


def left_out(sizes: dict[K, int], budget: int) -> set[K]:
    """The terms to leave out, the most common first, so that the postings of the others fit
    ``budget`` (``sizes``: postings per term); none when they all fit."""
    total = sum(sizes.values())
    dropped: set[K] = set()
    for key in sorted(sizes, key=lambda k: (-sizes[k], k)):
        if total <= budget:
            break
        dropped.add(key)
        total -= sizes[key]
    return dropped

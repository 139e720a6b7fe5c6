"""Exact BM25F scores of every match of a flat disjunction of terms, computed term by term."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import FilterMatcher
from whoosh.scoring import BM25FScorer
from whoosh.util.numeric import byte_to_length

# Whoosh answers an Or of many terms with a tree of union matchers that it re-plans every few
# documents (block-max pruning); for a 10-word question (about 50 terms) that bookkeeping costs far
# more than reading the postings. Reading each posting list once and summing per document gives
# the same scores (same formula, same float operations) and, for free, the exact set of matches.


def flat_terms(q: wq.Query) -> list[tuple[str, str, float]] | None:
    """``(field, text, boost)`` of each term when ``q`` is a Term or a plain Or of Terms, else None."""
    if type(q) is wq.Term:
        return [(q.fieldname, q.text, q.boost)]
    if type(q) is not wq.Or or q.scale or q.minmatch or q.boost != 1.0:
        return None
    if not all(type(sub) is wq.Term for sub in q.subqueries):
        return None
    return [(sub.fieldname, sub.text, sub.boost) for sub in q.subqueries]


class TermScorer:
    """Scores flat disjunctions on one searcher; caches per-field length data (one per searcher)."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self._lengths: dict[tuple[int, str], bytes] = {}
        self._norms: dict[tuple[str, float, float, float], list[float]] = {}

    def scores(self, q: wq.Query) -> dict[int, float] | None:
        """Score of every live document ``q`` matches, by global document number; None when ``q``
        is not a flat disjunction of terms or the index is not the layout this reads."""
        terms = flat_terms(q)
        if terms is None:
            return None
        totals: dict[int, float] = {}
        for index, (subsearcher, offset) in enumerate(self.searcher.leaf_searchers()):
            reader = subsearcher.reader()
            schema = subsearcher.schema
            for fieldname, text, boost in terms:
                if fieldname not in schema:
                    continue
                try:
                    btext = schema[fieldname].to_bytes(text)
                except ValueError:
                    continue
                if (fieldname, btext) not in reader:
                    continue
                if not self._add_term(totals, subsearcher, reader, index, offset, fieldname, btext, boost):
                    return None
        return totals

    def _add_term(self, totals: dict[int, float], subsearcher: Any, reader: Any, index: int, offset: int,
                  fieldname: str, btext: bytes, boost: float) -> bool:
        scorer = subsearcher.weighting.scorer(subsearcher, fieldname, btext)
        if not isinstance(scorer, BM25FScorer) or type(scorer)._score is not BM25FScorer._score:
            return False
        matcher = reader.postings(fieldname, btext, scorer=scorer)
        deleted: frozenset[int] = frozenset()
        if isinstance(matcher, FilterMatcher):
            deleted, matcher = reader.deleted_docs_set, matcher.child
        lengths = self._length_bytes(reader, index, fieldname)
        if not isinstance(matcher, W3LeafMatcher) or lengths is None:
            return False
        norm = self._norm_table(fieldname, scorer)
        idf, k1_plus_1 = scorer.idf, scorer.K1 + 1
        get = totals.get
        # Same operations, in the same order, as whoosh.scoring.bm25 times the Term's boost.
        for ids, weights in _blocks(matcher):
            for docnum, tf in zip(ids, weights):
                if deleted and docnum in deleted:
                    continue
                score = idf * ((tf * k1_plus_1) / (tf + norm[lengths[docnum]]))
                if boost != 1.0:
                    score *= boost
                docnum += offset
                totals[docnum] = get(docnum, 0.0) + score
        return True

    def _length_bytes(self, reader: Any, index: int, fieldname: str) -> bytes | None:
        """The field-length byte of every document of one segment, read in one go."""
        key = (index, fieldname)
        if key not in self._lengths:
            try:
                column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
                data = column._dbfile.get(column._basepos, column._count * column._fixedlen)
            except (AttributeError, TypeError):
                return None
            if column._fixedlen != 1:
                return None
            # Documents past the column's end have no length byte: 0, as Whoosh reads them.
            self._lengths[key] = data + bytes(max(0, reader.doc_count_all() - len(data)))
        return self._lengths[key]

    def _norm_table(self, fieldname: str, scorer: BM25FScorer) -> list[float]:
        """``K1 * ((1 - B) + B * fl / avgfl)`` for each of the 256 encoded field lengths."""
        key = (fieldname, scorer.B, scorer.K1, scorer.avgfl)
        table = self._norms.get(key)
        if table is None:
            B, K1, avgfl = scorer.B, scorer.K1, scorer.avgfl
            table = self._norms[key] = [K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(256)]
        return table


def _blocks(matcher: W3LeafMatcher) -> Iterator[tuple[Any, Any]]:
    """(ids, weights) of each posting block, decoded once per block."""
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        matcher._next_block()


def top(scores: dict[int, float], docnums: list[int], count: int) -> list[int]:
    """The ``count`` best of ``docnums``: highest score first, the lower document number on ties
    (Whoosh's order)."""
    return heapq.nlargest(count, docnums, key=lambda d: (scores[d], -d))

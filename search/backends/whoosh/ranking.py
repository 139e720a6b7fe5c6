"""Exact BM25F scores of every match of a flat disjunction of terms (optionally with a second one that
only adds to their scores, an ``AndMaybe``), computed term by term."""

from __future__ import annotations

import heapq
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from itertools import accumulate, repeat
from operator import mul
from typing import Any

from whoosh import query as wq
from whoosh.matching import FilterMatcher, ListMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from search.backends.terms import left_out
from search.backends.whoosh import compat
from search.backends.whoosh.lengths import length_bytes

# Whoosh answers an Or of many terms with a tree of union matchers that it re-plans every few
# documents (block-max pruning); for a 10-word question (about 50 terms) that bookkeeping costs far
# more than reading the postings. Reading each posting list once and summing per document gives
# the same scores (same formula, same float operations) and, for free, the exact set of matches.


MAX_CACHED_POSTINGS = 1_000_000
"""Scored postings one TermScorer keeps (12 bytes each): typing a query re-reads only the terms
of its last word, as the words before it were scored for the previous keystroke."""
MAX_CACHED_SIZES = 100_000
"""Terms whose document frequency one TermScorer remembers (then it starts over)."""
_ENTRY_COST = 32
"""What one cached term costs besides its postings, so that absent terms are bounded too."""
_Scored = tuple[Sequence[int], Sequence[float]]
"""Global document numbers and unboosted scores of one term's postings in one segment."""
_EMPTY: _Scored = ((), ())


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
    """Scores flat disjunctions on one searcher; caches per-field length data (one per searcher)
    and the scored postings of the terms it read last, up to ``max_cached_postings``."""

    def __init__(self, searcher: Any, max_cached_postings: int = MAX_CACHED_POSTINGS) -> None:
        self.searcher = searcher
        self._lengths: dict[tuple[int, str], bytes] = {}
        self._norms: dict[tuple[str, float, float, float], list[float]] = {}
        self._cache: OrderedDict[tuple[int, str, bytes], _Scored] = OrderedDict()
        self._sizes: dict[tuple[str, str], int] = {}
        """Document frequency of each term looked up: a query across languages asks several
        searches of the same terms (each lookup visits every segment)."""
        self._cached = 0
        self._max_cached = max_cached_postings

    def scores(self, q: wq.Query) -> dict[int, float] | None:
        """Score of every live document ``q`` matches (see :meth:`scores_within`, without a budget)."""
        scored = self.scores_within(q, None)
        return None if scored is None else scored[0]

    def scores_within(self, q: wq.Query, budget: int | None) -> tuple[dict[int, float], int] | None:
        """Score of every live document ``q`` matches, by global document number, and how many of
        its terms were left out; None when ``q`` is not a flat disjunction of terms or the index is
        not the layout this reads.

        With a ``budget`` (postings to read), a query whose terms hold more postings loses its most
        common terms until the rest fit: they weigh least in BM25, so the best matches of the
        terms kept are still found. Queries within the budget are scored exactly as before.
        """
        if not compat.RANKING:
            return None
        if type(q) is wq.AndMaybe and q.boost == 1.0:
            return self._scores_maybe(q, budget)
        if type(q) is wq.Or and any(type(sub) is wq.AndMaybe for sub in q.subqueries):
            return self._scores_mixed(q, budget)
        terms = flat_terms(q)
        if terms is None:
            return None
        dropped = 0
        if budget is not None:
            terms, dropped = self._within_budget(terms, budget)
        totals: dict[int, float] = {}
        for index, (subsearcher, offset) in enumerate(self.searcher.leaf_searchers()):
            schema = subsearcher.schema
            for fieldname, text, boost in terms:
                if fieldname not in schema:
                    continue
                try:
                    btext = schema[fieldname].to_bytes(text)
                except ValueError:
                    continue
                try:
                    scored = self._scored(subsearcher, index, offset, fieldname, btext)
                except AttributeError:  # a private name of Whoosh's changed: its own scoring instead
                    return None
                if scored is None:
                    return None
                _accumulate(totals, *scored, boost)
        return totals, dropped

    def _scores_maybe(self, q: wq.AndMaybe, budget: int | None) -> tuple[dict[int, float], int] | None:
        """``AndMaybe(a, b)`` of two flat disjunctions: the documents of ``a``, each scored
        ``a + b`` where ``b`` matches too (Whoosh's AndMaybeMatcher); ``b`` is read only when ``a``
        lost no term to the budget, and within it."""
        required = self.scores_within(q.a, budget) if flat_terms(q.a) is not None else None
        if required is None or flat_terms(q.b) is None:
            return None
        totals, dropped = required
        if dropped:
            return totals, dropped
        optional = self.scores_within(q.b, budget)
        if optional is None:
            return None
        for docnum, score in optional[0].items():
            if docnum in totals:
                totals[docnum] = totals[docnum] + score
        return totals, 0

    def _scores_mixed(self, q: wq.Or, budget: int | None) -> tuple[dict[int, float], int] | None:
        """An Or of terms and ``AndMaybe`` parts (a query or its translation into Spanish, whose
        words' roots are optional): each part scored as above and the parts' scores added, as
        Whoosh's union matcher does; the budget is shared by all their terms."""
        if q.boost != 1.0 or q.scale or q.minmatch:
            return None
        words = [sub for sub in q.subqueries if type(sub) is wq.Term]
        maybes = [sub for sub in q.subqueries if type(sub) is wq.AndMaybe]
        if len(words) + len(maybes) != len(q.subqueries) or any(
                m.boost != 1.0 or flat_terms(m.a) is None or flat_terms(m.b) is None for m in maybes):
            return None
        dropped = 0
        if budget is not None:
            every = [(w.fieldname, w.text, w.boost) for w in words]
            every += [term for m in maybes for term in flat_terms(m.a) + flat_terms(m.b)]
            kept, dropped = self._within_budget(every, budget)
            if dropped:
                keep = {(field, text) for field, text, _boost in kept}
                words = [w for w in words if (w.fieldname, w.text) in keep]
                maybes = [_kept_maybe(m, keep) for m in maybes]
        parts: list[dict[int, float] | None] = []
        if words:
            parts.append(self.scores(wq.Or(words)))
        parts += [self.scores(m) for m in maybes if m is not None]
        if any(part is None for part in parts):
            return None
        totals: dict[int, float] = {}
        for part in parts:
            get = totals.get
            for docnum, score in part.items():
                totals[docnum] = get(docnum, 0.0) + score
        return totals, dropped

    def _scored(self, subsearcher: Any, index: int, offset: int, fieldname: str,
                btext: bytes) -> _Scored | None:
        key = (index, fieldname, btext)
        scored = self._cache.get(key)
        if scored is not None:
            self._cache.move_to_end(key)
            return scored
        scored = self._score_term(subsearcher, index, offset, fieldname, btext)
        if scored is not None:
            self._remember(key, scored)
        return scored

    def _remember(self, key: tuple[int, str, bytes], scored: _Scored) -> None:
        cost = len(scored[0]) + _ENTRY_COST
        if cost > self._max_cached:
            return
        self._cache[key] = (array("i", scored[0]), array("d", scored[1])) if scored[0] else _EMPTY
        self._cached += cost
        while self._cached > self._max_cached:
            _key, old = self._cache.popitem(last=False)
            self._cached -= len(old[0]) + _ENTRY_COST

    def _score_term(self, subsearcher: Any, index: int, offset: int, fieldname: str,
                    btext: bytes) -> _Scored | None:
        """Global document numbers and unboosted scores of one term's live postings in one
        segment (empty when the segment lacks the term); None when this layout cannot be read."""
        reader = subsearcher.reader()
        try:
            matcher = reader.postings(fieldname, btext)
        except TermNotFound:
            return _EMPTY
        if not subsearcher.schema[fieldname].scorable and _bm25f(subsearcher):
            return _listed(matcher, offset)  # the boost comes later
        parameters = _bm25f_parameters(subsearcher, fieldname, btext)
        if parameters is None:
            return None
        deleted: frozenset[int] = frozenset()
        if isinstance(matcher, FilterMatcher):
            deleted, matcher = reader.deleted_docs_set, matcher.child
        lengths = self._length_bytes(reader, index, fieldname)
        if lengths is None:
            return None
        if isinstance(matcher, ListMatcher):  # postings inlined in the term info (a rare term)
            blocks: Iterator[tuple[Any, Any]] | list[tuple[Any, Any]] = [_listed(matcher)]
        elif isinstance(matcher, compat.W3LeafMatcher):
            blocks = _blocks(matcher)
        else:
            return None
        idf, B, K1, avgfl = parameters
        norm = self._norm_table(fieldname, B, K1, avgfl)
        k1_plus_1 = K1 + 1
        docnums: list[int] = []
        scores: list[float] = []
        for ids, weights in blocks:
            if deleted:
                live = [(d, tf) for d, tf in zip(ids, weights) if d not in deleted]
                ids, weights = [d for d, _ in live], [tf for _, tf in live]
            # Same operations, in the same order, as whoosh.scoring.bm25 (the boost comes later).
            scores += [idf * ((tf * k1_plus_1) / (tf + norm[lengths[d]])) for d, tf in zip(ids, weights)]
            docnums += ids
        if offset:
            docnums = [d + offset for d in docnums]
        return docnums, scores

    def _within_budget(self, terms: list[tuple[str, str, float]],
                       budget: int) -> tuple[list[tuple[str, str, float]], int]:
        """The terms kept (in their order) so that their postings fit ``budget``, and how many distinct
        terms were left out, the most common first."""
        reader = self.searcher.reader()
        schema = self.searcher.schema
        sizes = self._sizes
        if len(sizes) > MAX_CACHED_SIZES:
            sizes.clear()
        for fieldname, text, _boost in terms:
            if (fieldname, text) not in sizes:
                if fieldname in schema and getattr(schema[fieldname], "unique", False):
                    sizes[fieldname, text] = 1  # one document's (and its deleted versions'): no lookup
                    continue
                try:
                    sizes[fieldname, text] = reader.doc_frequency(fieldname, text)
                except (ValueError, KeyError):
                    sizes[fieldname, text] = 0
        wanted = {(t[0], t[1]) for t in terms}
        dropped = left_out({key: sizes[key] for key in wanted}, budget)
        return [t for t in terms if (t[0], t[1]) not in dropped], len(dropped)

    def _length_bytes(self, reader: Any, index: int, fieldname: str) -> bytes | None:
        """The field-length byte of every document of one segment, read once per searcher."""
        key = (index, fieldname)
        if key not in self._lengths:
            data = length_bytes(reader, fieldname)
            if data is None:
                return None
            self._lengths[key] = data
        return self._lengths[key]

    def _norm_table(self, fieldname: str, B: float, K1: float, avgfl: float) -> list[float]:
        """``K1 * ((1 - B) + B * fl / avgfl)`` for each of the 256 encoded field lengths."""
        key = (fieldname, B, K1, avgfl)
        table = self._norms.get(key)
        if table is None:
            table = self._norms[key] = [K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(256)]
        return table


def _kept_maybe(q: wq.AndMaybe, keep: set[tuple[str, str]]) -> wq.Query | None:
    """``q`` with only the terms in ``keep``: None when its required part lost them all."""
    required = [wq.Term(f, text, boost=b) for f, text, b in flat_terms(q.a) if (f, text) in keep]
    optional = [wq.Term(f, text, boost=b) for f, text, b in flat_terms(q.b) if (f, text) in keep]
    if not required:
        return None
    return wq.AndMaybe(wq.Or(required), wq.Or(optional)) if optional else wq.Or(required)


def _bm25f(searcher: Any) -> bool:
    weighting = searcher.weighting
    return isinstance(weighting, BM25F) and type(weighting).scorer is BM25F.scorer


def _bm25f_parameters(searcher: Any, fieldname: str, btext: bytes) -> tuple[float, ...] | None:
    """``(idf, B, K1, avgfl)`` of the scorer ``BM25F.scorer`` makes for this term, without making
    it (its set-up costs one more term lookup); None when the weighting scores otherwise."""
    weighting = searcher.weighting
    if not _bm25f(searcher) or not searcher.schema[fieldname].scorable:
        return None
    parent = searcher.get_parent()
    B = weighting._field_B.get(fieldname, weighting.B)
    return parent.idf(fieldname, btext), B, weighting.K1, parent.avg_field_length(fieldname) or 1


def _accumulate(totals: dict[int, float], docnums: Sequence[int], scores: Sequence[float],
                boost: float) -> None:
    """Adds one term's scores to the totals with Whoosh's floats: ``score *= boost`` (unless
    1.0), then ``totals[d] = totals.get(d, 0.0) + score``."""
    if boost != 1.0:
        scores = map(mul, scores, repeat(boost))
    if not totals:
        totals.update(zip(docnums, scores))  # 0.0 + score is score: every score is positive
        return
    get = totals.get
    for docnum, score in zip(docnums, scores):
        totals[docnum] = get(docnum, 0.0) + score


def _blocks(matcher: Any) -> Iterator[tuple[Any, Any]]:
    """(ids, weights) of each posting block, decoded once per block: as ``_read_ids`` and
    ``_read_weights`` do, but with the ids' deltas summed in C."""
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        ids = matcher._data[0]
        matcher._read_weights()
        yield (ids if matcher._byteids else list(accumulate(ids))), matcher._weights
        matcher._next_block()


def _listed(matcher: Any, offset: int = 0) -> _Scored:
    """(document numbers + ``offset``, weights) of a matcher's postings, read through Whoosh's
    public matcher API, which skips deleted documents: for terms with few postings (inlined ones,
    and those of an unscored field, which BM25F scores by their weight as WeightScorer does)."""
    docnums: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        docnums.append(matcher.id() + offset)
        weights.append(matcher.weight())
        matcher.next()
    return docnums, weights


def top(scores: dict[int, float], docnums: list[int], count: int) -> list[int]:
    """The ``count`` best of ``docnums``: highest score first, the lower document number on ties
    (Whoosh's order)."""
    if count <= 0:
        return []
    if len(docnums) > count:
        # Only documents scoring at least the count-th best score can be among the best.
        threshold = heapq.nlargest(count, map(scores.__getitem__, docnums))[-1]
        docnums = [d for d in docnums if scores[d] >= threshold]
    return sorted(docnums, key=lambda d: (-scores[d], d))[:count]

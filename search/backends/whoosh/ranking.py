"""Exact BM25F scores of every match of a flat disjunction of terms (optionally with a second one that
only adds to their scores, an ``AndMaybe``), computed term by term."""

from __future__ import annotations

import heapq
import sys
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from itertools import accumulate, chain, repeat
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
DENSE_MIN_POSTINGS = 20_000
"""Postings of a query from which its scores are added up in numpy arrays over every document:
below it a dictionary is cheaper than arrays the size of the archive (and a small query does
not import numpy)."""


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
        self._arrays: dict[str, Any] = {}
        """numpy arrays over every document: each field's length bytes, and "" the deleted ones."""
        self._norms: dict[tuple[str, float, float, float], list[float]] = {}
        self._cache: OrderedDict[tuple[int, str, bytes], _Scored] = OrderedDict()
        self._sizes: dict[tuple[str, str], int] = {}
        """Document frequency of each term looked up: a query across languages asks several
        searches of the same terms (each lookup visits every segment)."""
        self._term_parameters: dict[tuple[str, bytes], tuple[float, ...] | None] = {}
        self._dense = False
        """Whether the query being scored is added up in arrays (set by :meth:`scores_within`)."""
        self._cached = 0
        self._max_cached = max_cached_postings

    def scores(self, q: wq.Query) -> dict[int, float] | None:
        """Score of every live document ``q`` matches (see :meth:`scores_within`, without a budget)."""
        scored = self.scores_within(q, None)
        return None if scored is None else scored[0]

    def scores_within(self, q: wq.Query, budget: int | None) -> tuple[dict[int, float], int] | None:
        """Score of every live document ``q`` matches, by global document number, and how many of
        its terms were left out (see :meth:`_scored_query`). A query whose terms hold at least
        DENSE_MIN_POSTINGS postings is added up in arrays over every document (numpy) instead of a
        dictionary: the same float operations in the same order, so the same scores."""
        if not compat.RANKING:
            return None
        self._dense = self._worth_arrays(q, budget)
        try:
            scored = self._scored_query(q, budget)
        finally:
            self._dense = False
        if scored is None or not isinstance(scored[0], _Dense):
            return scored
        return scored[0].as_dict(), scored[1]

    def _worth_arrays(self, q: wq.Query, budget: int | None) -> bool:
        terms = _query_terms(q)
        if not terms:
            return False
        # the sizes are remembered for the query's own call
        kept, _dropped = self._within_budget(terms, sys.maxsize if budget is None else budget)
        return sum(self._sizes[f, text] for f, text, _b in kept) >= DENSE_MIN_POSTINGS

    def _scored_query(self, q: wq.Query, budget: int | None) -> tuple[dict[int, float] | _Dense, int] | None:
        """Score of every live document ``q`` matches, by global document number, and how many of
        its terms were left out; None when ``q`` is not a flat disjunction of terms or the index is
        not the layout this reads.

        With a ``budget`` (postings to read), a query whose terms hold more postings loses its most
        common terms until the rest fit: they weigh least in BM25, so the best matches of the
        terms kept are still found. Queries within the budget are scored exactly as before.
        """
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
        if self._dense:
            dense = self._dense_flat(terms)
            return None if dense is None else (dense, dropped)
        totals: dict[int, float] = {}
        for index, (subsearcher, offset) in enumerate(self.searcher.leaf_searchers()):
            for fieldname, btext, boost in _encoded(terms, subsearcher.schema):
                try:
                    scored = self._scored(subsearcher, index, offset, fieldname, btext)
                except AttributeError:  # a private name of Whoosh's changed: its own scoring instead
                    return None
                if scored is None:
                    return None
                _accumulate(totals, *scored, boost)
        return totals, dropped

    def _dense_flat(self, terms: list[tuple[str, str, float]]) -> _Dense | None:
        """A flat disjunction's scores added up term by term in arrays over every document."""
        totals = _Dense.empty(self.searcher.doc_count_all())
        for fieldname, btext, boost in _encoded(terms, self.searcher.schema):
            try:
                scored = self._dense_term(fieldname, btext)
            except AttributeError:  # a private name of Whoosh's changed: its own scoring instead
                return None
            if scored is None:
                return None
            totals.add(*scored, boost)
        return totals

    def _scores_maybe(self, q: wq.AndMaybe, budget: int | None) -> tuple[dict[int, float], int] | None:
        """``AndMaybe(a, b)`` of two flat disjunctions: the documents of ``a``, each scored
        ``a + b`` where ``b`` matches too (Whoosh's AndMaybeMatcher); ``b`` is read only when ``a``
        lost no term to the budget, and within it."""
        required = self._scored_query(q.a, budget) if flat_terms(q.a) is not None else None
        if required is None or flat_terms(q.b) is None:
            return None
        totals, dropped = required
        if dropped:
            return totals, dropped
        optional = self._scored_query(q.b, budget)
        if optional is None:
            return None
        if isinstance(totals, _Dense):
            totals.add_where_matched(optional[0])
            return totals, 0
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
        scored = [self._scored_query(part, None) for part in ([wq.Or(words)] if words else []) + maybes
                  if part is not None]
        if any(part is None for part in scored):
            return None
        parts = [part[0] for part in scored]
        if not parts:
            return (_Dense.empty(self.searcher.doc_count_all()) if self._dense else {}), dropped
        totals = parts[0]  # made for this query alone: added to in place
        for part in parts[1:]:
            if isinstance(totals, _Dense):
                totals.add_matched(part)
                continue
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
        if not len(scored[0]):
            self._cache[key] = _EMPTY
        elif key[0] < 0:  # a term over every segment, as numpy arrays: kept as their bytes
            self._cache[key] = (_array("i", scored[0].astype("int32")), _array("d", scored[1]))
        else:
            self._cache[key] = (array("i", scored[0]), array("d", scored[1]))
        self._cached += cost
        while self._cached > self._max_cached:
            _key, old = self._cache.popitem(last=False)
            self._cached -= len(old[0]) + _ENTRY_COST

    def _score_term(self, subsearcher: Any, index: int, offset: int, fieldname: str,
                    btext: bytes) -> _Scored | None:
        """Global document numbers and unboosted scores of one term's live postings in one
        segment (empty when the segment lacks the term); None when this layout cannot be read."""
        postings = self._postings(subsearcher, index, fieldname, btext)
        if postings is None or postings is _EMPTY:
            return postings
        if postings[0] == "listed":
            docnums, weights = postings[1]
            return [d + offset for d in docnums] if offset else docnums, weights
        _kind, blocks, deleted, lengths, (norm, idf, k1_plus_1) = postings
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

    def _postings(self, subsearcher: Any, index: int, fieldname: str, btext: bytes) -> Any:
        """One term's postings in one segment, ready to score: ``_EMPTY`` when the segment lacks
        it; ``("listed", (docnums, weights))`` for a field BM25F scores by weight alone (the
        boost comes later); ``("blocks", blocks, deleted, length bytes, (norm table, idf, K1 + 1))``;
        None when this layout cannot be read."""
        reader = subsearcher.reader()
        try:
            matcher = reader.postings(fieldname, btext)
        except TermNotFound:
            return _EMPTY
        if not subsearcher.schema[fieldname].scorable and _bm25f(subsearcher):
            return "listed", _listed(matcher)
        parameters = self._parameters(subsearcher, fieldname, btext)
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
        return "blocks", blocks, deleted, lengths, (self._norm_table(fieldname, B, K1, avgfl), idf, K1 + 1)

    def _dense_term(self, fieldname: str, btext: bytes) -> tuple[Any, Any] | None:
        """Global document numbers and unboosted scores of one term's live postings in every
        segment, scored with numpy in one pass: the list path's operations in its order
        (``idf * ((tf * k1_plus_1) / (tf + norm[length]))``). An archive has many segments, and
        numpy's cost per call outweighs a segment's share of a term."""
        import numpy as np

        key = (-1, fieldname, btext)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return _as_arrays(cached)
        ids: list[Any] = []  # the segments' blocks of document numbers, each segment's from its offset
        weights: list[Any] = []
        starts: list[int] = []  # where each segment's postings start, and its offset
        offsets: list[int] = []
        listed_ids: list[Any] = []
        listed_scores: list[Any] = []
        scoring: tuple[list[float], float, float] | None = None
        count = 0
        some_deleted = False
        for index, (subsearcher, offset) in enumerate(self.searcher.leaf_searchers()):
            postings = self._postings(subsearcher, index, fieldname, btext)
            if postings is None:
                return None
            if postings is _EMPTY:
                continue
            if postings[0] == "listed":
                docnums, scores = postings[1]
                listed_ids.append([d + offset for d in docnums])
                listed_scores.append(scores)
                continue
            _kind, blocks, deleted, lengths, scoring = postings
            starts.append(count)
            offsets.append(offset)
            some_deleted = some_deleted or bool(deleted)
            for block_ids, block_weights in blocks:
                ids.append(block_ids)
                weights.append(block_weights)
                count += len(block_ids)
        if listed_ids:  # a field scored by weight alone: the weights are the scores
            docnums = np.fromiter(chain.from_iterable(listed_ids), dtype=np.int64)
            scores = np.fromiter(chain.from_iterable(listed_scores), dtype=np.float64, count=len(docnums))
        elif count:
            norm, idf, k1_plus_1 = scoring
            local = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=count)
            tf = np.fromiter(chain.from_iterable(weights), dtype=np.float64, count=count)
            lengths = self._global_lengths(fieldname)
            docnums = local + np.repeat(np.asarray(offsets, dtype=np.int64), np.diff(starts + [count]))
            if some_deleted:
                docnums, tf = self._live_only(docnums, tf)
            scores = idf * ((tf * k1_plus_1) / (tf + np.asarray(norm, dtype=np.float64)[lengths[docnums]]))
        else:
            docnums, scores = np.zeros(0, np.int64), np.zeros(0)
        self._remember(key, (docnums, scores))
        return docnums, scores

    def _live_only(self, docnums: Any, *columns: Any) -> tuple[Any, ...]:
        """``docnums`` (global) without the deleted documents, and each of ``columns`` alike."""
        import numpy as np

        if "" not in self._arrays:
            deleted = np.zeros(self.searcher.doc_count_all(), dtype=bool)
            for subsearcher, offset in self.searcher.leaf_searchers():
                reader = subsearcher.reader()
                if reader.has_deletions():
                    deleted[np.fromiter(reader.deleted_docs_set, dtype=np.int64) + offset] = True
            self._arrays[""] = deleted
        live = ~self._arrays[""][docnums]
        return (docnums[live], *(column[live] for column in columns))

    def _global_lengths(self, fieldname: str) -> Any:
        """The field-length byte of every document of the searcher (numpy), segment after segment."""
        import numpy as np

        if fieldname not in self._arrays:
            pieces = []
            for index, (subsearcher, _offset) in enumerate(self.searcher.leaf_searchers()):
                reader = subsearcher.reader()
                data = self._length_bytes(reader, index, fieldname) or b""
                size = reader.doc_count_all()
                pieces.append(bytes(data[:size]).ljust(size, b"\0"))
            self._arrays[fieldname] = np.frombuffer(b"".join(pieces), dtype=np.uint8)
        return self._arrays[fieldname]

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

    def _parameters(self, subsearcher: Any, fieldname: str, btext: bytes) -> tuple[float, ...] | None:
        """The term's BM25F parameters, the same in every segment: worked out once per searcher, as
        Whoosh's idf and average length (a sum over every segment) cost more than scoring a
        segment's postings in an archive of many segments."""
        if subsearcher.get_parent() is not self.searcher:
            return _bm25f_parameters(subsearcher, fieldname, btext)
        key = (fieldname, btext)
        if key not in self._term_parameters:
            if len(self._term_parameters) > MAX_CACHED_SIZES:
                self._term_parameters.clear()
            self._term_parameters[key] = _bm25f_parameters(subsearcher, fieldname, btext)
        return self._term_parameters[key]

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


def _encoded(terms: list[tuple[str, str, float]], schema: Any) -> Iterator[tuple[str, bytes, float]]:
    """``(field, term bytes, boost)`` of the terms of fields in ``schema`` (a term its field cannot
    encode matches nothing)."""
    for fieldname, text, boost in terms:
        if fieldname in schema:
            try:
                yield fieldname, schema[fieldname].to_bytes(text), boost
            except ValueError:
                continue


def _query_terms(q: wq.Query) -> list[tuple[str, str, float]] | None:
    """Every ``(field, text, boost)`` of a query the one-pass scorer takes (flat, AndMaybe, or an Or
    of terms and AndMaybes), else None."""
    if type(q) is wq.AndMaybe:
        a, b = flat_terms(q.a), flat_terms(q.b)
        return a + b if a is not None and b is not None else None
    if type(q) is wq.Or and any(type(sub) is wq.AndMaybe for sub in q.subqueries):
        parts = [_query_terms(sub) if type(sub) is wq.AndMaybe else flat_terms(sub) for sub in q.subqueries]
        return None if any(part is None for part in parts) else [term for part in parts for term in part]
    return flat_terms(q)


class _Dense:
    """Scores added up per document in arrays over every document of the searcher: ``totals``
    (0.0 where none) and ``matched``. ``totals[d] += score`` is the dictionary's
    ``totals[d] = totals.get(d, 0.0) + score``, float for float: each term's postings name a
    document at most once."""

    def __init__(self, totals: Any, matched: Any) -> None:
        self.totals, self.matched = totals, matched

    @classmethod
    def empty(cls, size: int) -> _Dense:
        import numpy as np

        return cls(np.zeros(size, dtype=np.float64), np.zeros(size, dtype=bool))

    def add(self, docnums: Any, scores: Any, boost: float) -> None:
        if not len(docnums):
            return
        if boost != 1.0:
            scores = scores * boost
        self.totals[docnums] += scores
        self.matched[docnums] = True

    def add_matched(self, other: _Dense) -> None:
        """Another part's scores added to every document it matched (an Or of parts)."""
        where = other.matched
        self.totals[where] += other.totals[where]
        self.matched |= where

    def add_where_matched(self, other: _Dense) -> None:
        """Another part's scores added to the documents both matched (an AndMaybe's optional part)."""
        where = self.matched & other.matched
        self.totals[where] += other.totals[where]

    def as_dict(self) -> dict[int, float]:
        import numpy as np

        docnums = np.flatnonzero(self.matched)
        return dict(zip(docnums.tolist(), self.totals[docnums].tolist()))


def _array(typecode: str, values: Any) -> array:
    kept = array(typecode)
    kept.frombytes(values.tobytes())
    return kept


def _as_arrays(scored: _Scored) -> tuple[Any, Any]:
    """Remembered (or listed) postings as numpy arrays (remembered ones without a copy)."""
    import numpy as np

    docnums, scores = scored
    if isinstance(docnums, array):
        return np.frombuffer(docnums, dtype=np.int32) if len(docnums) else np.zeros(0, np.int64), \
            np.frombuffer(scores, dtype=np.float64) if len(scores) else np.zeros(0)
    return np.asarray(docnums, dtype=np.int64), np.asarray(scores, dtype=np.float64)


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

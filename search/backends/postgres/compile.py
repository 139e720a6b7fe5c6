"""An analysed query tree (``search.query.tree``) compiled to SQL: a relation of (docnum, score).

Scores are BM25F with the Whoosh backend's formula, parameters and float operations
(search.backends.whoosh.scoring), from the generation's own term statistics; metadata terms, date
ranges and negations score their boost, as Whoosh's unscored fields do."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from search.backends.postgres.schema import FIELD_CODE
from search.backends.whoosh.scoring import B, K1
from search.query import tree as t

META_COLUMNS = {"lang": "lang", "source": "source", "id": "id", "path": "path", "group": "grp"}
"""Whole-value fields a query may name, and their column in ``docs``."""


class Compiler:
    """Compiles trees against one snapshot (its statistics give each term's idf and avgfl).

    ``params`` collects the statement's parameters in order; literals are floats only."""

    def __init__(self, snapshot: Any) -> None:
        self.snap = snapshot
        self.s = snapshot.schema
        self.params: list[Any] = []

    def relation(self, node: t.Node) -> str:
        """SQL of a relation with one row per matching document: (docnum, score)."""
        self.snap.doc_frequencies(_terms(node))  # every term's statistics in one round trip
        return self._sql(node)

    def _param(self, value: Any) -> str:
        self.params.append(value)
        return "%s"

    def terms_relation(self, terms: list[t.Term]) -> str:
        """A flat disjunction scored in one pass over the postings (the common case)."""
        scored = [term for term in terms if term.field in FIELD_CODE]
        meta = [term for term in terms if term.field not in FIELD_CODE]
        parts = []
        if scored:
            self.snap.doc_frequencies([(term.field, term.text) for term in scored])
            fields = [FIELD_CODE[term.field] for term in scored]
            texts = [term.text for term in scored]
            # float8[] parameters: psycopg refuses a list mixing ints and floats.
            idfs = [float(self.snap.idf(term.field, term.text)) for term in scored]
            boosts = [float(term.boost) for term in scored]
            avgs = [float(self.snap.avg_field_length(term.field)) for term in scored]
            parts.append(
                f"SELECT p.docnum, sum(q.idf * ((p.weight * {_f(K1 + 1)}) / (p.weight + {_f(K1)} * "
                f"((1 - {_f(B)}) + {_f(B)} * p.fl / q.avgfl))) * q.boost ORDER BY q.ord) AS score "
                f"FROM unnest({self._param(fields)}::smallint[], {self._param(texts)}::text[], "
                f"{self._param(idfs)}::float8[], {self._param(boosts)}::float8[], {self._param(avgs)}::float8[]) "
                f"WITH ORDINALITY AS q(field, term, idf, boost, avgfl, ord) JOIN {self.s}.postings p "
                f"ON p.field = q.field AND p.term = q.term COLLATE \"C\" GROUP BY p.docnum")
        parts += [self._sql(term) for term in meta]
        if not parts:
            return self._sql(t.Nothing())
        return _summed(parts)

    @singledispatchmethod
    def _sql(self, node: object) -> str:
        # A pattern left in the tree is a bug of the rewrite: say so rather than match nothing.
        raise TypeError(f"not an analysed query node: {node!r}")

    @_sql.register
    def _(self, node: t.Term) -> str:
        if node.field in META_COLUMNS:
            return (f"SELECT docnum, {_f(node.boost)} AS score FROM {self.s}.docs "
                    f"WHERE {META_COLUMNS[node.field]} = {self._param(node.text)}")
        if node.field not in FIELD_CODE:
            return self._sql(t.Nothing())
        return self.terms_relation([node])

    @_sql.register
    def _(self, node: t.Phrase) -> str:
        docnums = self.snap.phrase_documents(node.field, node.words, node.slop)
        words = self.terms_relation([t.Term(node.field, word, node.boost) for word in node.words])
        return f"SELECT docnum, score FROM ({words}) w WHERE docnum = ANY({self._param(docnums)}::integer[])"

    @_sql.register
    def _(self, node: t.DateRange) -> str:
        low = self._param(node.start.date()) if node.start else "'-infinity'::date"
        high = self._param(node.end.date()) if node.end else "'infinity'::date"
        return (f"SELECT docnum, {_f(node.boost)} AS score FROM {self.s}.docs "
                f"WHERE date_key BETWEEN {low} AND {high}")

    @_sql.register
    def _(self, node: t.Every) -> str:
        if node.field is None:
            return f"SELECT docnum, NULL::float8 AS score FROM {self.s}.docs"
        if node.field in META_COLUMNS:
            return f"SELECT docnum, 1.0::float8 AS score FROM {self.s}.docs WHERE {META_COLUMNS[node.field]} IS NOT NULL"
        if node.field == "date":
            return f"SELECT docnum, 1.0::float8 AS score FROM {self.s}.docs WHERE date_key IS NOT NULL"
        return (f"SELECT DISTINCT docnum, 1.0::float8 AS score FROM {self.s}.postings "
                f"WHERE field = {FIELD_CODE.get(node.field, -1)}")

    @_sql.register
    def _(self, node: t.Nothing) -> str:
        return "SELECT NULL::integer AS docnum, NULL::float8 AS score WHERE false"

    @_sql.register
    def _(self, node: t.Or) -> str:
        flat = t.flat_terms(t.Or(node.items))
        inner = self.terms_relation(flat) if flat is not None else _summed([self._sql(i) for i in node.items])
        return _boosted(inner, node.boost)

    @_sql.register
    def _(self, node: t.And) -> str:
        if not node.items:
            return self._sql(t.Nothing())
        parts = [f"SELECT docnum, score, {n} AS ord FROM ({self._sql(item)}) a{n}" for n, item in enumerate(node.items)]
        inner = (f"SELECT docnum, sum(score ORDER BY ord) AS score FROM ({' UNION ALL '.join(parts)}) u "
                 f"GROUP BY docnum HAVING count(*) = {len(parts)}")
        return _boosted(inner, node.boost)

    @_sql.register
    def _(self, node: t.Not) -> str:
        return (f"SELECT docnum, {_f(node.boost)} AS score FROM {self.s}.docs WHERE docnum NOT IN "
                f"(SELECT docnum FROM ({self._sql(node.item)}) n WHERE docnum IS NOT NULL)")

    @_sql.register
    def _(self, node: t.AndNot) -> str:
        return (f"SELECT docnum, score FROM ({self._sql(node.positive)}) p WHERE docnum NOT IN "
                f"(SELECT docnum FROM ({self._sql(node.negative)}) n WHERE docnum IS NOT NULL)")

    @_sql.register
    def _(self, node: t.AndMaybe) -> str:
        return (f"SELECT r.docnum, r.score + coalesce(o.score, 0) AS score FROM ({self._sql(node.required)}) r "
                f"LEFT JOIN ({self._sql(node.optional)}) o USING (docnum)")


def _summed(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    # Summed in the query's order, as Whoosh adds them: float sums depend on the order, and
    # documents that tie there tie here.
    union = " UNION ALL ".join(f"SELECT docnum, score, {n} AS ord FROM ({part}) s{n}" for n, part in enumerate(parts))
    return f"SELECT docnum, sum(score ORDER BY ord) AS score FROM ({union}) u GROUP BY docnum"


def _boosted(inner: str, boost: float) -> str:
    if boost == 1.0:
        return inner
    return f"SELECT docnum, score * {_f(boost)} AS score FROM ({inner}) b"


def _f(value: float) -> str:
    """A float as an exact SQL literal (repr round-trips)."""
    return f"{float(value)!r}::float8"


def _terms(node: t.Node) -> list[tuple[str, str]]:
    """(field, text) of every scored term and phrase word of ``node``."""
    if isinstance(node, t.Term):
        return [(node.field, node.text)] if node.field in FIELD_CODE else []
    if isinstance(node, t.Phrase):
        return [(node.field, word) for word in node.words]
    if isinstance(node, (t.And, t.Or)):
        return [pair for item in node.items for pair in _terms(item)]
    if isinstance(node, t.Not):
        return _terms(node.item)
    if isinstance(node, t.AndNot):
        return _terms(node.positive) + _terms(node.negative)
    if isinstance(node, t.AndMaybe):
        return _terms(node.required) + _terms(node.optional)
    return []

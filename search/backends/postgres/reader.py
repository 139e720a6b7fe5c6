"""The backend Reader over PostgreSQL: one pinned generation, searched in SQL (search.backends.base)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from search.backends.base import BackendStats, Key, Matches, StoredDoc
from search.backends.postgres.compile import Compiler
from search.backends.terms import left_out, range_terms
from search.backends.postgres.connection import PgIndex
from search.errors import IndexDamaged, InvalidInput
from search.query import tree as t

MAX_POSTINGS = 2_000_000
"""Work budget of one plain query, as the Whoosh backend's: past it the most common terms are
left out (with a notice)."""


class PgReader:
    """A reader of the index in one PostgreSQL database.

    It stays on the generation it opened (a rebuild's new schema is seen after :meth:`refresh`;
    the old one is kept until the next build); an update of that generation is seen at once and
    whole (each call is one transaction), and :meth:`refresh` then says the index changed.
    Document numbers are never reused, so keys of documents that stay remain valid.
    """

    def __init__(self, location: Any) -> None:
        self.index = PgIndex(location)
        self._schema: str | None = None
        self._seen: str | None = None
        """The live state (schema and commit) at the last refresh."""
        self._closed = False
        self._sources: tuple[tuple[str, Any], frozenset[str]] | None = None
        self._vectors: tuple[tuple[str, Any], Any] | None = None
        self._groups: dict[str, list[tuple[str, str]]] = {}
        """(id, lang) of every member of the groups of the documents last read, by id."""
        self.refresh()

    def _read(self, operation: Callable[[Any], Any]) -> Any:
        import psycopg

        if self._closed:
            raise InvalidInput("the index was closed; open it again")
        for attempt in range(2):
            try:
                with self.index.snapshot(self._schema) as snap:
                    return operation(snap)
            except psycopg.errors.UndefinedTable:
                # The generation we were on is gone (two rebuilds since): go to the live one.
                if attempt:
                    raise IndexDamaged(str(self.index.location), "it changed while being read") from None
                self._schema = None
                self.refresh()

    # -- search -------------------------------------------------------------------------------

    def search(self, tree: t.Node, filters: t.Filters, *, sort: str, offset: int, limit: int,
               facets: bool, fold: bool) -> Matches:
        return self._read(lambda snap: _search(snap, tree, filters, sort, offset, limit, facets, fold))

    # -- documents ----------------------------------------------------------------------------

    def documents(self, keys: Sequence[Key]) -> list[StoredDoc]:
        def read(snap: Any) -> dict[Key, StoredDoc]:
            found = snap.stored(list(keys))
            # The page's language versions in the same statement's snapshot: the engine asks them of
            # every hit next, and one transaction per hit was most of a query's round trips.
            self._groups = snap.group_members({doc.group for doc in found.values() if doc.group})
            return found
        found = self._read(read)
        return [found[k] for k in keys if k in found]

    def ids(self, keys: Sequence[Key]) -> list[str]:
        found = self._read(lambda snap: snap.ids(list(keys)))
        return [found[k] for k in keys if k in found]

    def key_of(self, doc_id: str) -> Key | None:
        return self._read(lambda snap: snap.docnum(doc_id))

    def versions(self, doc: StoredDoc) -> list[tuple[str, str]]:
        if not doc.group:
            return []
        members = self._groups.get(doc.group)
        if members is not None and any(i == doc.id for i, _lang in members):
            return [(i, lang) for i, lang in members if i != doc.id]
        return self._read(lambda snap: snap.versions(doc.group, doc.id))

    def term_documents(self, field: str, term: str, limit: int) -> list[StoredDoc]:
        return self._read(lambda snap: snap.term_documents(field, term, limit))

    # -- the term dictionary ------------------------------------------------------------------

    def expand(self, pattern: t.Prefix | t.Wildcard | t.Fuzzy | t.Range, limit: int) -> list[str]:
        return self._read(lambda snap: _expand(snap, pattern, limit))

    def doc_frequency(self, field: str, term: str) -> int:
        return self._read(lambda snap: snap.doc_frequency(field, term))

    def doc_frequencies(self, field: str, terms: Sequence[str]) -> list[int]:
        def read(snap: Any) -> list[int]:
            found = snap.doc_frequencies((field, term) for term in terms)
            return [found.get((field, term), 0) for term in terms]
        return self._read(read)

    def terms_near(self, field: str, word: str, maxdist: int, prefix: int) -> list[str]:
        return self._read(lambda snap: snap.terms_within(field, word, maxdist, prefix))

    # -- the index ----------------------------------------------------------------------------

    def sources(self) -> frozenset[str]:
        def sources(snap: Any) -> frozenset[str]:
            # A scan of every document: kept until the generation or its last commit changes.
            seen = (snap.schema, snap.meta.get("commit"))
            if self._sources is None or self._sources[0] != seen:
                self._sources = (seen, snap.sources())
            return self._sources[1]
        return self._read(sources)

    def vectors(self) -> Any:
        def vectors(snap: Any) -> Any:
            from search.backends.postgres.vectors import load  # numpy only when vectors are used

            # read whole once per generation and commit (35 MB at 68,000 documents)
            seen = (snap.schema, snap.meta.get("commit"))
            if self._vectors is None or self._vectors[0] != seen:
                self._vectors = (seen, load(snap.conn, snap.schema))
            return self._vectors[1]
        return self._read(vectors)

    def stats(self) -> BackendStats:
        def stats(snap: Any) -> BackendStats:
            langs, sources = snap.counts()
            return BackendStats(documents=snap.documents, langs=langs, sources=sources,
                                size_bytes=snap.size_bytes(), meta=dict(snap.meta))
        return self._read(stats)

    def generation(self) -> str:
        return self._read(lambda snap: f"{snap.schema}:{snap.meta.get('commit', '')}")

    def refresh(self) -> bool:
        if self._closed:
            raise InvalidInput("the index was closed; open it again")
        before = self._seen
        with self.index.snapshot() as snap:
            self._schema = snap.schema
            self._seen = f"{snap.schema}:{snap.meta.get('commit', '')}"
        return before is not None and before != self._seen

    def close(self) -> None:
        self._closed = True
        self.index.close()


def _search(snap: Any, tree: t.Node, filters: t.Filters, sort: str, offset: int, limit: int,
            facets: bool, fold: bool) -> Matches:
    """One statement: the matches, their counts per language, source and date class, and the page."""
    notices: list[str] = []
    if t.is_nothing(tree):
        return Matches(total=0, page=[], notices=notices)
    compiler = Compiler(snap)
    tree, one_pass = _budgeted(snap, tree, notices)
    relation = compiler.relation(tree)
    s = snap.schema
    params = compiler.params
    low = filters.since.date() if filters.since else date.min
    high = filters.until.date() if filters.until else date.max
    langs = sorted(filters.langs) if filters.langs else None
    sources = sorted(filters.sources) if filters.sources else None
    date_ok = "(d.date_key BETWEEN %(low)s AND %(high)s"
    date_ok += " OR d.date_key IS NULL)" if (filters.include_undated or not filters.dated) else ")"
    lang_ok = "d.lang = ANY(%(langs)s)" if langs else "true"
    source_ok = "d.source = ANY(%(sources)s)" if sources else "true"
    every = t.lists_all(tree)
    # Date order: newest first, undated last, then relevance for the queries the Whoosh backend
    # scores in one pass (plain words), else index order: as there.
    by_score = "m.score DESC NULLS LAST, " if not every else ""
    order = (f"{by_score}m.docnum" if sort == "relevance" else
             f"d.date_key IS NULL, d.date_key DESC, {by_score if one_pass else ''}m.docnum")
    named = {"low": low, "high": high, "langs": langs, "sources": sources,
             "offset": offset, "limit": limit}
    # Positional parameters of the relation come first: number them as named ones.
    for n, value in enumerate(params):
        named[f"p{n}"] = value
    relation = _named(relation, len(params))
    kept = f"{date_ok} AND {lang_ok} AND {source_ok}"
    page_rows = (f"SELECT m.docnum, m.score, row_number() OVER (ORDER BY {order}) AS rank FROM m "
                 f"JOIN {s}.docs d USING (docnum) WHERE {kept}")
    if fold:
        page_rows = (f"SELECT docnum, score, row_number() OVER (ORDER BY first) AS rank FROM "
                     f"(SELECT m.docnum, m.score, d.grp, row_number() OVER (ORDER BY {order}) AS first, "
                     f"row_number() OVER (PARTITION BY d.grp ORDER BY {order}) AS nth FROM m "
                     f"JOIN {s}.docs d USING (docnum) WHERE {kept}) f WHERE nth = 1")
    statement = f"""
        WITH m AS MATERIALIZED ({relation}),
        c AS (SELECT d.lang, d.source,
                     CASE WHEN d.date_key IS NULL THEN 'u'
                          WHEN d.date_key BETWEEN %(low)s AND %(high)s THEN 'i' ELSE 'o' END AS cls,
                     count(*) AS n
              FROM m JOIN {s}.docs d USING (docnum) GROUP BY 1, 2, 3),
        p AS ({page_rows})
        SELECT 'c' AS kind, lang, source, cls, n, NULL::integer, NULL::float8, NULL::bigint FROM c
        UNION ALL
        SELECT 'p', NULL, NULL, NULL, NULL, docnum, score, rank FROM p
            WHERE rank > %(offset)s AND rank <= %(offset)s + %(limit)s
        UNION ALL
        SELECT 't', NULL, NULL, NULL, count(*), NULL, NULL, NULL FROM p"""
    rows = snap.conn.execute(statement, named).fetchall()
    page = sorted((r[7], r[5], r[6]) for r in rows if r[0] == "p")
    total = next(r[4] for r in rows if r[0] == "t")
    counts = [(lang, source, cls, n) for kind, lang, source, cls, n, *_ in rows if kind == "c"]
    return Matches(
        total=total,
        page=[(docnum, None if every else score) for _rank, docnum, score in page],
        facets=_facets(counts, filters) if facets else {"lang": {}, "source": {}},
        undated_left_out=_undated_left_out(counts, filters),
        notices=notices,
    )


def _named(relation: str, count: int) -> str:
    """``relation`` with its ``%s`` placeholders named ``%(p0)s``, ``%(p1)s``... in order."""
    parts = relation.split("%s")
    assert len(parts) == count + 1, "a relation's literal text holds a %s"
    return "".join(part + (f"%(p{n})s" if n < count else "") for n, part in enumerate(parts))


def _date_passes(cls: str, filters: t.Filters) -> bool:
    return cls == "i" or (cls == "u" and (filters.include_undated or not filters.dated))


def _facets(counts: list[tuple], filters: t.Filters) -> dict[str, dict[str, int]]:
    """Per language with the source and date filters applied, per source with the language and
    date filters applied; most first, then by name."""
    by_lang: dict[str, int] = {}
    by_source: dict[str, int] = {}
    for lang, source, cls, n in counts:
        if not _date_passes(cls, filters):
            continue
        if not filters.sources or source in filters.sources:
            by_lang[lang] = by_lang.get(lang, 0) + n
        if source and (not filters.langs or lang in filters.langs):
            by_source[source] = by_source.get(source, 0) + n
    return {"lang": _most_first(by_lang), "source": _most_first(by_source)}


def _undated_left_out(counts: list[tuple], filters: t.Filters) -> int:
    if not filters.dated or filters.include_undated:
        return 0
    return sum(n for lang, source, cls, n in counts if cls == "u"
               and (not filters.langs or lang in filters.langs)
               and (not filters.sources or source in filters.sources))


def _most_first(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _budgeted(snap: Any, tree: t.Node, notices: list[str]) -> tuple[t.Node, bool]:
    """``tree`` within the work budget, and whether it is a plain query (flat terms, or an AndMaybe
    of two): the kind whose most common terms the budget may leave out, as the Whoosh backend does."""
    flat = t.flat_terms(tree)
    if flat is not None:
        kept, dropped = _within_budget(snap, flat, MAX_POSTINGS)
        tree = t.Or(tuple(kept))
    elif isinstance(tree, t.AndMaybe) and t.flat_terms(tree.required) is not None \
            and t.flat_terms(tree.optional) is not None:
        required, dropped = _within_budget(snap, t.flat_terms(tree.required), MAX_POSTINGS)
        if dropped:
            tree = t.Or(tuple(required))
        else:
            optional, _ = _within_budget(snap, t.flat_terms(tree.optional), MAX_POSTINGS)
            tree = t.AndMaybe(t.Or(tuple(required)), t.Or(tuple(optional)))
    else:
        return tree, False
    if dropped:
        notices.append(f"the query's {dropped} most common terms were left out to answer in time; "
                       "the hits are the best matches of the others")
    return tree, True


def _within_budget(snap: Any, terms: list[t.Term], budget: int) -> tuple[list[t.Term], int]:
    """The terms kept so that their postings fit ``budget``, and how many distinct terms were left
    out, the most common first (as the Whoosh backend does)."""
    dropped = left_out(snap.doc_frequencies([(term.field, term.text) for term in terms]), budget)
    return [term for term in terms if (term.field, term.text) not in dropped], len(dropped)


def _expand(snap: Any, pattern: Any, limit: int) -> list[str]:
    """Up to ``limit`` terms the pattern matches, in term order (a Fuzzy's own text first)."""
    if isinstance(pattern, t.Prefix):
        return _first(snap.expand_prefix(pattern.field, pattern.text), limit)
    if isinstance(pattern, t.Wildcard):
        regex = pattern.regex()
        return _first((w for w in snap.expand_prefix(pattern.field, pattern.head()) if regex.match(w)), limit)
    if isinstance(pattern, t.Range):
        return range_terms(snap, pattern, limit)
    if isinstance(pattern, t.Fuzzy):
        own = [pattern.text] if snap.doc_frequency(pattern.field, pattern.text) else []
        near = snap.terms_within(pattern.field, pattern.text, pattern.maxdist, pattern.prefix) if pattern.maxdist else []
        return (own + sorted(w for w in near if w != pattern.text))[:limit]
    raise TypeError(f"not a pattern: {pattern!r}")


def _first(words: Any, limit: int) -> list[str]:
    out = []
    for word in words:
        out.append(word)
        if len(out) >= limit:
            break
    return out

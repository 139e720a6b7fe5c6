"""One generation as one transaction sees it: term statistics, the term dictionary, positions, stored documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from math import log
from typing import Any

from whoosh.support.levenshtein import levenshtein

from search.backends.base import StoredDoc
from search.backends.postgres.schema import FIELD_CODE, FIELDS

MAX_TERMS_SCANNED = 200_000
"""Terms one expansion (prefix, range, fuzzy) reads at most; the query layer caps what it keeps."""
_STORED = "docnum, id, grp, path, lang, source, date_iso, url, title, body"


class Snapshot:
    """The live generation as one REPEATABLE READ transaction sees it: every call agrees."""

    def __init__(self, conn: Any, schema: str, meta: dict[str, Any]) -> None:
        self.conn, self.schema, self.meta = conn, schema, meta
        self.documents = int(meta.get("documents", 0))
        self._totals: dict[int, int] | None = None
        self._df: dict[tuple[str, str], int] = {}

    # -- statistics -------------------------------------------------------------------------

    def doc_count(self) -> int:
        return self.documents

    def avg_field_length(self, field: str) -> float:
        """Whoosh's: the field's total length over the document count (1 when empty)."""
        if self._totals is None:
            self._totals = dict(self.conn.execute(f"SELECT field, total_length FROM {self.schema}.fields").fetchall())
        total = self._totals.get(FIELD_CODE[field], 0)
        return (total / self.documents if self.documents else 0) or 1

    def doc_frequency(self, field: str, text: str | bytes) -> int:
        return self.doc_frequencies([(field, text)])[field, _text(text)]

    def doc_frequencies(self, pairs: Iterable[tuple[str, str | bytes]]) -> dict[tuple[str, str], int]:
        """Documents holding each (field, term), looked up in one statement."""
        wanted = {(f, _text(t)) for f, t in pairs if f in FIELD_CODE}
        missing = [key for key in wanted if key not in self._df]
        if missing:
            for key in missing:
                self._df[key] = 0
            rows = self.conn.execute(
                f"SELECT t.field, t.term, t.df FROM {self.schema}.terms t "
                "JOIN unnest(%s::smallint[], %s::text[]) AS q(field, term) "
                "ON t.field = q.field AND t.term = q.term COLLATE \"C\"",
                ([FIELD_CODE[f] for f, _ in missing], [t for _, t in missing])).fetchall()
            for code, term, df in rows:
                self._df[FIELDS[code], term] = df
        return {key: self._df.get(key, 0) for key in wanted}

    def idf(self, field: str, text: str) -> float:
        """The Robertson–Spärck Jones idf of search.backends.whoosh.scoring.NewsBM25F."""
        df, n = self.doc_frequency(field, text), self.documents
        return log(1 + (n - df + 0.5) / (df + 0.5))

    # -- the term dictionary ----------------------------------------------------------------

    def expand_prefix(self, field: str, prefix: str | bytes) -> Iterator[str]:
        """The field's terms that start with ``prefix``, in order."""
        prefix = _text(prefix)
        for (term,) in self.conn.execute(
                f"SELECT term FROM {self.schema}.terms WHERE field = %s AND term >= %s "
                "AND left(term, %s) = %s ORDER BY term LIMIT %s",
                (FIELD_CODE[field], prefix, len(prefix), prefix, MAX_TERMS_SCANNED)):
            yield term

    def terms_from(self, field: str, start: str | bytes) -> Iterator[tuple[str, str]]:
        """(field, term) of the field's terms from ``start`` on, in order."""
        for (term,) in self.conn.execute(
                f"SELECT term FROM {self.schema}.terms WHERE field = %s AND term >= %s ORDER BY term LIMIT %s",
                (FIELD_CODE[field], _text(start), MAX_TERMS_SCANNED)):
            yield field, term

    def terms_within(self, field: str, text: str, maxdist: int, prefix: int = 0) -> list[str]:
        """The field's terms within ``maxdist`` Levenshtein edits of ``text`` sharing its first
        ``prefix`` letters (Whoosh's terms_within)."""
        head = text[:prefix]
        rows = self.conn.execute(
            f"SELECT term FROM {self.schema}.terms WHERE field = %s AND term >= %s AND left(term, %s) = %s "
            "AND length(term) BETWEEN %s AND %s LIMIT %s",
            (FIELD_CODE[field], head, len(head), head, len(text) - maxdist, len(text) + maxdist,
             MAX_TERMS_SCANNED)).fetchall()
        return [term for (term,) in rows if levenshtein(term, text, maxdist) <= maxdist]

    def phrase_documents(self, field: str, words: Sequence[str], slop: int) -> list[int]:
        """The documents where ``words`` occur in order in ``field``, each within ``slop``
        positions of the one before (1: side by side), as Whoosh's Phrase matches."""
        if field not in FIELD_CODE or not words:
            return []
        distinct = sorted(set(words))
        rows = self.conn.execute(
            f"""SELECT docnum, term, positions FROM {self.schema}.postings
                WHERE field = %(field)s AND term = ANY(%(terms)s::text[])
                AND docnum IN (SELECT docnum FROM {self.schema}.postings
                               WHERE field = %(field)s AND term = ANY(%(terms)s::text[])
                               GROUP BY docnum HAVING count(*) = %(n)s)""",
            {"field": FIELD_CODE[field], "terms": distinct, "n": len(distinct)}).fetchall()
        found: dict[int, dict[str, list[int]]] = {}
        for docnum, term, positions in rows:
            found.setdefault(docnum, {})[term] = positions or []
        return sorted(d for d, where in found.items() if _in_order([set(where[w]) for w in words], slop))

    # -- documents --------------------------------------------------------------------------

    def stored(self, docnums: Sequence[int]) -> dict[int, StoredDoc]:
        """The stored document of each of ``docnums`` still in the index."""
        rows = self.conn.execute(f"SELECT {_STORED} FROM {self.schema}.docs WHERE docnum = ANY(%s)",
                                 (list(docnums),)).fetchall()
        return {row[0]: _stored(row) for row in rows}

    def ids(self, docnums: Sequence[int]) -> dict[int, str]:
        rows = self.conn.execute(f"SELECT docnum, id FROM {self.schema}.docs WHERE docnum = ANY(%s)",
                                 (list(docnums),)).fetchall()
        return dict(rows)

    def docnum(self, doc_id: str) -> int | None:
        row = self.conn.execute(f"SELECT docnum FROM {self.schema}.docs WHERE id = %s", (doc_id,)).fetchone()
        return row[0] if row else None

    def versions(self, group: str, doc_id: str) -> list[tuple[str, str]]:
        """(id, lang) of the other documents of a language-version group, by id."""
        return [tuple(row) for row in self.conn.execute(
            f"SELECT id, lang FROM {self.schema}.docs WHERE grp = %s AND id <> %s ORDER BY id COLLATE \"C\"",
            (group, doc_id))]

    def group_members(self, groups: set[str]) -> dict[str, list[tuple[str, str]]]:
        """(id, lang) of every document of each language-version group, by id."""
        members: dict[str, list[tuple[str, str]]] = {group: [] for group in groups}
        if groups:
            for group, doc_id, lang in self.conn.execute(
                    f"SELECT grp, id, lang FROM {self.schema}.docs WHERE grp = ANY(%s) ORDER BY id COLLATE \"C\"",
                    (sorted(groups),)):
                members[group].append((doc_id, lang))
        return members

    def term_documents(self, field: str, term: str, limit: int) -> list[StoredDoc]:
        """Up to ``limit`` documents holding ``term`` in ``field``, in document order."""
        if field not in FIELD_CODE:
            return []
        rows = self.conn.execute(
            f"SELECT {_STORED} FROM {self.schema}.docs WHERE docnum IN (SELECT docnum FROM {self.schema}.postings "
            "WHERE field = %s AND term = %s ORDER BY docnum LIMIT %s) ORDER BY docnum",
            (FIELD_CODE[field], term, limit)).fetchall()
        return [_stored(row) for row in rows]

    def sources(self) -> frozenset[str]:
        return frozenset(s for (s,) in self.conn.execute(
            f"SELECT DISTINCT source FROM {self.schema}.docs WHERE source IS NOT NULL"))

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Documents per language and per source, most first."""
        langs: dict[str, int] = {}
        sources: dict[str, int] = {}
        for lang, source, n in self.conn.execute(f"SELECT lang, source, count(*) FROM {self.schema}.docs GROUP BY 1, 2"):
            langs[lang] = langs.get(lang, 0) + n
            if source:
                sources[source] = sources.get(source, 0) + n
        order = lambda counts: dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))  # noqa: E731
        return order(langs), order(sources)

    def size_bytes(self) -> int:
        """The generation's tables and indexes on disk."""
        return int(self.conn.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
            (self.schema,)).fetchone()[0])


def _in_order(positions: list[set[int]], slop: int) -> bool:
    """Whether one position per word can be chosen, each 1 to ``slop`` after the one before."""
    reach = positions[0]
    for following in positions[1:]:
        reach = {p for p in following if any(0 < p - q <= slop for q in reach)}
        if not reach:
            return False
    return True


def _stored(row: tuple) -> StoredDoc:
    docnum, doc_id, grp, path, lang, source, date_iso, url, title, body = row
    return StoredDoc(key=docnum, id=doc_id, lang=lang, title=title, body=body, path=path, source=source,
                     date_iso=date_iso, url=url, group=grp)


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value

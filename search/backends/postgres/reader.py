"""Reads one generation in one snapshot: term statistics and expansions, BM25F scores, stored documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from math import log
from typing import Any

from whoosh.support.levenshtein import levenshtein

from search.backends.postgres.schema import FIELD_CODE, FIELDS
from search.backends.whoosh.scoring import B, K1

MAX_TERMS_SCANNED = 200_000
"""Terms one expansion (prefix, range, fuzzy) reads at most; the query layer caps what it keeps."""
_STORED = "docnum, id, grp, path, lang, source, date_iso, url, hash, title, body"


class Snapshot:
    """The live generation as one REPEATABLE READ transaction sees it: every call agrees."""

    def __init__(self, conn: Any, schema: str, meta: dict[str, Any]) -> None:
        self.conn, self.schema, self.meta = conn, schema, meta
        row = conn.execute(f"SELECT count(*) FROM {schema}.docs").fetchone()
        self.documents = row[0]
        self._totals = dict(conn.execute(f"SELECT field, total_length FROM {schema}.fields").fetchall())
        self._df: dict[tuple[str, str], int] = {}

    # -- statistics -------------------------------------------------------------------------

    def doc_count(self) -> int:
        return self.documents

    def avg_field_length(self, field: str) -> float:
        """Whoosh's: the field's total length over the document count (1 when empty)."""
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

    # -- scoring ----------------------------------------------------------------------------

    def scores(self, terms: Sequence[tuple[str, str, float]]) -> dict[int, float]:
        """BM25F score of every document matching any of ``(field, term, boost)``, summed per
        document; the formula and parameters of the Whoosh backend (search.backends.whoosh.scoring)."""
        terms = [(f, _text(t), b) for f, t, b in terms if f in FIELD_CODE]
        if not terms:
            return {}
        fields = [FIELD_CODE[f] for f, _t, _b in terms]
        texts = [t for _f, t, _b in terms]
        idfs = [self.idf(f, t) for f, t, _b in terms]
        boosts = [b for _f, _t, b in terms]
        averages = [self.avg_field_length(f) for f, _t, _b in terms]
        rows = self.conn.execute(
            f"""SELECT p.docnum, sum(q.idf * ((p.weight * %(k1p1)s) / (p.weight + %(k1)s
                       * ((1 - %(b)s) + %(b)s * p.fl / q.avgfl))) * q.boost)
                FROM unnest(%(fields)s::smallint[], %(texts)s::text[], %(idfs)s::float8[],
                            %(boosts)s::float8[], %(avgs)s::float8[]) AS q(field, term, idf, boost, avgfl)
                JOIN {self.schema}.postings p ON p.field = q.field AND p.term = q.term COLLATE "C"
                GROUP BY p.docnum""",
            {"k1p1": K1 + 1, "k1": K1, "b": B, "fields": fields, "texts": texts, "idfs": idfs,
             "boosts": boosts, "avgs": averages}).fetchall()
        return dict(rows)

    def matching(self, field: str, text: str) -> list[int]:
        """The documents holding one term, in document order."""
        return [d for (d,) in self.conn.execute(
            f"SELECT docnum FROM {self.schema}.postings WHERE field = %s AND term = %s ORDER BY docnum",
            (FIELD_CODE[field], _text(text)))]

    def positions(self, field: str, texts: Sequence[str], docnums: Sequence[int] | None = None
                  ) -> dict[int, dict[str, list[int]]]:
        """Per document holding every one of ``texts`` in ``field``: each term's positions."""
        distinct = sorted(set(map(_text, texts)))
        extra = "AND docnum = ANY(%(docs)s)" if docnums is not None else ""
        rows = self.conn.execute(
            f"""SELECT docnum, term, positions FROM {self.schema}.postings
                WHERE field = %(field)s AND term = ANY(%(terms)s::text[]) {extra}
                AND docnum IN (SELECT docnum FROM {self.schema}.postings
                               WHERE field = %(field)s AND term = ANY(%(terms)s::text[])
                               GROUP BY docnum HAVING count(*) = %(n)s)""",
            {"field": FIELD_CODE[field], "terms": distinct, "n": len(distinct), "docs": list(docnums or [])}
        ).fetchall()
        found: dict[int, dict[str, list[int]]] = {}
        for docnum, term, positions in rows:
            found.setdefault(docnum, {})[term] = positions or []
        return found

    # -- documents --------------------------------------------------------------------------

    def all_docnums(self) -> list[int]:
        return [d for (d,) in self.conn.execute(f"SELECT docnum FROM {self.schema}.docs ORDER BY docnum")]

    def columns(self) -> dict[int, tuple[str, str | None, Any]]:
        """docnum → (lang, source, date) of every document."""
        return {d: (lang, source, day) for d, lang, source, day in self.conn.execute(
            f"SELECT docnum, lang, source, date_key FROM {self.schema}.docs")}

    def stored(self, docnums: Sequence[int]) -> dict[int, dict[str, Any]]:
        """The stored fields of each document, as the Whoosh backend stores them."""
        rows = self.conn.execute(f"SELECT {_STORED} FROM {self.schema}.docs WHERE docnum = ANY(%s)",
                                 (list(docnums),)).fetchall()
        return {row[0]: _stored(row) for row in rows}

    def docnum(self, doc_id: str) -> int | None:
        row = self.conn.execute(f"SELECT docnum FROM {self.schema}.docs WHERE id = %s", (doc_id,)).fetchone()
        return row[0] if row else None

    def group_members(self, group: str) -> list[tuple[int, str]]:
        """(docnum, id) of every document of a language-version group."""
        return self.conn.execute(f"SELECT docnum, id FROM {self.schema}.docs WHERE grp = %s ORDER BY docnum",
                                 (group,)).fetchall()

    def shared_groups(self) -> dict[int, str]:
        """Group of every document whose group has other language versions (the ones to fold)."""
        return dict(self.conn.execute(
            f"SELECT docnum, grp FROM {self.schema}.docs WHERE grp IN "
            f"(SELECT grp FROM {self.schema}.docs GROUP BY grp HAVING count(*) > 1)").fetchall())

    def size_bytes(self) -> int:
        """The generation's tables and indexes on disk."""
        return int(self.conn.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
            (self.schema,)).fetchone()[0])


def _stored(row: tuple) -> dict[str, Any]:
    docnum, doc_id, grp, path, lang, source, date_iso, url, digest, title, body = row
    return {"id": doc_id, "group": grp, "path": path, "lang": lang, "source": source, "date_iso": date_iso,
            "url": url, "hash": digest, "title": title, "body": body}


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value

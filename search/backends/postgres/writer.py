"""Writes documents and their postings (this project's analysis) with COPY; updates in one transaction."""

from __future__ import annotations

import json
from typing import Any

from whoosh.util.numeric import byte_to_length, length_to_byte

from search.backends.postgres import store
from search.backends.postgres.schema import FIELD_CODE, FIELDS, POSITIONAL, generation_ddl, generation_indexes
from search.backends.whoosh.postings import document_postings
from search.backends.whoosh.schema import EXACT_FIELD, build_schema

FLUSH_EVERY = 2000
"""Documents buffered between two COPY batches."""
_DOC_COLUMNS = "docnum, id, grp, path, lang, source, date_key, date_iso, url, hash, title, body, lengths"


class PgWriter:
    """Adds and deletes documents of one generation; nothing is visible to readers before ``commit``.

    A rebuild (``fresh``) fills a new schema and swaps it in; an update changes the live schema in
    one transaction. Either way a failure or a kill before the commit leaves the old index as it was.
    """

    def __init__(self, conn: Any, live_schema: str | None, fresh: bool) -> None:
        self.conn, self.fresh = conn, fresh
        self.whoosh_schema = build_schema()
        self._docs: list[tuple] = []
        self._postings: list[tuple] = []
        if fresh:
            store.drop_leftovers(conn)
            self.schema = store.new_generation_name()
            for statement in generation_ddl(self.schema):
                conn.execute(statement)
            self.next_docnum = 0
        else:
            self.schema = live_schema
            self._transaction = conn.transaction()
            self._transaction.__enter__()
            conn.execute("CREATE TEMP TABLE affected (field smallint, term text COLLATE \"C\") ON COMMIT DROP")
            self.next_docnum = conn.execute(f"SELECT coalesce(max(docnum) + 1, 0) FROM {self.schema}.docs").fetchone()[0]
        self.first_new = self.next_docnum

    def add_document(self, doc: Any) -> None:
        from search.indexer import document_fields

        fields = document_fields(doc)
        postings = document_postings(self.whoosh_schema, doc.title, fields[EXACT_FIELD], doc.lang)
        docnum = self.next_docnum
        self.next_docnum += 1
        lengths = [0] * len(FIELDS)
        for name, (items, length) in postings.items():
            code = FIELD_CODE[name]
            lengths[code] = length
            fl = byte_to_length(length_to_byte(length))
            decode = self.whoosh_schema[name].format.decode_positions if code in POSITIONAL else None
            for term, _freq, weight, value in items:
                self._postings.append((code, term.decode("utf-8"), docnum, weight, fl,
                                       decode(value) if decode else None))
        self._docs.append((docnum, doc.id, fields["group"], doc.path, doc.lang, doc.source,
                           fields.get("date"), fields.get("date_iso"), doc.url, doc.content_hash,
                           doc.title or "", doc.body or "", lengths))
        if len(self._docs) >= FLUSH_EVERY:
            self._flush()

    def delete_by_term(self, field: str, value: str) -> None:
        """Delete the documents whose ``id`` or ``path`` is ``value`` (those already in the index)."""
        if self.fresh:
            return  # a fresh generation holds only what this build adds
        column = {"id": "id", "path": "path"}[field]
        gone = [r[0] for r in self.conn.execute(
            f"DELETE FROM {self.schema}.docs WHERE {column} = %s AND docnum < %s RETURNING docnum",
            (value, self.first_new))]
        if gone:
            self.conn.execute(f"INSERT INTO affected SELECT field, term FROM {self.schema}.postings "
                              "WHERE docnum = ANY(%s)", (gone,))
            self.conn.execute(f"DELETE FROM {self.schema}.postings WHERE docnum = ANY(%s)", (gone,))

    def _flush(self) -> None:
        with self.conn.cursor() as cur:
            with cur.copy(f"COPY {self.schema}.docs ({_DOC_COLUMNS}) FROM STDIN") as copy:
                for row in self._docs:
                    copy.write_row(row)
            with cur.copy(f"COPY {self.schema}.postings (field, term, docnum, weight, fl, positions) "
                          "FROM STDIN") as copy:
                for row in self._postings:
                    copy.write_row(row)
        self._docs, self._postings = [], []

    def commit(self, meta: dict[str, Any]) -> int:
        """Make the written documents live with ``meta`` as the build record; the document count."""
        self._flush()
        s, conn = self.schema, self.conn
        if self.fresh:
            conn.execute(f"INSERT INTO {s}.terms SELECT field, term, count(*) FROM {s}.postings GROUP BY 1, 2")
            for statement in generation_indexes(s):
                conn.execute(statement)
        else:
            conn.execute(f"INSERT INTO affected SELECT field, term FROM {s}.postings WHERE docnum >= %s",
                         (self.first_new,))
            conn.execute(f"DELETE FROM {s}.terms t USING affected a WHERE t.field = a.field AND t.term = a.term")
            conn.execute(f"INSERT INTO {s}.terms SELECT p.field, p.term, count(*) FROM {s}.postings p "
                         "JOIN (SELECT DISTINCT field, term FROM affected) a USING (field, term) GROUP BY 1, 2")
            conn.execute(f"DELETE FROM {s}.fields")
        sums = ", ".join(f"coalesce(sum(lengths[{code + 1}]), 0)" for code in range(len(FIELDS)))
        totals = conn.execute(f"SELECT count(*), {sums} FROM {s}.docs").fetchone()
        with conn.cursor() as cur:
            cur.executemany(f"INSERT INTO {s}.fields VALUES (%s, %s)", list(enumerate(totals[1:])))
        meta = {**meta, "documents": totals[0]}
        if self.fresh:
            old = store.publish(conn, s, meta)
            if old:
                conn.execute(f"DROP SCHEMA IF EXISTS {old} CASCADE")
        else:
            conn.execute(f"UPDATE public.{store.META_TABLE} SET meta = %s", (json.dumps(meta),))
            self._transaction.__exit__(None, None, None)
        return totals[0]

    def cancel(self) -> None:
        """Leave the live index as it was: roll the update back, or drop the half-built schema."""
        if self.conn.closed:
            return
        if not self.fresh:
            self._transaction.__exit__(RuntimeError, RuntimeError("cancelled"), None)
            return
        self.conn.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")

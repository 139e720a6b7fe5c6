"""Writes documents and their postings (this project's analysis) with COPY; updates in one transaction."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from whoosh.util.numeric import byte_to_length, length_to_byte

from search.backends.postgres import location as locations
from search.backends.postgres import store
from search.backends.postgres.schema import FIELD_CODE, FIELDS, POSITIONAL, VERSION, generation_ddl, generation_indexes
from search.backends.whoosh.postings import document_postings
from search.backends.whoosh.schema import EXACT_FIELD, build_schema

FLUSH_EVERY = 2000
"""Documents buffered between two COPY batches."""
_DOC_COLUMNS = "docnum, id, grp, path, lang, source, date_key, date_iso, url, hash, title, body, lengths"


def open_writer(location: Any, *, rebuild: bool = False, lock_timeout: float = 10.0) -> PgWriter:
    """The one writer of the database at ``location`` (IndexLocked after ``lock_timeout`` s)."""
    import psycopg

    where = locations.parse(location)
    conn = locations.connect(where)
    try:
        store.take_writer_lock(conn, where, lock_timeout)
        live = store.live_or_none(conn)
        usable = live if live and live[1].get("schema_version") == VERSION and not rebuild else None
        return PgWriter(conn, where, usable)
    except psycopg.Error as exc:
        conn.close()
        raise locations.unavailable(where, exc) from None
    except BaseException:
        conn.close()
        raise


class PgWriter:
    """Adds and deletes documents; nothing is visible to readers before ``commit``.

    A rebuild fills a new schema and swaps it in; an update changes the live schema in one
    transaction. Either way a failure or a kill before the commit leaves the old index as it was
    (the connection's end rolls back and releases the lock).
    """

    def __init__(self, conn: Any, where: locations.Location, live: tuple[str, dict[str, Any]] | None) -> None:
        self.conn, self.where = conn, where
        self.fresh = live is None
        self._previous = live[1] if live else None
        self.whoosh_schema = build_schema()
        self._docs: list[tuple] = []
        self._postings: list[tuple] = []
        if self.fresh:
            store.drop_leftovers(conn)
            self.schema = store.new_generation_name()
            for statement in generation_ddl(self.schema):
                conn.execute(statement)
            self.next_docnum = 0
        else:
            self.schema = live[0]
            self._transaction = conn.transaction()
            self._transaction.__enter__()
            conn.execute("CREATE TEMP TABLE affected (field smallint, term text COLLATE \"C\") ON COMMIT DROP")
            # Never reuse a number: a reader's keys stay valid for the documents that stay.
            top = conn.execute(f"SELECT coalesce(max(docnum) + 1, 0) FROM {self.schema}.docs").fetchone()[0]
            self.next_docnum = max(top, int(self._previous.get("next_docnum", 0)))
        self.first_new = self.next_docnum

    def previous(self) -> Mapping[str, Any] | None:
        return self._previous

    def add(self, doc: Any) -> None:
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

    def delete(self, doc_ids: Sequence[str]) -> None:
        self._delete("id", list(doc_ids))

    def delete_path(self, path: str) -> None:
        self._delete("path", [path])

    def delete_by_term(self, field: str, value: str) -> None:
        self._delete(field, [value])

    def _delete(self, column: str, values: list[str]) -> None:
        """Delete the documents already in the index whose ``column`` is one of ``values``."""
        if self.fresh or not values:
            return  # a fresh generation holds only what this build adds
        column = {"id": "id", "path": "path"}[column]
        gone = [r[0] for r in self.conn.execute(
            f"DELETE FROM {self.schema}.docs WHERE {column} = ANY(%s) AND docnum < %s RETURNING docnum",
            (values, self.first_new))]
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

    def commit(self, meta: Mapping[str, Any]) -> int:
        """Make the written documents live with ``meta`` as the build record; the document count."""
        import psycopg

        try:
            return self._commit(meta)
        except psycopg.Error as exc:
            raise locations.unavailable(self.where, exc) from None
        finally:
            self.conn.close()

    def _commit(self, meta: Mapping[str, Any]) -> int:
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
        record = {**meta, "schema_version": VERSION, "documents": totals[0], "next_docnum": self.next_docnum,
                  "commit": secrets.token_hex(8)}
        conn.execute(f"DELETE FROM {s}.meta")
        conn.execute(f"INSERT INTO {s}.meta VALUES (%s)", (json.dumps(record),))
        if self.fresh:
            store.publish(conn, s)
        else:
            self._transaction.__exit__(None, None, None)
        return totals[0]

    def abort(self, error: BaseException) -> BaseException:
        """Leave the live index as it was: roll the update back, or drop the half-built schema."""
        import psycopg

        try:
            if not self.conn.closed and not self.conn.broken:
                if self.fresh:
                    self.conn.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
                else:
                    self._transaction.__exit__(type(error), error, None)
        except psycopg.Error:
            pass  # the server went away: it rolled back itself, the next build drops the leftovers
        finally:
            self.conn.close()
        if isinstance(error, psycopg.Error):
            return locations.unavailable(self.where, error)
        return error

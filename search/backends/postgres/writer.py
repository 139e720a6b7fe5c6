"""The PostgreSQL Writer: a rebuild's new generation by COPY, swapped in at once; an update in place."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from whoosh.util.numeric import byte_to_length, length_to_byte

from search.backends.postgres import inplace, shards, store
from search.backends.postgres import location as locations
from search.backends.postgres.schema import (
    FIELD_CODE, FIELDS, GEN_PREFIX, POSITIONAL, VERSION, generation_ddl, generation_indexes,
)
from search.backends.whoosh.postings import document_postings
from search.backends.whoosh.schema import EXACT_FIELD, build_schema

FLUSH_EVERY = 2000
"""Documents buffered between two COPY batches."""
_DOC_COLUMNS = "docnum, id, grp, path, lang, source, date_key, date_iso, url, hash, title, body, lengths"
_POSTING_COLUMNS = "field, term, docnum, weight, fl, positions"


@contextmanager
def open_writer(location: Any, lock_timeout: float = 10.0) -> Iterator[PgWriter]:
    """The one writer of the database at ``location`` (IndexLocked after ``lock_timeout`` s); the
    lock goes with the connection when the context ends."""
    import psycopg

    where = locations.parse(location)
    conn = locations.connect(where)
    shard_set = None
    try:
        # A build's statements (COPY, the statistics, the indexes) grow with the corpus: the
        # queries' time bound is not theirs.
        conn.execute("SET statement_timeout = 0")
        store.take_writer_lock(conn, where, lock_timeout)
        live = store.live_or_none(conn)
        live = live if live and live[1].get("schema_version") == VERSION else None
        declared = shards.declared(where.shards) or shards.recorded(live[1] if live else None)
        shard_set = shards.ShardSet(where, declared) if declared else None
        yield PgWriter(conn, where, live, shard_set)
    except (psycopg.OperationalError, psycopg.InterfaceError, psycopg.errors.ReadOnlySqlTransaction) as exc:
        raise locations.unavailable(where, exc) from None  # other errors are bugs, shown as such
    finally:
        if shard_set is not None:
            shard_set.close()
        conn.close()


class PgWriter:
    """The backend Writer (search.backends.base) over PostgreSQL.

    A rebuild writes a new generation (a schema) and swaps it in; readers stay on the generation
    they opened until they refresh. An update changes the live generation in one transaction
    (search.backends.postgres.inplace): its changed documents' rows and the global statistics,
    seen by readers all at once at commit. A failure or a kill before the commit leaves the old
    index as it was (the connection's end rolls back and releases the lock; the next writer drops
    a half-built schema).
    """

    def __init__(self, conn: Any, where: locations.Location, live: tuple[str, dict[str, Any]] | None,
                 shard_set: shards.ShardSet | None = None) -> None:
        self.conn, self.where = conn, where
        self._live = live
        self.shards = shard_set
        self.base: str | None = None
        self.schema: str | None = None
        self.whoosh_schema = build_schema()
        self._docs: list[tuple] = []
        self._postings: list[tuple] = []
        self._deleted: set[int] = set()
        self.next_docnum = 0
        self.documents = 0
        self.in_place = False
        self._vectors_put = False
        self._load = ("", "")
        """The tables COPY fills: the new generation's, or an update's staging tables."""

    def begin(self, update: bool) -> None:
        self.base = self._live[0] if update and self._live else None
        store.drop_leftovers(self.conn)
        if self.shards is not None:
            self.shards.drop_except(GEN_PREFIX, self._live[0] if self._live else None)
        if self.base is not None:
            self.in_place, self.schema = True, self.base
            inplace.stage(self.conn, self.schema)
            self._load = (inplace.STAGED_DOCS, inplace.STAGED_POSTINGS)
        else:
            self.schema = store.new_generation_name()
            if self.shards is not None:
                self.shards.servers(self.conn)
                self.shards.create(self.conn, self.schema, generation_ddl(self.schema))
            else:
                for statement in generation_ddl(self.schema):
                    self.conn.execute(statement)
            self._load = (f"{self.schema}.docs", f"{self.schema}.postings")
        # Never reuse a number: keys a reader holds never name another document.
        self.next_docnum = int(self._live[1].get("next_docnum", 0)) if self._live else 0

    def previous(self) -> Mapping[str, Any] | None:
        if self._live and self.shards is not None and shards.recorded(self._live[1]) != self.shards.shards:
            return None  # declared shards other than the live index's: only a rebuild moves the rows
        return self._live[1] if self._live else None

    def add(self, doc: Any) -> None:
        from search.backends.whoosh.build import document_fields

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

    def add_many(self, docs: Sequence[Any], procs: int) -> None:
        """One process: the server does the heavy part (COPY, statistics, indexes)."""
        for doc in docs:
            self.add(doc)

    def delete(self, doc_ids: Sequence[str]) -> None:
        self._delete("id", list(doc_ids))

    def delete_path(self, path: str) -> None:
        self._delete("path", [path])

    def _delete(self, column: str, values: list[str]) -> None:
        """Remove (from the new state) the live documents whose ``column`` is one of ``values``."""
        if self.base is None or not values:
            return  # a rebuild holds only what it adds
        column = {"id": "id", "path": "path"}[column]
        self._deleted.update(r[0] for r in self.conn.execute(
            f"SELECT docnum FROM {self.base}.docs WHERE {column} = ANY(%s)", (values,)))

    def _flush(self) -> None:
        if self.shards is not None and not self.in_place:
            if self._docs:
                self.shards.copy(self.conn, self.schema, self._docs, self._postings, _DOC_COLUMNS, _POSTING_COLUMNS)
            self._docs, self._postings = [], []
            return
        with self.conn.cursor() as cur:
            with cur.copy(f"COPY {self._load[0]} ({_DOC_COLUMNS}) FROM STDIN") as copy:
                for row in self._docs:
                    copy.write_row(row)
            with cur.copy(f"COPY {self._load[1]} ({_POSTING_COLUMNS}) FROM STDIN") as copy:
                for row in self._postings:
                    copy.write_row(row)
        self._docs, self._postings = [], []

    def cancel(self) -> None:
        self._docs, self._postings, self._deleted = [], [], set()

    def write(self) -> None:
        """The new state complete, statistics (and a new generation's indexes) made; not live yet."""
        self._flush()
        s, conn = self.schema, self.conn
        if self.in_place:
            self.documents = inplace.apply(conn, s, sorted(self._deleted))
            return
        if self.shards is not None:
            self.documents = self.shards.statistics(conn, s, len(FIELDS))
            self.shards.finish(s, generation_indexes(s))
            conn.execute(f"ANALYZE {s}.terms")
            return
        conn.execute(f"INSERT INTO {s}.terms SELECT field, term, count(*) FROM {s}.postings GROUP BY 1, 2")
        sums = ", ".join(f"coalesce(sum(lengths[{code + 1}]), 0)" for code in range(len(FIELDS)))
        totals = conn.execute(f"SELECT count(*), {sums} FROM {s}.docs").fetchone()
        with conn.cursor() as cur:
            cur.executemany(f"INSERT INTO {s}.fields VALUES (%s, %s)", list(enumerate(totals[1:])))
        for statement in generation_indexes(s):
            conn.execute(statement)
        self.documents = totals[0]

    def previous_vectors(self) -> Any:
        from search.backends.postgres import vectors

        return vectors.load(self.conn, self._live[0]) if self._live else None

    def put_vectors(self, new: Any) -> None:
        from search.backends.postgres import vectors

        vectors.save(self.conn, self.schema, new)
        self._vectors_put = True

    def commit(self, meta: Mapping[str, Any]) -> None:
        """Make the new generation live with ``meta`` as its build record, in one statement."""
        record = {**meta, "schema_version": VERSION, "documents": self.documents, "next_docnum": self.next_docnum,
                  "commit": secrets.token_hex(8)}
        if self.shards is not None:
            record["shards"] = shards.record(self.shards.shards)
        files = json.dumps(record.pop("files", {}))
        if self.in_place:
            if not self._vectors_put:  # the new state has the vectors its run put, or none
                from search.backends.postgres import vectors

                vectors.drop(self.conn, self.schema)
            inplace.finish(self.conn, self.schema, json.dumps(record), files)
            return
        self.conn.execute(f"INSERT INTO {self.schema}.meta VALUES (%s)", (json.dumps(record),))
        self.conn.execute(f"INSERT INTO {self.schema}.manifest VALUES (%s)", (files,))
        store.publish(self.conn, self.schema)

    def abort(self, error: BaseException) -> BaseException:
        """Leave the live index as it was: roll an update back, drop a rebuild's half-built schema."""
        import psycopg

        try:
            if self.conn.closed or self.conn.broken:
                pass  # the server rolled back when the connection went
            elif self.in_place:
                self.conn.rollback()
            elif self.schema:
                self.conn.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
                if self.shards is not None:
                    self.shards.drop(self.schema)
        except psycopg.Error:
            pass  # the server went away: the next build drops the leftovers
        if isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError)):
            return locations.unavailable(self.where, error)
        return error

"""One reader connection per engine: snapshots of the live generation, reconnecting after a failure."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from search.errors import SearchError
from search.backends.postgres import location as locations
from search.backends.postgres import store
from search.backends.postgres.snapshot import Snapshot


class PgIndex:
    """The index in one database. Each :meth:`snapshot` is one read-only REPEATABLE READ
    transaction, so a search sees one generation, before or after a writer's commit, never half.

    A broken connection (server restarted, network gone) raises ServerUnavailable once; the next
    call connects again.
    """

    def __init__(self, location: Any) -> None:
        self.location = locations.parse(location)
        self._conn: Any = None
        self._lock = threading.RLock()

    def _connection(self) -> Any:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = locations.connect(self.location)
        return self._conn

    @contextmanager
    def snapshot(self, schema: str | None = None) -> Iterator[Snapshot]:
        """Generation ``schema`` (default: the live one) in one transaction; ServerUnavailable when
        the server fails, UndefinedTable when that generation was dropped."""
        import psycopg

        with self._lock:
            conn = self._connection()
            try:
                with conn.transaction():
                    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    if schema is None:
                        schema, meta = store.live(conn, self.location, manifest=False)
                    else:
                        meta = store.read_meta(conn, schema, manifest=False)
                    yield Snapshot(conn, schema, meta)
            except (SearchError, psycopg.errors.UndefinedTable):
                raise
            except psycopg.errors.QueryCanceled as exc:
                raise locations.unavailable(self.location, exc) from None
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                # A lost server leaves the connection broken: the next call makes a new one. Any other
                # error (bad SQL, a value psycopg cannot send) is a bug and surfaces as one.
                raise locations.unavailable(self.location, exc) from None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except Exception:  # closing a dead connection must not hide the first error
                    pass
                self._conn = None

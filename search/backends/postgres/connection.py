"""One reader connection per engine: snapshots of the live generation, reconnecting after a failure."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from search.errors import SearchError
from search.backends.postgres import location as locations
from search.backends.postgres import store
from search.backends.postgres.reader import Snapshot


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
    def snapshot(self) -> Iterator[Snapshot]:
        """The live generation in one transaction; ServerUnavailable when the server fails."""
        import psycopg

        with self._lock:
            conn = self._connection()
            try:
                with conn.transaction():
                    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    schema, meta = store.live(conn, self.location)
                    yield Snapshot(conn, schema, meta)
            except (SearchError, psycopg.errors.UndefinedTable):
                raise
            except psycopg.errors.QueryCanceled as exc:
                raise locations.unavailable(self.location, exc) from None
            except psycopg.Error as exc:
                self.close()
                raise locations.unavailable(self.location, exc) from None

    def read(self, operation: Callable[[Snapshot], Any]) -> Any:
        """``operation(snapshot)``, again on the new generation if a writer retired the one it
        started on (its tables vanished between reading the pointer and reading them)."""
        import psycopg

        for attempt in range(2):
            try:
                with self.snapshot() as snap:
                    return operation(snap)
            except psycopg.errors.UndefinedTable as exc:
                if attempt:
                    raise locations.unavailable(self.location, exc) from None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except Exception:  # closing a dead connection must not hide the first error
                    pass
                self._conn = None

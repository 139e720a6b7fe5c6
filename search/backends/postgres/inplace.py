"""An incremental update in the live generation: changed rows and global statistics in one transaction."""

from __future__ import annotations

from typing import Any

from search.backends.postgres.schema import FIELDS, MANIFEST_DDL

STAGED_DOCS = "pg_temp.staged_docs"
STAGED_POSTINGS = "pg_temp.staged_postings"
"""Where an update's new rows wait until ``apply``: a changed document's new row must not meet its
old one under the unique id index, so the old rows go first."""


def stage(conn: Any, schema: str) -> None:
    """Open the update's transaction and the session tables its new rows are copied into."""
    conn.autocommit = False  # one transaction from here to ``commit``: readers see old or new
    conn.execute(f"CREATE TEMP TABLE staged_docs (LIKE {schema}.docs) ON COMMIT DROP")
    conn.execute(f"CREATE TEMP TABLE staged_postings (LIKE {schema}.postings) ON COMMIT DROP")


def apply(conn: Any, schema: str, gone: list[int]) -> int:
    """Delete the ``gone`` documents, insert the staged ones, and move the term and field
    statistics by the difference; the number of documents after. Nothing is visible until commit."""
    s = schema
    if gone:
        conn.execute(f"UPDATE {s}.terms t SET df = t.df - d.n FROM (SELECT field, term, count(*) AS n "
                     f"FROM {s}.postings WHERE docnum = ANY(%s::integer[]) GROUP BY 1, 2) d "
                     "WHERE t.field = d.field AND t.term = d.term", (gone,))
        _move_lengths(conn, s, f"{s}.docs WHERE docnum = ANY(%s::integer[])", (gone,), -1)
        conn.execute(f"DELETE FROM {s}.postings WHERE docnum = ANY(%s::integer[])", (gone,))
        conn.execute(f"DELETE FROM {s}.docs WHERE docnum = ANY(%s::integer[])", (gone,))
    conn.execute(f"INSERT INTO {s}.docs SELECT * FROM {STAGED_DOCS}")
    conn.execute(f"INSERT INTO {s}.postings SELECT * FROM {STAGED_POSTINGS}")
    conn.execute(f"INSERT INTO {s}.terms AS t SELECT field, term, count(*) FROM {STAGED_POSTINGS} GROUP BY 1, 2 "
                 "ON CONFLICT (field, term) DO UPDATE SET df = t.df + EXCLUDED.df")
    _move_lengths(conn, s, STAGED_DOCS, (), +1)
    # A term no document holds any more leaves the dictionary, as in a rebuild (expansions, suggestions).
    conn.execute(f"DELETE FROM {s}.terms WHERE df <= 0")
    return int(conn.execute(f"SELECT count(*) FROM {s}.docs").fetchone()[0])


def _move_lengths(conn: Any, schema: str, rows: str, params: tuple, sign: int) -> None:
    sums = ", ".join(f"coalesce(sum(lengths[{code + 1}]), 0)" for code in range(len(FIELDS)))
    totals = conn.execute(f"SELECT {sums} FROM {rows}", params).fetchone()
    with conn.cursor() as cur:
        cur.executemany(f"UPDATE {schema}.fields SET total_length = total_length + %s WHERE field = %s",
                        [(sign * int(total), code) for code, total in enumerate(totals) if total])


def finish(conn: Any, schema: str, record: str, files: str) -> None:
    """Record the build and commit: the update becomes visible at once, whole."""
    conn.execute(f"UPDATE {schema}.meta SET meta = %s", (record,))
    conn.execute(MANIFEST_DDL.format(schema=schema))  # a generation made before the manifest table
    conn.execute(f"DELETE FROM {schema}.manifest")
    conn.execute(f"INSERT INTO {schema}.manifest VALUES (%s)", (files,))
    conn.commit()

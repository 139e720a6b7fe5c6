"""The semantic layer in a generation's ``vectors`` table: one row per document (id, content hash,
language, row scale, the int8 vector as bytes), read whole by a reader once per committed state."""

from __future__ import annotations

from typing import Any

import numpy as np

from search.semantic.encoder import DIM, MODEL
from search.semantic.vectors import Vectors, consistent

DDL = ("CREATE TABLE IF NOT EXISTS {schema}.vectors (id text PRIMARY KEY, hash text NOT NULL, "
       "lang text NOT NULL, scale real NOT NULL, vec bytea NOT NULL, model text NOT NULL)")


def exists(conn: Any, schema: str) -> bool:
    return conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"{schema}.vectors",)).fetchone()[0]


def load(conn: Any, schema: str) -> Vectors | None:
    """The generation's vectors; None when it has none, or not of this model."""
    if not exists(conn, schema):
        return None
    rows = conn.execute(f"SELECT id, hash, lang, scale, vec, model FROM {schema}.vectors ORDER BY id").fetchall()
    if not rows or any(row[5] != MODEL or len(row[4]) != DIM for row in rows):
        return None
    matrix = np.frombuffer(b"".join(bytes(row[4]) for row in rows), dtype=np.int8).reshape(len(rows), DIM)
    vectors = Vectors([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], matrix,
                      np.asarray([r[3] for r in rows], dtype=np.float32))
    return vectors if consistent(vectors) else None


def save(conn: Any, schema: str, vectors: Vectors) -> None:
    """Make the table hold exactly ``vectors`` (inside the writer's transaction for an update)."""
    conn.execute(DDL.format(schema=schema))
    conn.execute(f"DELETE FROM {schema}.vectors")  # not TRUNCATE: readers keep reading the old rows
    matrix = np.ascontiguousarray(vectors.matrix, dtype=np.int8)
    with conn.cursor() as cur:
        with cur.copy(f"COPY {schema}.vectors (id, hash, lang, scale, vec, model) FROM STDIN") as copy:
            for n, doc_id in enumerate(vectors.ids):
                copy.write_row((doc_id, vectors.hashes[n], vectors.langs[n], float(vectors.scales[n]),
                                matrix[n].tobytes(), vectors.model))


def drop(conn: Any, schema: str) -> None:
    conn.execute(f"DROP TABLE IF EXISTS {schema}.vectors")

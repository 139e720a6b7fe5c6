"""The live generation pointer, generation schemas, and the one-writer advisory lock."""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from search.errors import IndexLocked, IndexNotFound, IndexVersionError, SearchError
from search.backends.postgres.location import Location
from search.backends.postgres.schema import GEN_PREFIX, META_DDL, META_TABLE, VERSION

LOCK_KEY = 0x6E657773
"""The advisory lock a writer holds (one writer per database)."""
LOCK_POLL = 0.2
def live(conn: Any, location: Location, manifest: bool = True) -> tuple[str, dict[str, Any]]:
    """(schema, build record) of the live generation; IndexNotFound / IndexVersionError otherwise."""
    row = live_or_none(conn, manifest)
    if row is None:
        raise IndexNotFound(location)
    schema, meta = row
    if meta.get("schema_version") != VERSION:
        raise IndexVersionError(location, meta.get("schema_version"), VERSION)
    return schema, meta


def live_or_none(conn: Any, manifest: bool = True) -> tuple[str, dict[str, Any]] | None:
    exists = conn.execute("SELECT to_regclass(%s)", (f"public.{META_TABLE}",)).fetchone()[0]
    if exists is None:
        return None
    row = conn.execute(f"SELECT generation FROM public.{META_TABLE}").fetchone()
    return None if row is None else (row[0], read_meta(conn, row[0], manifest))


def read_meta(conn: Any, schema: str, manifest: bool = True) -> dict[str, Any]:
    """The build record a generation's last commit wrote; without its ``files`` manifest unless
    ``manifest``: only writers compare files, and the manifest grows with the archive (5.8 MB
    at 68,000 documents): readers fetching it in every snapshot spent seconds per query."""
    row = conn.execute(f"SELECT meta - 'files' FROM {schema}.meta").fetchone()
    meta = row[0] if row else {}
    if manifest:
        if conn.execute("SELECT to_regclass(%s)", (f"{schema}.manifest",)).fetchone()[0] is None:
            row = conn.execute(f"SELECT meta -> 'files' FROM {schema}.meta").fetchone()  # an older generation
        else:
            row = conn.execute(f"SELECT files FROM {schema}.manifest").fetchone()
        if row and row[0] is not None:
            meta["files"] = row[0]
    return meta


def new_generation_name() -> str:
    return f"{GEN_PREFIX}{datetime.now(timezone.utc):%Y%m%d%H%M%S}_{secrets.token_hex(3)}"


def publish(conn: Any, schema: str) -> None:
    """Make the complete generation ``schema`` live in one statement: readers see the old or the
    new, never half. The old one stays until the next build, for readers still on it."""
    conn.execute(META_DDL)
    conn.execute(f"INSERT INTO public.{META_TABLE} (singleton, generation) VALUES (true, %s) "
                 "ON CONFLICT (singleton) DO UPDATE SET generation = EXCLUDED.generation", (schema,))


def drop_leftovers(conn: Any) -> None:
    """Drop every generation schema that is not live: retired ones and those of a killed build.
    Only called under the writer lock, so no build of another writer is dropped."""
    row = live_or_none(conn)
    keep = row[0] if row else None
    names = [r[0] for r in conn.execute(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (GEN_PREFIX.replace("_", r"\_") + "%",))]
    for name in names:
        if name != keep:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def take_writer_lock(conn: Any, location: Location, timeout: float) -> None:
    """Take the database's writer lock: a session advisory lock, released when the writer's
    connection ends (a finished, failed or killed writer never leaves it held)."""
    deadline = time.monotonic() + max(0.0, timeout)
    while not conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()[0]:
        if time.monotonic() >= deadline:
            raise IndexLocked(location, timeout)
        time.sleep(LOCK_POLL)


def recorded_seeds_dir(location: Any) -> Path | None:
    """The seeds folder the live generation records; None when there is none or it cannot be read
    (a build then reports what is wrong with the server itself)."""
    import psycopg

    from search.backends.postgres.location import connect, parse

    try:
        with connect(parse(location)) as conn:
            live = live_or_none(conn)
    except (psycopg.Error, SearchError):
        return None
    seeds = live[1].get("seeds_dir") if live else None
    return Path(seeds) if isinstance(seeds, str) and seeds else None

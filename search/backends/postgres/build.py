"""``build_index`` into a PostgreSQL database: the indexer's plan, carried out by PgWriter."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from search import indexer
from search.backends.postgres import location as locations
from search.backends.postgres import store
from search.backends.postgres.schema import VERSION
from search.backends.postgres.writer import PgWriter
from search.backends.whoosh.store import utc_now
from search.ingest import scan_seeds
from search.models import IndexReport, Progress


def build(location: Any, seeds_dir: str | os.PathLike[str] | None, *, rebuild: bool = False,
          progress: indexer.ProgressCallback | None = None, lock_timeout: float = 10.0) -> IndexReport:
    """Index ``seeds_dir`` into the database at ``location``; see ``search.build_index``."""
    import psycopg

    started = time.perf_counter()
    where = locations.parse(location)
    report = progress or (lambda _p: None)
    conn = locations.connect(where)
    try:
        live = store.live_or_none(conn)
        old_meta = live[1] if live and live[1].get("schema_version") == VERSION else None
        recorded = old_meta.get("seeds_dir") if old_meta else None
        seeds = indexer.choose_seeds_dir(str(where), Path(recorded) if recorded else None, seeds_dir, rebuild)
        files, skipped = scan_seeds(seeds)
        report(Progress("scan", 0, 0))
        with store.writer_lock(conn, where, lock_timeout):
            live = store.live_or_none(conn)  # another writer may have finished while we waited
            old = live if live and live[1].get("schema_version") == VERSION else None
            if old is not None and (rebuild or old[1].get("id_scheme") != indexer.ID_SCHEME):
                old = None
            old_files: dict[str, dict[str, Any]] = old[1].get("files", {}) if old else {}
            plan = indexer._plan(files, seeds, old_files, report)
            for rel, entry in plan.unchanged.items():
                skipped.extend(indexer._recorded_problems(rel, entry))
            if old is not None and not plan.to_read and not plan.removed:
                report(Progress("done", len(files), len(files)))
                return indexer.run_report(plan, old_files, set(), skipped, int(old[1].get("documents", 0)),
                                          started, False, str(where), seeds)
            writer = PgWriter(conn, old[0] if old else None, fresh=old is None)
            try:
                _ids, manifest, indexed_files = indexer.apply_plan(
                    writer, writer.add_document, plan, old_files, seeds, skipped, report)
                report(Progress("commit", 0, 0))
                documents = writer.commit({
                    "schema_version": VERSION, "built_at": utc_now(), "seeds_dir": str(seeds.resolve()),
                    "id_scheme": indexer.ID_SCHEME, "files": manifest,
                })
            except BaseException:
                writer.cancel()
                raise
    except psycopg.Error as exc:
        raise locations.unavailable(where, exc) from None
    finally:
        conn.close()
    report(Progress("done", len(files), len(files)))
    return indexer.run_report(plan, old_files, indexed_files, skipped, documents, started, old is None,
                              str(where), seeds)

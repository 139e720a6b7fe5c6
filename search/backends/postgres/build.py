"""``build_index`` into a PostgreSQL database: the indexer's plan, carried out by PgWriter."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from search import indexer
from search.backends.postgres import location as locations
from search.backends.postgres.writer import open_writer
from search.backends.whoosh.store import utc_now
from search.ingest import scan_seeds
from search.models import IndexReport, Progress


def build(location: Any, seeds_dir: str | os.PathLike[str] | None, *, rebuild: bool = False,
          progress: indexer.ProgressCallback | None = None, lock_timeout: float = 10.0) -> IndexReport:
    """Index ``seeds_dir`` into the database at ``location``; see ``search.build_index``."""
    started = time.perf_counter()
    where = locations.parse(location)
    report = progress or (lambda _p: None)
    writer = open_writer(where, rebuild=rebuild, lock_timeout=lock_timeout)
    try:
        old = writer.previous()
        recorded = old.get("seeds_dir") if old else None
        seeds = indexer.choose_seeds_dir(str(where), Path(recorded) if recorded else None, seeds_dir, rebuild)
        files, skipped = scan_seeds(seeds)
        report(Progress("scan", 0, 0))
        if old is not None and old.get("id_scheme") != indexer.ID_SCHEME:
            writer.abort(RuntimeError("another id scheme"))
            writer, old = open_writer(where, rebuild=True, lock_timeout=lock_timeout), None
        old_files: dict[str, dict[str, Any]] = old.get("files", {}) if old else {}
        plan = indexer._plan(files, seeds, old_files, report)
        for rel, entry in plan.unchanged.items():
            skipped.extend(indexer._recorded_problems(rel, entry))
        if old is not None and not plan.to_read and not plan.removed:
            writer.abort(RuntimeError("nothing to do"))
            report(Progress("done", len(files), len(files)))
            return indexer.run_report(plan, old_files, set(), skipped, int(old.get("documents", 0)),
                                      started, False, str(where), seeds)
        _ids, manifest, indexed_files = indexer.apply_plan(
            writer, writer.add, plan, old_files, seeds, skipped, report)
        report(Progress("commit", 0, 0))
        documents = writer.commit({"built_at": utc_now(), "seeds_dir": str(seeds.resolve()),
                                   "id_scheme": indexer.ID_SCHEME, "files": manifest})
    except BaseException as exc:
        error = writer.abort(exc)
        if error is exc:
            raise
        raise error from None
    report(Progress("done", len(files), len(files)))
    return indexer.run_report(plan, old_files, indexed_files, skipped, documents, started, old is None,
                              str(where), seeds)

"""Build or update an index from a seeds folder: full rebuilds and incremental updates."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from search import store
from search.config import default_index_dir, default_seeds_dir
from search.errors import IndexDamaged, IndexNotFound, IndexVersionError, InvalidInput, SeedFileError
from search.ingest import file_hash, read_seed_file, relative_path, scan_seeds
from search.ingest.document import Document
from search.models import IndexReport, Progress, SkippedFile
from search.parallel import add_in_two_processes
from search.postings import document_postings
from search.schema import EXACT_FIELD, SCHEMA_VERSION, STEM_FIELDS, TITLE_FIELD, build_schema
from search.semantic.build import has_vectors, semantic_layer
from search.writer import PostingsWriter

ProgressCallback = Callable[[Progress], None]

PARALLEL_MIN_BYTES = 8 * 1024 * 1024
"""Below this much seed text, a second writer process costs more than it saves."""
WRITER_MEMORY_MB = 256


@dataclass
class _Plan:
    """What an incremental run must do, file by file."""

    to_read: list[tuple[Path, str, str]] = field(default_factory=list)  # (path, relpath, hash)
    removed: list[str] = field(default_factory=list)
    unchanged: dict[str, dict[str, Any]] = field(default_factory=dict)


def build_index(
    seeds_dir: str | os.PathLike[str] | None = None,
    index_dir: str | os.PathLike[str] | None = None,
    *,
    rebuild: bool = False,
    progress: ProgressCallback | None = None,
    lock_timeout: float = 10.0,
    procs: int | None = None,
    semantic: bool = True,
) -> IndexReport:
    """Index ``seeds_dir`` into ``index_dir``: incrementally, or from scratch with ``rebuild``.

    The new content is written to a fresh generation and swapped in atomically; until then, and
    after any error or interruption, the previous index stays live and untouched. ``procs``
    bounds writer processes (default: both cores for large rebuilds; pass 1 inside a GUI).
    ``semantic=False`` skips the passage vectors of cross-language search (search.semantic).
    """
    started = time.perf_counter()
    seeds = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir()
    root = Path(index_dir) if index_dir is not None else default_index_dir()
    report = progress or (lambda _p: None)

    _check_index_location(root)
    report(Progress("scan", 0, 0))
    files, skipped = scan_seeds(seeds)
    with store.writer_lock(root, lock_timeout):
        store.clean_leftovers(root)
        old = None if rebuild else _live_generation(root)
        old_files: dict[str, dict[str, Any]] = old.meta.get("files", {}) if old else {}
        plan = _plan(files, seeds, old_files, report)
        skipped.extend(
            SkippedFile(rel, entry["error"]) for rel, entry in plan.unchanged.items() if entry.get("error")
        )
        if old is not None and not plan.to_read and not plan.removed and (not semantic or has_vectors(old.path)):
            report(Progress("done", len(files), len(files)))
            return IndexReport(
                added=0, updated=0, removed=0, unchanged=len(plan.unchanged), skipped=skipped,
                documents=int(old.meta.get("documents", 0)), seconds=time.perf_counter() - started,
                rebuilt=False, index_dir=str(root),
            )
        temp = store.new_temp_dir(root)
        try:
            documents, manifest, indexed_files = _write_generation(
                temp, old, plan, seeds, skipped, report, _writer_procs(procs, plan, old is None)
            )
            semantic_layer(temp, root, semantic, report)
            store.write_meta(temp, {
                "schema_version": SCHEMA_VERSION,
                "built_at": store.utc_now(),
                "seeds_dir": str(seeds.resolve()),
                "documents": documents,
                "files": manifest,
            })
            report(Progress("commit", documents, documents))
            store.publish(root, temp)
        except BaseException:
            store.discard(temp)
            raise
    report(Progress("done", len(files), len(files)))
    return IndexReport(
        added=sum(1 for _p, rel, _d in plan.to_read if rel in indexed_files and rel not in old_files),
        updated=sum(1 for _p, rel, _d in plan.to_read if rel in old_files),
        removed=sum(1 for rel in plan.removed if _doc_hashes(old_files.get(rel))),
        unchanged=len(plan.unchanged), skipped=skipped, documents=documents,
        seconds=time.perf_counter() - started, rebuilt=old is None, index_dir=str(root),
    )


def _check_index_location(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise InvalidInput(f"index path '{root}' is a file, not a folder: choose another index location")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(
            f"cannot create the index folder '{root}' ({exc.strerror}): choose another index location"
        ) from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise InvalidInput(f"index folder '{root}' is not writable: choose another index location")


def _live_generation(root: Path) -> store.Generation | None:
    """The generation to update, or None when there is nothing usable (then: full rebuild).

    A generation whose Whoosh files cannot be opened (e.g. a truncated segment) is not usable:
    updating it would hard-link the damage into the next generation."""
    from whoosh import index as whoosh_index

    try:
        generation = store.current_generation(root)
    except (IndexNotFound, IndexVersionError, IndexDamaged):
        return None
    try:
        ix = whoosh_index.open_dir(str(generation.path))
        try:
            with ix.searcher() as searcher:
                documents = searcher.reader().doc_count()
        finally:
            ix.close()
    except Exception:  # any failure to read it means: rebuild from the seeds
        return None
    if documents != generation.meta.get("documents"):
        return None
    return generation


def _plan(
    files: list[Path], seeds: Path, old_files: dict[str, dict[str, Any]], report: ProgressCallback
) -> _Plan:
    plan = _Plan()
    seen: set[str] = set()
    for n, path in enumerate(files):
        rel = relative_path(path, seeds)
        seen.add(rel)
        try:
            digest = file_hash(path)
        except OSError as exc:
            digest = f"unreadable:{exc.errno}"
        previous = old_files.get(rel)
        if previous is not None and previous.get("hash") == digest:
            plan.unchanged[rel] = previous
        else:
            plan.to_read.append((path, rel, digest))
        if n % 50 == 0:
            report(Progress("scan", n + 1, len(files), rel))
    plan.removed = sorted(set(old_files) - seen)
    return plan


def _writer_procs(procs: int | None, plan: _Plan, full: bool) -> int:
    if procs is not None:
        return max(1, procs)
    if not full:
        return 1
    size = 0
    for path, _rel, _digest in plan.to_read:
        try:
            size += path.stat().st_size
        except OSError:
            pass
    return min(2, os.cpu_count() or 1) if size >= PARALLEL_MIN_BYTES else 1


def _write_generation(
    temp: Path,
    old: store.Generation | None,
    plan: _Plan,
    seeds: Path,
    skipped: list[SkippedFile],
    report: ProgressCallback,
    procs: int,
) -> tuple[int, dict[str, dict[str, Any]], set[str]]:
    from whoosh import index as whoosh_index

    if old is not None:
        store.link_copy(old.path, temp)
        ix = whoosh_index.open_dir(str(temp))
    else:
        ix = whoosh_index.create_in(str(temp), build_schema())
    writer = PostingsWriter(ix, limitmb=WRITER_MEMORY_MB)
    # A full rebuild with two processes collects the documents first, then splits them.
    pending: list[Document] | None = [] if procs > 1 and old is None else None
    try:
        manifest: dict[str, dict[str, Any]] = dict(plan.unchanged)
        ids: dict[str, str] = {doc_id: rel for rel, entry in plan.unchanged.items() for doc_id in _doc_hashes(entry)}
        old_files: dict[str, dict[str, Any]] = old.meta.get("files", {}) if old else {}
        indexed_files: set[str] = set()
        for rel in plan.removed:
            writer.delete_by_term("path", rel)
        total = len(plan.to_read)
        for n, (path, rel, digest) in enumerate(plan.to_read):
            report(Progress("read", n, total, rel))
            previous: dict[str, str] = _doc_hashes(old_files.get(rel))
            try:
                docs, problems = read_seed_file(path, seeds)
            except SeedFileError as exc:
                skipped.append(SkippedFile(rel, str(exc)))
                manifest[rel] = {"hash": digest, "ids": {}, "error": str(exc)}
                if previous:
                    writer.delete_by_term("path", rel)
                continue
            skipped.extend(problems)
            kept: dict[str, str] = {}
            for doc in docs:
                owner = ids.get(doc.id)
                if owner is not None:
                    skipped.append(SkippedFile(rel, f"duplicate id '{doc.id}' (already in {owner}): document skipped"))
                    continue
                ids[doc.id] = rel
                kept[doc.id] = doc.content_hash
                if previous.get(doc.id) != doc.content_hash:
                    if doc.id in previous:
                        writer.delete_by_term("id", doc.id)
                    if pending is not None:
                        pending.append(doc)
                    else:
                        add_document(writer, doc)
            for gone in previous.keys() - kept.keys():
                writer.delete_by_term("id", gone)
            manifest[rel] = {"hash": digest, "ids": kept}
            if kept:
                indexed_files.add(rel)
        report(Progress("write", total, total))
        if pending:
            add_in_two_processes(writer, ix, pending, add_document, WRITER_MEMORY_MB)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()
    return len(ids), manifest, indexed_files


def _doc_hashes(entry: dict[str, Any] | None) -> dict[str, str]:
    """Document id → content hash of one file's manifest entry."""
    ids = (entry or {}).get("ids") or {}
    return ids if isinstance(ids, dict) else {doc_id: "" for doc_id in ids}


def add_document(writer: PostingsWriter, doc: Document) -> None:
    """Index one document, its analyzed fields' postings computed in one pass (search.postings)."""
    fields = document_fields(doc)
    writer.add_analyzed(document_postings(writer.schema, doc.title, fields[EXACT_FIELD], doc.lang), **fields)


def document_fields(doc: Document) -> dict[str, Any]:
    """The Whoosh fields of one document."""
    full_text = f"{doc.title}\n\n{doc.body}" if doc.title else doc.body
    fields: dict[str, Any] = {
        "id": doc.id,
        "group": doc.group or doc.id,
        "path": doc.path,
        "lang": doc.lang,
        "hash": doc.content_hash,
        "body": doc.body,
        "date_iso": doc.date,
        "url": doc.url,
        TITLE_FIELD: doc.title,
        EXACT_FIELD: full_text,
        STEM_FIELDS[doc.lang]: full_text,
    }
    if doc.source:
        fields["source"] = doc.source
    if doc.date:
        try:
            fields["date"] = datetime.strptime(doc.date, "%Y-%m-%d")
        except ValueError:
            fields["date_iso"] = None
    return fields

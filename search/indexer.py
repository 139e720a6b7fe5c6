"""Build or update an index from a seeds folder: full rebuilds and incremental updates."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from search.backends.base import Writer
from search.backends.whoosh import store
from search.backends import check_location, location_text, open_writer, scheme
from search.config import default_index_dir, default_seeds_dir
from search.errors import (
    IndexDamaged, IndexVersionError, InvalidInput, SearchError, SeedFileError, SeedsFolderMismatch,
)
from search.ingest import MAX_FILE_BYTES, file_hash, relative_path, scan_seeds
from search.ingest.reader import SeedStream
from search.ingest.document import Document
from search.models import SKIPPED_RECORD, IndexReport, Progress, SemanticReport, SkippedFile
from search.backends.whoosh.schema import SCHEMA_VERSION
from search.backends.whoosh.store import utc_now

ProgressCallback = Callable[[Progress], None]

PARALLEL_MIN_BYTES = 8 * 1024 * 1024
"""Below this much seed text, a second writer process costs more than it saves."""
MEMORY_MB = 1024
"""A build's memory budget by default (``memory_mb``): the backend's writer buffers get a share of
it, and a rebuild in two processes holds at most a sixteenth in article text before handing it over
(Python's objects take a few times the text)."""
MIN_MEMORY_MB = 64
ID_SCHEME = 2
"""Document ids as search.ingest.ids makes them (2: with the file's extension and the record's file);
an index whose ids follow another scheme is rebuilt by the next update rather than updated."""


@dataclass
class _Plan:
    """What an incremental run must do, file by file."""

    to_read: list[tuple[Path, str, str]] = field(default_factory=list)  # (path, relpath, hash)
    removed: list[str] = field(default_factory=list)
    unchanged: dict[str, dict[str, Any]] = field(default_factory=dict)


PART_EVERY = 250
"""Documents of one file between progress reports inside it."""


def build_index(
    seeds_dir: str | os.PathLike[str] | None = None,
    index_dir: str | os.PathLike[str] | None = None,
    *,
    rebuild: bool = False,
    progress: ProgressCallback | None = None,
    lock_timeout: float = 10.0,
    procs: int | None = None,
    memory_mb: int | None = None,
    semantic: bool = True,
) -> IndexReport:
    """Index ``seeds_dir`` into ``index_dir``: incrementally, or from scratch with ``rebuild``.

    The new content is written to a fresh generation and swapped in atomically; until then, and
    after any error or interruption, the previous index stays live and untouched. ``procs``
    bounds writer processes (default: both cores for large rebuilds; pass 1 inside a GUI);
    ``memory_mb`` is the build's memory budget in MiB (default MEMORY_MB, at least MIN_MEMORY_MB).
    ``semantic``: also make the semantic layer (search.semantic), reusing the vectors of unchanged
    texts; without it the new state has none.
    """
    memory_mb = MEMORY_MB if memory_mb is None else memory_mb
    if isinstance(memory_mb, bool) or not isinstance(memory_mb, int) or memory_mb < MIN_MEMORY_MB:
        raise InvalidInput("{argument} {value!r} MiB is too small: give at least {allowed} MiB", "memory_mb",
                           memory_mb, allowed=MIN_MEMORY_MB)
    started = time.perf_counter()
    location = index_dir if index_dir is not None else default_index_dir()
    check_location(location)
    root = Path(location) if scheme(location) is None else os.fspath(location)
    seeds = resolve_seeds_dir(root, seeds_dir, rebuild)
    report = progress or (lambda _p: None)

    # The seeds are looked at before the index folder is created: a run that cannot start leaves nothing.
    files, skipped = scan_seeds(seeds)
    if isinstance(root, Path):
        _check_index_location(root)
    report(Progress("scan", 0, 0))
    with open_writer(root, lock_timeout, memory_mb) as index:
        old = None if rebuild else index.previous()
        if old is not None and old.get("id_scheme") != ID_SCHEME:
            old = None  # its documents carry ids of another scheme: an update would mix the two
        if semantic:
            from search.semantic.vectors import covers  # numpy: only for a build that makes vectors
        vectors = index.previous_vectors() if semantic else None
        completing = semantic and old is not None and not covers(vectors, _live_documents(old.get("files", {})))
        if completing:
            from search.semantic.encoder import available

            # with an encoder that cannot load, every run would read everything again for nothing
            completing = available()
        if completing:
            old = None  # the semantic layer is missing or incomplete: every file is read again
        old_files: dict[str, dict[str, Any]] = old.get("files", {}) if old else {}
        plan = _plan(files, seeds, old_files, report)
        for rel, entry in plan.unchanged.items():
            skipped.extend(_recorded_problems(rel, entry))
        if old is not None and not plan.to_read and not plan.removed:
            report(Progress("done", len(files), len(files)))
            return IndexReport(
                added=0, updated=0, removed=0, unchanged=len(plan.unchanged),
                skipped=sorted(skipped, key=lambda item: item.path),
                documents=int(old.get("documents", 0)), seconds=time.perf_counter() - started,
                rebuilt=False, index_dir=location_text(root), seeds_dir=str(seeds),
                semantic=SemanticReport(reused=len(vectors)) if vectors is not None else None,
            )
        builder = _vector_builder(vectors) if semantic else None
        embedded = None
        try:
            documents, manifest, indexed_files = _write_generation(
                index, old, plan, seeds, skipped, report, _writer_procs(procs, plan, old is None),
                _batch_chars(memory_mb), builder.add if builder else None,
            )
            if builder is not None:
                embedded = _embed(index, builder, manifest, report, procs)
            meta = {
                "schema_version": SCHEMA_VERSION,
                "built_at": utc_now(),
                "seeds_dir": str(seeds.resolve()),
                "id_scheme": ID_SCHEME,
                "documents": documents,
                "files": manifest,
            }
            report(Progress("commit", documents, documents))
            index.commit(meta)
        except BaseException as exc:
            error = index.abort(exc)
            if error is exc:
                raise
            raise error from None
    report(Progress("done", len(files), len(files)))
    return IndexReport(
        added=sum(1 for _p, rel, _d in plan.to_read if rel in indexed_files and rel not in old_files),
        updated=sum(1 for _p, rel, _d in plan.to_read if rel in old_files),
        removed=sum(1 for rel in plan.removed if _doc_hashes(old_files.get(rel))),
        unchanged=len(plan.unchanged), skipped=sorted(skipped, key=lambda item: item.path), documents=documents,
        seconds=time.perf_counter() - started, rebuilt=old is None, index_dir=location_text(root), seeds_dir=str(seeds),
        semantic=embedded, completed_semantic=completing,
    )


def _vector_builder(vectors: Any) -> Any:
    from search.semantic.build import VectorBuilder

    return VectorBuilder(vectors)


def _embed(index: Writer, builder: Any, manifest: dict[str, dict[str, Any]], report: ProgressCallback,
           procs: int | None) -> SemanticReport:
    """Put the new state's vectors; when the encoder cannot be loaded, the state has none (and says why)."""
    from search.semantic.encoder import Unavailable

    live = _live_documents(manifest)
    try:
        vectors, embedded = builder.finish(
            live, lambda done, total: report(Progress("embed", done, total)),
            procs if procs is not None else min(2, os.cpu_count() or 1))
    except Unavailable as exc:
        return SemanticReport(skipped=f"the sentence encoder cannot be loaded ({exc})")
    index.put_vectors(vectors)
    return embedded


def _live_documents(files: Mapping[str, Any]) -> list[str]:
    """Every document id a manifest records, in file order."""
    return [doc_id for entry in files.values() for doc_id in _doc_hashes(entry if isinstance(entry, dict) else None)]


def recorded_seeds_dir(index_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """The seeds folder an index was built from, as its live generation records it (None if unknown)."""
    root = index_dir if index_dir is not None else default_index_dir()
    if scheme(root) is not None:
        from search.backends.postgres.store import recorded_seeds_dir as in_database

        return in_database(root)
    root = Path(root)
    try:
        meta = store.current_generation(root).meta
    except (IndexVersionError, IndexDamaged):
        # An old or damaged index still says where it came from, if its meta.json can be read.
        try:
            name = (root / store.CURRENT).read_text(encoding="utf-8").strip()
            meta = store.read_meta(root / name) if name.startswith(store.GEN_PREFIX) and "/" not in name else {}
        except (OSError, ValueError, SearchError):
            return None
    except (SearchError, OSError, ValueError):
        return None
    recorded = meta.get("seeds_dir")
    return Path(recorded) if isinstance(recorded, str) and recorded else None


def resolve_seeds_dir(root: Path | str, given: str | os.PathLike[str] | None, rebuild: bool) -> Path:
    """The folder to read: the given one, else the recorded one, else the default.

    An update from a folder other than the recorded one would remove every article not in it:
    it raises SeedsFolderMismatch instead (a rebuild may switch folders)."""
    recorded = recorded_seeds_dir(root)
    if given is None:
        return recorded if recorded is not None else default_seeds_dir()
    seeds = Path(given)
    if not rebuild and recorded is not None and not _same_folder(seeds, recorded):
        raise SeedsFolderMismatch(location_text(root), str(recorded), str(seeds))
    return seeds


def _same_folder(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def _recorded_problems(rel: str, entry: dict[str, Any]) -> list[SkippedFile]:
    """The problems an unchanged file had when it was read, so an update reports them again."""
    problems = [
        SkippedFile(rel, item[1], item[0], item[2]) for item in entry.get("problems") or []
        if isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and isinstance(item[1], str)
        and isinstance(item[2], int)
    ]
    if isinstance(entry.get("error"), str):
        problems.append(SkippedFile(rel, entry["error"]))
    return problems


def _check_index_location(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise InvalidInput("{argument} '{value}' is a file, not a folder", "index_dir", str(root))
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput("{argument} '{value}' cannot be created ({reason})", "index_dir", str(root),
                           reason=exc.strerror) from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise InvalidInput("{argument} '{value}' is not writable", "index_dir", str(root))


def _plan(
    files: list[Path], seeds: Path, old_files: dict[str, dict[str, Any]], report: ProgressCallback
) -> _Plan:
    plan = _Plan()
    seen: set[str] = set()
    for n, path in enumerate(files):
        rel = relative_path(path, seeds)
        seen.add(rel)
        digest = _file_digest(path)
        previous = old_files.get(rel)
        if previous is not None and previous.get("hash") == digest:
            plan.unchanged[rel] = previous
        else:
            plan.to_read.append((path, rel, digest))
        if n % 50 == 0:
            report(Progress("scan", n + 1, len(files), rel))
    plan.removed = sorted(set(old_files) - seen)
    return plan


def _file_digest(path: Path) -> str:
    """The file's hash, or a stand-in that changes with the file when it cannot or must not be hashed.

    A file over the size limit is not hashed (a 10 GiB sparse file takes a minute to read): its size
    and modification time stand for it, and reading it then reports the limit."""
    try:
        info = path.stat()
        if info.st_size > MAX_FILE_BYTES and path.suffix.lower() != ".jsonl":  # .jsonl files are streamed
            return f"too-large:{info.st_size}:{info.st_mtime_ns}"
        return file_hash(path)
    except SeedFileError as exc:
        return f"unusable:{exc}"
    except OSError as exc:
        return f"unreadable:{exc.errno}"


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
    index: Writer,
    old: Mapping[str, Any] | None,
    plan: _Plan,
    seeds: Path,
    skipped: list[SkippedFile],
    report: ProgressCallback,
    procs: int,
    batch_chars: int,
    read: Callable[[Document], None] | None = None,
) -> tuple[int, dict[str, dict[str, Any]], set[str]]:
    index.begin(update=old is not None)
    # A full rebuild with two processes collects documents up to ``batch_chars`` of text, then splits them.
    pending: list[Document] | None = [] if procs > 1 and old is None else None
    pending_chars = 0
    try:
        manifest: dict[str, dict[str, Any]] = dict(plan.unchanged)
        ids: dict[str, str] = {doc_id: rel for rel, entry in plan.unchanged.items() for doc_id in _doc_hashes(entry)}
        old_files: dict[str, dict[str, Any]] = old.get("files", {}) if old else {}
        indexed_files: set[str] = set()
        for rel in plan.removed:
            index.delete_path(rel)
        total = len(plan.to_read)
        for n, (path, rel, digest) in enumerate(plan.to_read):
            report(Progress("read", n, total, rel))
            previous: dict[str, str] = _doc_hashes(old_files.get(rel))
            stream = SeedStream(path, seeds, _known_records(previous))
            kept: dict[str, str] = {}
            duplicates: list[SkippedFile] = []
            try:
                for number, item in enumerate(stream):
                    if number and number % PART_EVERY == 0:
                        # A big .jsonl is most of a build: its progress moves (and a caller can stop here).
                        report(Progress("read", n, total, rel, part=stream.part))
                    owner = ids.get(item.id)
                    if owner is not None:
                        # Ids carry their file's path, so only a damaged manifest could get here.
                        duplicates.append(SkippedFile(
                            rel, f"duplicate id '{item.id}' (already in {owner}): document skipped", SKIPPED_RECORD))
                        continue
                    ids[item.id] = rel
                    # A .jsonl record is known by its line's digest; an unchanged one is not read again.
                    kept[item.id] = item.record or item.content_hash
                    if previous.get(item.id) != kept[item.id]:
                        if item.id in previous:
                            index.delete([item.id])
                        if read is not None:
                            read(item)
                        if pending is not None:
                            pending.append(item)
                            pending_chars += len(item.title) + len(item.body)
                            if pending_chars >= batch_chars:
                                index.add_many(pending, procs)
                                pending, pending_chars = [], 0
                        else:
                            index.add(item)
            except SeedFileError as exc:
                skipped.extend([*exc.problems, SkippedFile(rel, str(exc))])
                manifest[rel] = {"hash": digest, "ids": {}, "error": str(exc), "problems": _manifest(exc.problems)}
                if previous:
                    index.delete_path(rel)
                continue
            index.delete(sorted(previous.keys() - kept.keys()))
            problems = stream.problems + duplicates
            skipped.extend(problems)
            manifest[rel] = {"hash": digest, "ids": kept, "problems": _manifest(problems)}
            if kept:
                indexed_files.add(rel)
        report(Progress("write", total, total))
        if pending:
            index.add_many(pending, procs)
    except BaseException:
        index.cancel()
        raise
    index.write()
    return len(ids), manifest, indexed_files


def _batch_chars(memory_mb: int) -> int:
    """Article text a two-process rebuild holds before handing it to the writers: a sixteenth of the budget."""
    return memory_mb * 1024 * 1024 // 16


def _manifest(problems: list[SkippedFile]) -> list[list[str]]:
    return [[item.kind, item.reason, item.count] for item in problems]


def _known_records(previous: dict[str, str]) -> dict[str, str]:
    """Record digest → document id, for the digests that name one document only."""
    known: dict[str, str] = {}
    repeated: set[str] = set()
    for doc_id, value in previous.items():
        if value in known:
            repeated.add(value)
        known[value] = doc_id
    for value in repeated:
        del known[value]
    return known


def _doc_hashes(entry: dict[str, Any] | None) -> dict[str, str]:
    """Document id → content hash of one file's manifest entry."""
    ids = (entry or {}).get("ids") or {}
    return ids if isinstance(ids, dict) else {doc_id: "" for doc_id in ids}

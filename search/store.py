"""The index folder on disk: generations swapped in atomically, a writer lock, stale leftovers.

Layout of an index folder::

    CURRENT        name of the live generation, replaced atomically (write, fsync, rename)
    gen-<stamp>/   one complete Whoosh index plus meta.json; never changed once live
    .tmp-<stamp>/  a generation being built; left behind only by a crash, removed by the next writer
    .lock          held (flock) by the one process writing; released by the kernel if it dies

Readers resolve CURRENT and open that generation; a writer builds a new generation beside it and
swaps CURRENT, so the old index keeps answering until the swap and survives any failure before it.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from search.errors import IndexDamaged, IndexLocked, IndexNotFound, IndexVersionError
from search.schema import SCHEMA_VERSION

CURRENT = "CURRENT"
META = "meta.json"
LOCK = ".lock"
GEN_PREFIX = "gen-"
TMP_PREFIX = ".tmp-"
KEEP_OLD_GENERATIONS = 1
"""Generations kept after a swap, so a reader that just resolved CURRENT can still open its own."""

REBUILD_HINT = "rebuild it with: search-cli index --rebuild"


@dataclass(frozen=True)
class Generation:
    """One complete, live or retired index generation."""

    path: Path
    meta: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name


def index_exists(index_dir: str | os.PathLike[str] | None = None) -> bool:
    """True when ``index_dir`` (default: the configured index folder) holds a live index."""
    from search.config import default_index_dir

    root = Path(index_dir) if index_dir is not None else default_index_dir()
    return (root / CURRENT).is_file()


def current_generation(root: Path) -> Generation:
    """The live generation of an index folder, checked for presence and schema version."""
    pointer = root / CURRENT
    if not pointer.is_file():
        if root.is_dir() and any(root.glob("_MAIN_*.toc")):
            raise IndexVersionError(
                f"index '{root}' was built by an older version of news-search; {REBUILD_HINT}"
            )
        raise IndexNotFound(f"no index at '{root}' yet; build it with: search-cli index")
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise IndexDamaged(f"index '{root}' cannot be read ({exc.strerror}); {REBUILD_HINT}") from None
    path = root / name
    if not name.startswith(GEN_PREFIX) or "/" in name or not path.is_dir():
        raise IndexDamaged(f"index '{root}' is damaged (CURRENT names '{name}', which is missing); {REBUILD_HINT}")
    meta = read_meta(path)
    version = meta.get("schema_version")
    if version != SCHEMA_VERSION:
        raise IndexVersionError(
            f"index '{root}' has schema version {version}, this news-search needs {SCHEMA_VERSION}; {REBUILD_HINT}"
        )
    return Generation(path, meta)


def read_meta(gen_path: Path) -> dict[str, Any]:
    try:
        meta = json.loads((gen_path / META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexDamaged(
            f"index generation '{gen_path}' has no readable {META} ({exc}); {REBUILD_HINT}"
        ) from None
    if not isinstance(meta, dict):
        raise IndexDamaged(f"index generation '{gen_path}' has a malformed {META}; {REBUILD_HINT}")
    return meta


def write_meta(gen_path: Path, meta: dict[str, Any]) -> None:
    _write_durably(gen_path / META, json.dumps(meta, ensure_ascii=False, sort_keys=True))


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def new_temp_dir(root: Path) -> Path:
    path = root / f"{TMP_PREFIX}{_stamp()}"
    path.mkdir(parents=True)
    return path


def link_copy(source: Path, target: Path) -> None:
    """Fill ``target`` with hard links to the files of ``source`` (copies where linking fails).

    Whoosh never rewrites a file once written (new segments and TOCs get new names), so a
    writer working in ``target`` cannot change the generation in ``source``.
    """
    for item in source.iterdir():
        if item.is_file() and "WRITELOCK" not in item.name and item.name != META:
            try:
                os.link(item, target / item.name)
            except OSError:
                shutil.copy2(item, target / item.name)


def publish(root: Path, temp: Path) -> Path:
    """Make a fully written temporary generation live, then retire old generations."""
    _fsync_tree(temp)
    gen = root / f"{GEN_PREFIX}{_stamp()}"
    os.rename(temp, gen)
    _write_durably(root / CURRENT, gen.name + "\n")
    _retire_old_generations(root, keep=gen.name)
    return gen


def discard(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def clean_leftovers(root: Path) -> None:
    """Remove temporary folders left by interrupted writers (call only while holding the lock)."""
    for item in root.glob(f"{TMP_PREFIX}*"):
        discard(item)
    for item in root.glob(f"{CURRENT}.*.tmp"):
        item.unlink(missing_ok=True)


@contextmanager
def writer_lock(root: Path, timeout: float) -> Iterator[None]:
    """Hold the index folder's writer lock, waiting at most ``timeout`` seconds for it."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLocked(
                        f"index '{root}' is being written by another process; "
                        f"waited {timeout:g}s — try again when it finishes"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def disk_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _retire_old_generations(root: Path, keep: str) -> None:
    gens = sorted((p for p in root.glob(f"{GEN_PREFIX}*") if p.name != keep), key=lambda p: p.name)
    for old in gens[: max(0, len(gens) - KEEP_OLD_GENERATIONS)]:
        discard(old)


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:6]


def _write_durably(path: Path, text: str) -> None:
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_tree(path: Path) -> None:
    for item in path.iterdir():
        if item.is_file():
            with open(item, "rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

"""The index folder on disk: generations swapped in atomically, a writer lock, stale leftovers.

Layout of an index folder::

    .news-search-index  marks the folder as an index and lists the folders the index made
    CURRENT        name of the live generation, replaced atomically (write, fsync, rename)
    gen-<stamp>/   one complete Whoosh index plus meta.json (the build record) and manifest.json
                   (what each seed file held: read by writers only); never changed once live
    .tmp-<stamp>/  a generation being built; left behind only by a crash, removed by the next writer
    .lock          held (flock) by the one process writing; released by the kernel if it dies

Only what the marker lists is ever removed (each name has a random part): a folder of the user's
that happens to be called ``gen-...`` or ``.tmp-...`` is never touched, and a build refuses a
non-empty folder that is not an index.

Readers resolve CURRENT and open that generation; a writer builds a new generation beside it and
swaps CURRENT, so the old index keeps answering until the swap and survives any failure before it.
"""

from __future__ import annotations

import errno
import fcntl
import json
import math
import os
import re
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

from search.errors import (
    DiskFull,
    IndexDamaged,
    IndexLocked,
    IndexNotFound,
    IndexVersionError,
    InvalidInput,
    NotAnIndexFolder,
    SearchError,
)
from search.backends.whoosh.schema import SCHEMA_VERSION

CURRENT = "CURRENT"
META = "meta.json"
MANIFEST = "manifest.json"
"""The build record's ``files`` (what each seed file held), apart from meta.json: only writers read
it, and it grows with the archive (5.8 MB at 68,000 documents), while every reader open and
refresh reads meta.json. A generation written before it keeps the files inside meta.json."""
LOCK = ".lock"
MARKER = ".news-search-index"
MARKER_KIND = "news-search index"
GEN_PREFIX = "gen-"
TMP_PREFIX = ".tmp-"
KEEP_OLD_GENERATIONS = 1
"""Generations kept after a swap, so a reader that just resolved CURRENT can still open its own."""

MAX_POINTER_BYTES = 256
"""CURRENT holds a generation name; more than this is damage, and only this much is read or quoted."""

MAX_LOCK_WAIT = 7 * 24 * 3600
"""The longest a writer waits for another one (a week): beyond, a number is a typo, not a wait."""



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


def current_generation(root: Path, manifest: bool = False) -> Generation:
    """The live generation of an index folder, checked for presence and schema version; its
    ``meta`` holds the file manifest only when asked for (writers)."""
    pointer_path = root / CURRENT
    if pointer_path.is_dir():
        raise IndexDamaged(root, "CURRENT is a folder")
    if not pointer_path.is_file():
        if root.is_dir() and any(root.glob("_MAIN_*.toc")):
            raise IndexVersionError(root, None, SCHEMA_VERSION)
        raise IndexNotFound(root)
    try:
        with open(pointer_path, "rb") as fh:
            raw = fh.read(MAX_POINTER_BYTES + 1)
    except OSError as exc:
        raise IndexDamaged(root, exc.strerror or type(exc).__name__) from None
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        name = ""
    path = root / name
    if len(raw) > MAX_POINTER_BYTES or not (name.startswith(GEN_PREFIX) and _OWN_NAME.fullmatch(name)) \
            or not path.is_dir():
        raise IndexDamaged(root, f"CURRENT names {quoted(raw)}, which is missing")
    meta = read_meta(path, manifest)
    version = meta.get("schema_version")
    if version != SCHEMA_VERSION:
        raise IndexVersionError(root, version if isinstance(version, int) else quoted(version), SCHEMA_VERSION)
    return Generation(path, meta)


def quoted(value: Any, limit: int = 60) -> str:
    """``value`` as an error line may quote it: in quotes, one line, at most ``limit`` characters."""
    text = value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else str(value)
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text.strip())
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


def read_meta(gen_path: Path, manifest: bool = False) -> dict[str, Any]:
    """A generation's build record (meta.json, with manifest.json's ``files`` when ``manifest``),
    checked for the shape the index writes."""
    meta = _read_json(gen_path, META)
    if not isinstance(meta, dict):
        raise IndexDamaged(gen_path.parent, f"generation {gen_path.name} has a malformed {META}")
    if "files" in meta:  # an older generation: the manifest inside the record
        _check_files(gen_path, meta["files"], META)
    elif manifest and (gen_path / MANIFEST).exists():
        files = _read_json(gen_path, MANIFEST)
        meta["files"] = _check_files(gen_path, files.get("files") if isinstance(files, dict) else None, MANIFEST)
    return meta


def _read_json(gen_path: Path, name: str) -> Any:
    try:
        return json.loads((gen_path / name).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        reason = "nested too deep" if isinstance(exc, RecursionError) else quoted(exc, 120)[1:-1]
        raise IndexDamaged(gen_path.parent, f"generation {gen_path.name} has no readable {name}: {reason}") from None


def _check_files(gen_path: Path, files: Any, name: str) -> dict[str, Any]:
    if not isinstance(files, dict) or not all(
        isinstance(entry, dict) and isinstance(entry.get("ids", {}), (dict, list)) for entry in files.values()
    ):
        raise IndexDamaged(gen_path.parent, f"generation {gen_path.name} has a malformed {name}")
    return files


def write_meta(gen_path: Path, meta: dict[str, Any]) -> None:
    """Write the build record: its ``files`` to manifest.json, the rest to meta.json."""
    record = dict(meta)
    files = record.pop("files", {})
    _write_durably(gen_path / MANIFEST, _manifest_text(files))
    _write_durably(gen_path / META, json.dumps(record, ensure_ascii=False, sort_keys=True))


def _manifest_text(files: dict[str, Any]) -> Iterator[str]:
    """``json.dumps({"files": files}, ensure_ascii=False, sort_keys=True)`` a file's entry at a
    time: the manifest grows with the archive (80 MB at 1,000,000 documents), and one string of it
    beside its bytes was the largest allocation of a build's last step."""
    yield '{"files": {'
    for n, rel in enumerate(sorted(files)):
        yield (", " if n else "") + json.dumps(rel, ensure_ascii=False) + ": " + \
            json.dumps(files[rel], ensure_ascii=False, sort_keys=True)
    yield "}}"


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def check_index_folder(root: Path) -> None:
    """Raise NotAnIndexFolder unless ``root`` is an index folder, an index from before the marker
    (a ``CURRENT`` naming a generation) or an empty folder. Writes nothing: call it before
    taking the writer lock, which creates a file in the folder."""
    if (root / MARKER).is_file():
        return
    try:
        entries = sorted(entry.name for entry in root.iterdir() if entry.name != LOCK)
    except OSError:
        return
    if entries and _legacy_live_generation(root) is None:
        raise NotAnIndexFolder(root, entries)


def _claim(root: Path) -> None:
    """Mark a checked folder as an index, adopting the live generation of an index from before the marker."""
    if not (root / MARKER).is_file():
        live = _legacy_live_generation(root)
        _write_owned(root, [live] if live else [])


def new_temp_dir(root: Path) -> Path:
    """A fresh folder for a generation being built, recorded as the index's own first."""
    path = root / f"{TMP_PREFIX}{_stamp()}"
    try:
        _record(root, add=[path.name])
        path.mkdir(parents=True)
    except OSError as exc:
        raise _full(root, exc, needed=len(path.name) + 1) from None
    return path


def _full(root: Path, error: OSError, needed: int) -> BaseException:
    """DiskFull for an out-of-space ``error`` (``needed`` bytes at least), else the error itself."""
    if error.errno not in (errno.ENOSPC, errno.EDQUOT):
        return error
    return DiskFull(root.resolve(), needed, shutil.disk_usage(root).free)


def link_copy(source: Path, target: Path) -> None:
    """Fill ``target`` with hard links to the files of ``source`` (copies where linking fails).

    Whoosh never rewrites a file once written (new segments and TOCs get new names), so a
    writer working in ``target`` cannot change the generation in ``source``.
    """
    for item in source.iterdir():
        if item.is_file() and "WRITELOCK" not in item.name and item.name not in (META, MANIFEST):
            try:
                os.link(item, target / item.name)
            except OSError:
                shutil.copy2(item, target / item.name)


def publish(root: Path, temp: Path) -> Path:
    """Make a fully written temporary generation live, then retire old generations."""
    _fsync_tree(temp)
    gen = root / f"{GEN_PREFIX}{_stamp()}"
    _record(root, add=[gen.name])
    os.rename(temp, gen)
    _set_aside_damaged_pointer(root)
    _write_durably(root / CURRENT, gen.name + "\n")
    # The new generation is live: tidying after it may fail (a full disk) without failing the build.
    try:
        _record(root, drop=[temp.name])
        _retire_old_generations(root, keep=gen.name)
    except OSError:
        pass
    return gen


def discard(path: Path) -> None:
    """Remove a folder the index made (a generation or a temporary one) and forget its name."""
    shutil.rmtree(path, ignore_errors=True)
    if not path.exists():
        try:
            _record(path.parent, drop=[path.name])
        except OSError:  # a full disk: the name stays listed, and the next writer drops it
            pass


def abandon(root: Path, temp: Path, error: BaseException) -> BaseException:
    """Remove a generation whose build failed; the error to report (DiskFull for a full disk).

    A build needed at least what it had written; a rebuild (nothing hard-linked from the live
    generation) needs at least the live generation's size again."""
    if not isinstance(error, OSError) or error.errno not in (errno.ENOSPC, errno.EDQUOT):
        discard(temp)
        return error
    needed, linked = _new_bytes(temp)
    discard(temp)
    if not linked:
        try:
            needed = max(needed, disk_size(current_generation(root).path))
        except (SearchError, OSError):
            pass
    return _full(root, error, needed)


def _new_bytes(path: Path) -> tuple[int, bool]:
    """Bytes of the files under ``path`` written there (not hard-linked), and whether any file is linked."""
    total, linked = 0, False
    for item in path.rglob("*"):
        try:
            info = item.lstat()
        except OSError:
            continue
        if not item.is_file():
            continue
        if info.st_nlink > 1:
            linked = True
        else:
            total += info.st_size
    return total, linked


def clean_leftovers(root: Path) -> None:
    """Remove temporary folders left by interrupted writers (call only while holding the lock)."""
    try:
        _claim(root)
    except OSError as exc:
        raise _full(root, exc, needed=len(MARKER_KIND)) from None
    for name in owned_names(root):
        if name.startswith(TMP_PREFIX):
            discard(root / name)
    gone = [name for name in owned_names(root) if not (root / name).exists()]
    if gone:
        _record(root, drop=gone)
    for item in root.iterdir():
        if _OWN_TEMP_FILE.fullmatch(item.name) and item.is_file():
            item.unlink(missing_ok=True)


def owned_names(root: Path) -> list[str]:
    """The folders the index made, oldest first, as its marker lists them."""
    try:
        data = json.loads((root / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return []
    names = data.get("owned") if isinstance(data, dict) else None
    return [n for n in names if isinstance(n, str) and _OWN_NAME.fullmatch(n)] if isinstance(names, list) else []


@contextmanager
def writer_lock(root: Path, timeout: float) -> Iterator[None]:
    """Hold the index folder's writer lock, waiting at most ``timeout`` seconds for it."""
    wait = _lock_wait(timeout)
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLocked(root, wait) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _lock_wait(timeout: float) -> float:
    try:
        wait = float(timeout)
    except (TypeError, ValueError, OverflowError):
        wait = math.inf
    if not 0 <= wait <= MAX_LOCK_WAIT:
        raise InvalidInput("{argument} of {shown} seconds for another writer is out of range: use 0 to {allowed} seconds",
                           "lock_timeout", timeout, shown=quoted(timeout, 30)[1:-1], allowed=MAX_LOCK_WAIT)
    return wait


def disk_size(path: Path) -> int:
    """Bytes of the files under ``path``; FileNotFoundError when it is gone (a retired generation)."""
    if not path.is_dir():
        raise FileNotFoundError(2, "No such folder", str(path))
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def pointer(root: Path) -> str | None:
    """What CURRENT says now (its first bytes, as text), or None when it cannot be read: readers
    compare it before and after a failure to tell a swap by a writer from damage."""
    try:
        with open(root / CURRENT, "rb") as fh:
            return fh.read(MAX_POINTER_BYTES).decode("utf-8", "replace").strip()
    except OSError:
        return None


def _retire_old_generations(root: Path, keep: str) -> None:
    gens = [root / name for name in owned_names(root) if name.startswith(GEN_PREFIX) and name != keep]
    for old in gens[: max(0, len(gens) - KEEP_OLD_GENERATIONS)]:
        discard(old)


_OWN_NAME = re.compile(rf"(?:{re.escape(GEN_PREFIX)}|{re.escape(TMP_PREFIX)})\d{{8}}T\d{{12}}-[0-9a-f]{{6}}")
"""The names ``_stamp`` makes: a marker edited by hand cannot make the index remove another folder."""
_OWN_TEMP_FILE = re.compile(rf"(?:{re.escape(CURRENT)}|{re.escape(MARKER)})\.[0-9a-f]{{8}}\.tmp")
"""``_write_durably``'s temporary files beside CURRENT and the marker."""


def _record(root: Path, add: list[str] = (), drop: list[str] = ()) -> None:
    names = [n for n in owned_names(root) if n not in drop]
    _write_owned(root, names + [n for n in add if n not in names])


def _write_owned(root: Path, names: list[str]) -> None:
    _write_durably(root / MARKER, json.dumps({"kind": MARKER_KIND, "owned": names}))


def _legacy_live_generation(root: Path) -> str | None:
    """The generation an index made before the marker existed names in CURRENT, if it is one."""
    try:
        name = (root / CURRENT).read_bytes()[:200].decode("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if _OWN_NAME.fullmatch(name) and (root / name / META).is_file():
        return name
    return None


def _set_aside_damaged_pointer(root: Path) -> None:
    """A directory where CURRENT belongs (damage) is renamed aside, not removed: the index did not make it."""
    pointer = root / CURRENT
    if pointer.is_dir() and not pointer.is_symlink():
        os.rename(pointer, root / f"{CURRENT}.damaged-{_stamp()}")


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:6]


def _write_durably(path: Path, text: str | Iterable[str]) -> None:
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                fh.writelines(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
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

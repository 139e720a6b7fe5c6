"""Find the seed files under a folder, safely: no escaping symlinks, no loops, no crash on one bad entry."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from search.errors import SeedFileError, SeedsNotFound
from search.ingest.decode import is_unicode
from search.models import SkippedFile

SUPPORTED_EXTENSIONS = frozenset({".txt", ".md", ".jsonl", ".html", ".htm"})
_HASH_CHUNK = 1024 * 1024


def is_supported(name: str) -> bool:
    """True for a file name with a seed extension (any case); hidden files are never seeds."""
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in SUPPORTED_EXTENSIONS


def relative_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with POSIX separators: a document's path and its file's key."""
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()


def open_regular(path: Path) -> int:
    """A read-only descriptor of ``path``, which must be a regular file (SeedFileError otherwise).

    O_NONBLOCK: opening a FIFO with nobody writing to it would block forever (while the writer
    lock is held); with it, the open returns at once and fstat tells what the file is.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise SeedFileError(f"{file_type(mode)}, not a regular file — not read; remove it or replace it by a file")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def file_type(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    if stat.S_ISDIR(mode):
        return "is a folder"
    return "is a special file"


def file_hash(path: Path) -> str:
    """SHA-1 of the file's bytes, read in chunks so a large file never sits in memory."""
    digest = hashlib.sha1()
    with os.fdopen(open_regular(path), "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def scan_seeds(root: Path) -> tuple[list[Path], list[SkippedFile]]:
    """Every seed file under ``root`` (nested folders too), sorted by relative path, and the entries
    left out with a reason. Unsupported extensions and hidden entries are ignored silently."""
    root = Path(root)
    if not root.exists():
        raise SeedsNotFound(root, exists=False)
    if not root.is_dir():
        raise SeedsNotFound(root, exists=True)
    scanner = _Scanner(root)
    scanner.walk(root)
    found = sorted(scanner.found, key=lambda path: relative_path(path, root))
    return found, sorted(scanner.skipped, key=lambda skip: skip.path)


class _Scanner:
    """One walk over a seeds folder, collecting files and the reasons entries were skipped."""

    def __init__(self, root: Path):
        self.root = root
        self.real_root = Path(os.path.realpath(root))
        self.found: list[Path] = []
        self.skipped: list[SkippedFile] = []

    def skip(self, path: Path, reason: str) -> None:
        self.skipped.append(SkippedFile(relative_path(path, self.root) if path != self.root else ".", reason))

    def walk(self, folder: Path) -> None:
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda entry: entry.name)
        except OSError as exc:
            reason = f"folder cannot be read ({_os_reason(exc)}) — check its permissions; its files were not indexed"
            self.skip(folder, reason)
            return
        for entry in listed:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                if not is_unicode(entry.name):
                    if entry.is_dir(follow_symlinks=False) or is_supported(entry.name):
                        self.skip(path, "name is not UTF-8 text (its undecodable bytes are shown as \\xNN)"
                                        " — rename it; not indexed")
                elif entry.is_symlink():
                    self.symlink(path)
                elif entry.is_dir(follow_symlinks=False):
                    self.walk(path)
                elif is_supported(entry.name):
                    mode = entry.stat(follow_symlinks=False).st_mode
                    if stat.S_ISREG(mode):
                        self.found.append(path)
                    else:
                        self.skip(path, f"{file_type(mode)}, not a regular file — not read")
            except OSError as exc:
                self.skip(path, f"cannot be read ({_os_reason(exc)}) — skipped")

    def symlink(self, link: Path) -> None:
        """Follow a link only to a seed file inside the folder that the walk would not see anyway."""
        try:
            target = Path(os.path.realpath(link, strict=True))
        except FileNotFoundError:
            if is_supported(link.name):
                self.skip(link, f"broken symbolic link (its target '{os.readlink(link)}' does not exist)"
                                " — fix or remove the link")
            return
        except (OSError, RuntimeError) as exc:  # RuntimeError: a loop, on some Python versions
            if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
                self.skip(link, "symbolic link loop (its chain of links never reaches a file) — remove the link")
            else:
                self.skip(link, f"symbolic link cannot be followed ({_os_reason(exc)}) — skipped")
            return
        if target.is_dir():
            self.skip(link, self._folder_link_reason(link, target))
        elif target != self.real_root and self.real_root not in target.parents:
            if is_supported(link.name):
                self.skip(link, f"symbolic link to '{target}', outside the seeds folder"
                                " — not followed; copy the file in instead")
        elif is_supported(link.name):
            mode = target.stat().st_mode
            if not stat.S_ISREG(mode):
                self.skip(link, f"symbolic link to '{_inside(target, self.real_root)}', which {file_type(mode)[3:]}"
                                ", not a regular file — not read")
            elif is_supported(target.name) and not _hidden_below(target, self.real_root):
                self.skip(link, f"symbolic link to '{_inside(target, self.real_root)}', which is indexed itself"
                                " — skipped")
            else:
                self.found.append(link)

    def _folder_link_reason(self, link: Path, target: Path) -> str:
        """Why a link to a folder is not followed: it leaves the seeds, loops, or repeats a folder."""
        if target != self.real_root and self.real_root not in target.parents:
            return f"symbolic link to the folder '{target}', outside the seeds folder — not followed"
        real_parent = Path(os.path.realpath(link.parent))
        if target == real_parent or target in real_parent.parents:
            return "symbolic link loop (it points to a folder that contains it) — not followed"
        inside = _inside(target, self.real_root)
        return f"symbolic link to the folder '{inside}', which is scanned itself — not followed"


def _inside(target: Path, real_root: Path) -> str:
    return target.relative_to(real_root).as_posix()


def _hidden_below(target: Path, real_root: Path) -> bool:
    return any(part.startswith(".") for part in target.relative_to(real_root).parts)


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return getattr(exc, "strerror", None) or exc.__class__.__name__

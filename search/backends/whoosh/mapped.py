"""Open a Whoosh index whose segment files are memory-mapped and read in place, never copied whole.

whoosh3 3.54.0 maps a compound segment file, then wraps each file inside it in a ``BytesIO``, which
copies it: opening a searcher read every posting list and term table of the index into memory (and
touched every mapped page doing so), 300 MiB at 68,000 documents, growing with the archive. Here
each inner file is a view of the mapping: only the pages a query reads are ever loaded, and the
kernel may drop them again.
"""

from __future__ import annotations

import mmap
import os
from typing import Any

from search.backends.whoosh import compat

PEEK_BYTES = 512


def open_index(path: str | os.PathLike[str]) -> Any:
    """The Whoosh index in the folder ``path`` (``whoosh.index.open_dir`` without the copies)."""
    if not compat.MAPPED:
        from whoosh import index

        return index.open_dir(os.fspath(path))
    return MappedStorage(os.fspath(path)).open_index()


def create_index(path: str | os.PathLike[str], schema: Any) -> Any:
    """A new, empty Whoosh index in the folder ``path`` (``whoosh.index.create_in``)."""
    if not compat.MAPPED:
        from whoosh import index

        return index.create_in(os.fspath(path), schema)
    return MappedStorage(os.fspath(path)).create_index(schema)


class MappedStorage(compat.MAP_STORAGE_BASE):
    """A folder storage whose opened files hand out mapped views of themselves as their sub-files.

    ``supports_mmap`` is off so that a compound segment asks its file for sub-files (``subset``)
    instead of mapping it and copying each one."""

    def __init__(self, path: str, readonly: bool = False) -> None:
        super().__init__(path, supports_mmap=False, readonly=readonly)

    def open_file(self, name: str, **kwargs: Any) -> Any:
        return _MappedFile(open(os.path.join(self.folder, name), "rb"), name=name, **kwargs)


class _MappedFile(compat.MAP_FILE_BASE):
    """A file read as usual, whose ``subset`` is a view of the file mapped once, on first use."""

    def __init__(self, fileobj: Any, name: str | None = None, onclose: Any = None) -> None:
        super().__init__(fileobj, name=name, onclose=onclose)
        self._map: mmap.mmap | None = None

    def subset(self, offset: int, length: int, name: str | None = None) -> Any:
        if self._map is None:
            try:
                self._map = mmap.mmap(self.file.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # an empty file, or one that cannot be mapped: read it as Whoosh does
                return super().subset(offset, length, name)
        return _View(self._map, offset, length, name or self._name)

    def close(self) -> None:
        super().close()
        if self._map is not None:
            # Views made from it are closed with it (Whoosh closes a reader's files before its storage).
            self._map.close()
            self._map = None


class _View(compat.MAP_VIEW_BASE):
    """Bytes ``base`` to ``base + length`` of a mapping, as a read-only file; reads copy only what they return."""

    def __init__(self, source: mmap.mmap, base: int, length: int, name: str | None = None) -> None:
        self._source, self._base, self._length = source, base, length
        self._buf = None
        self._name = name
        self.file = _ViewIO(self)
        self.onclose = None
        self.is_real = False
        self.is_closed = False
        self.pos = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self.pos
        end = self._length if size is None or size < 0 else start + size
        if end > self._length:
            end = self._length
        if end <= start:
            return b""
        self.pos = end
        return self._source[self._base + start:self._base + end]

    def peek(self, size: int = 1) -> bytes:
        """Bytes from the position on, without moving it: ``pickle.load`` reads ahead with it (asking for
        128 KiB; the pickles read here are a few dozen bytes, so it gets at most PEEK_BYTES)."""
        end = self.pos + min(max(size, 1), PEEK_BYTES)
        return self._source[self._base + self.pos:self._base + (end if end < self._length else self._length)]

    def readline(self, size: int | None = -1) -> bytes:
        start = self.pos
        stop = self._length if size is None or size < 0 else min(self._length, start + size)
        found = self._source.find(b"\n", self._base + start, self._base + stop)
        return self.read((found - self._base + 1 if found >= 0 else stop) - start)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self.pos
        elif whence == os.SEEK_END:
            offset += self._length
        if offset < 0:
            raise ValueError(f"negative seek position {offset}")
        self.pos = offset
        return offset

    def tell(self) -> int:
        return self.pos

    def get(self, position: int, length: int) -> bytes:
        end = position + length
        if end > self._length:  # only a damaged file reads past its end: as a slice would, stop there
            end = self._length
        return self._source[self._base + position:self._base + end] if position < end else b""

    def subset(self, position: int, length: int, name: str | None = None) -> Any:
        return _View(self._source, self._base + position, min(length, max(0, self._length - position)),
                     name or self._name)

    def close(self) -> None:
        if self.is_closed:
            raise Exception("This file is already closed")
        self.is_closed = True


class _ViewIO:
    """What ``pickle.load`` and StructFile's own methods read through (``file``): the view itself."""

    __slots__ = ("_view",)

    def __init__(self, view: _View) -> None:
        self._view = view

    def read(self, size: int | None = -1) -> bytes:
        return self._view.read(size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._view.readline(size)

    def peek(self, size: int = 1) -> bytes:
        return self._view.peek(size)

    def readinto(self, buffer: Any) -> int:
        data = self._view.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._view.seek(offset, whence)

    def tell(self) -> int:
        return self._view.tell()

    def close(self) -> None:
        pass

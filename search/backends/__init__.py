"""Storage backends behind the engine: the protocol (``base``), and a reader or writer by location."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from search.backends.base import Reader, Writer
from search.errors import InvalidInput

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+)://")
_FOLDED = re.compile(r"^(postgresql|postgres):/(?!/)", re.IGNORECASE)
"""A URL that went through ``Path()``, which folds ``//`` into ``/``: still the database, never a
folder to create (a build once wrote a Whoosh index into ``./postgresql:/user:password@host:port/db``)."""


def scheme(location: str | os.PathLike[str]) -> str | None:
    """``postgresql`` for ``postgresql://...`` (or its ``Path``-folded ``postgresql:/...``); None
    for a folder path (a Whoosh index)."""
    text = os.fspath(location)
    found = (_SCHEME.match(text) or _FOLDED.match(text)) if isinstance(text, str) else None
    return found.group(1).lower() if found else None


POSTGRESQL = ("postgresql", "postgres")


def check_location(location: str | os.PathLike[str]) -> None:
    """InvalidInput unless ``location`` names a backend this installation has."""
    if scheme(location) not in (None, *POSTGRESQL):
        raise _unknown(location)


def location_text(location: str | os.PathLike[str]) -> str:
    """An index location as messages show it: a database URL without its password."""
    if scheme(location) in POSTGRESQL:
        from search.backends.postgres.location import parse

        return str(parse(location))
    return os.fspath(location)


def open_backend(location: str | os.PathLike[str]) -> Reader:
    """A reader of the index at ``location``: a folder path is a Whoosh index; ``scheme://...``
    names another backend."""
    if scheme(location) is None:
        from search.backends.whoosh.reader import WhooshReader

        return WhooshReader(Path(location))
    if scheme(location) in POSTGRESQL:
        from search.backends.postgres.reader import PgReader

        return PgReader(os.fspath(location))
    raise _unknown(location)


@contextmanager
def open_writer(location: str | os.PathLike[str], lock_timeout: float,
                memory_mb: int | None = None) -> Iterator[Writer]:
    """The one writer of the index at ``location`` (IndexLocked after ``lock_timeout`` seconds),
    its buffers sized from the build's memory budget ``memory_mb`` (MiB; None: the backend's default)."""
    if scheme(location) is None:
        from search.backends.whoosh.build import open_writer as whoosh_writer

        with whoosh_writer(Path(location), lock_timeout, memory_mb) as writer:
            yield writer
        return
    if scheme(location) in POSTGRESQL:
        from search.backends.postgres.writer import open_writer as postgres_writer

        with postgres_writer(os.fspath(location), lock_timeout) as writer:
            yield writer
        return
    raise _unknown(location)


def _unknown(location: str | os.PathLike[str]) -> InvalidInput:
    return InvalidInput("unknown index location scheme '{scheme}://' in '{value}': give an index folder path or a postgresql:// URL",
                        "index_dir", os.fspath(location), scheme=scheme(location))

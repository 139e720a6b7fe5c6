"""Storage backends behind the engine: the protocol (``base``) and ``open_backend`` by location."""

from __future__ import annotations

import os
import re
from pathlib import Path

from search.backends.base import Reader
from search.backends.postgres import is_location
from search.errors import InvalidInput

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+)://")


def location_text(location: str | os.PathLike[str]) -> str:
    """An index location as messages show it: a database URL without its password."""
    if is_location(location):
        from search.backends.postgres.location import parse

        return str(parse(location))
    return os.fspath(location)


def open_backend(location: str | os.PathLike[str]) -> Reader:
    """A reader of the index at ``location``: a folder path is a Whoosh index; ``scheme://...``
    names another backend."""
    text = os.fspath(location)
    if is_location(text):  # also as Path folded it: postgresql:/...
        from search.backends.postgres.reader import PgReader

        return PgReader(text)
    scheme = _SCHEME.match(text) if isinstance(text, str) else None
    if scheme is None:
        from search.backends.whoosh.reader import WhooshReader

        return WhooshReader(Path(text))
    raise InvalidInput(f"unknown index location scheme '{scheme.group(1)}://' in '{text}': "
                       "give an index folder path or a postgresql:// URL")

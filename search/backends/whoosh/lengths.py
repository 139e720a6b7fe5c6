"""The field-length byte of every document of a segment, read in one go (Whoosh reads one per call)."""

from __future__ import annotations

from typing import Any

from whoosh.util.numeric import byte_to_length

from search.backends.whoosh import compat

BYTE_LENGTH = [byte_to_length(b) for b in range(256)]
"""The field length Whoosh reads back for each length byte (``doc_field_length``)."""


def length_bytes(reader: Any, fieldname: str) -> bytes | None:
    """One length byte per document of the segment ``reader`` (0 for a field without lengths, as
    Whoosh reads them); None when Whoosh's internals are not the ones read here (the caller then
    asks ``reader.doc_field_length`` per document). Reads the length column's ``_dbfile``,
    ``_basepos``, ``_count`` and ``_fixedlen`` and the reader's ``_perdoc`` (compat.RANKING)."""
    if not compat.RANKING:
        return None
    count = reader.doc_count_all()
    try:
        column = reader._perdoc._cached_reader(compat._lenfield(fieldname), compat.LENGTHS_COLUMN)
        if column is None:
            return bytes(count)
        if column._fixedlen != 1:
            return None
        data = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    except (AttributeError, TypeError):
        return None
    # Documents past the column's end have no length byte: 0, as Whoosh reads them.
    return bytes(data[:count]) + bytes(max(0, count - len(data)))

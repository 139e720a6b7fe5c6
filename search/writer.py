"""A Whoosh segment writer that takes precomputed postings for some fields (see search.postings).

Whoosh's ``SegmentWriter.add_document`` analyzes every field and adds postings to its external
sort one by one, pickling each to disk and back when memory runs short. This writer takes the
analyzed fields' postings as computed, adds a document's postings to the pool in one go and
pickles runs in chunks. What it writes is the same: the segment files are Whoosh's own.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from itertools import groupby, islice
from operator import itemgetter
from pickle import dump, load
from typing import Any

from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

from search.postings import Posting

_RUN_CHUNK = 8192
"""Postings pickled together in a sort run (one pickle per posting is what makes runs slow)."""
_POSTING_BYTES = 150
"""Rough memory of one pooled posting beside its term and value bytes (Whoosh's own estimate)."""


class _ChunkedPool(PostingPool):
    """Whoosh's posting pool, with bulk adds and runs pickled in chunks rather than item by item."""

    def add_many(self, items: list[tuple], size: int) -> None:
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()
        self.current.extend(items)

    def _write_run(self, f: Any, items: Iterable[Any]) -> None:
        iterator = iter(items)
        while chunk := list(islice(iterator, _RUN_CHUNK)):
            dump(chunk, f, 4)
        f.close()

    def _read_run(self, path: str) -> Iterator[Any]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


class PostingsWriter(SegmentWriter):
    """``SegmentWriter`` whose ``add_analyzed`` takes the postings of the analyzed fields ready-made."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool = _ChunkedPool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))
        # Field → the length byte's value per document of this segment, as the postings' block
        # statistics would read it back from the length column.
        self._lengths: dict[str, dict[int, int]] = {}

    def add_analyzed(self, postings: dict[str, tuple[list[Posting], int]], **fields: Any) -> None:
        """Add a document: ``fields`` as for ``add_document``, except that the fields named in
        ``postings`` are indexed from their (postings, length) instead of being analyzed."""
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        perdocwriter = self.perdocwriter
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        pooled: list[tuple] = []
        size = 0
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if fieldname in postings:
                    items, length = postings[fieldname]
                    self.pool.fieldnames.add(fieldname)
                    pooled.extend((fieldname, term, docnum, weight, vbytes) for term, _f, weight, vbytes in items)
                    size += sum(len(term) * 2 + len(vbytes) for term, _f, _w, vbytes in items)
                    size += len(items) * (_POSTING_BYTES + len(fieldname))
                    if not field.scorable:
                        length = 0
                elif field.indexed:
                    for term, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        pooled.append((fieldname, term, docnum, weight * 1.0, vbytes))
                        size += _POSTING_BYTES + len(fieldname) + len(term) * 2 + len(vbytes or b"")
                        self.pool.fieldnames.add(fieldname)
                if field.vector or field.separate_spelling():
                    raise ValueError(f"field {fieldname!r}: vectors and spelling are not supported here")
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                if length:
                    self._lengths.setdefault(fieldname, {})[docnum] = byte_to_length(length_to_byte(length))
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        except ValueError:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self.pool.add_many(pooled, size)
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        if not self.codec.length_stats:
            return super()._flush_segment()
        self.perdocwriter.close()
        _write_postings(self.fieldwriter, self.schema, self._lengths, self.pool.iter_postings())
        self.fieldwriter.close()


def _write_postings(fieldwriter: Any, schema: Any, lengths: dict[str, dict[int, int]], items: Iterable[tuple]) -> None:
    """What ``FieldWriter.add_postings`` does with sorted postings, a term's block at a time."""
    for fieldname, field_items in groupby(items, itemgetter(0)):
        fieldwriter.start_field(fieldname, schema[fieldname])
        field_lengths = lengths.get(fieldname, {}).get
        postwriter = fieldwriter._postwriter
        blocklimit = postwriter._blocklimit
        for term, postings in groupby(field_items, itemgetter(1)):
            fieldwriter.start_term(term)
            postings = list(postings)
            for start in range(0, len(postings), blocklimit):
                if start:
                    postwriter._write_block()
                _fill_block(postwriter, postings[start:start + blocklimit], field_lengths)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _fill_block(postwriter: Any, postings: list[tuple], field_length: Any) -> None:
    """Set a posting writer's block buffer as ``add_posting`` called once per posting would."""
    postwriter._ids = array("I", [p[2] for p in postings])
    weights = [p[3] for p in postings]
    postwriter._weights = array("f", weights)
    postwriter._values = [p[4] for p in postings if p[4]]
    postwriter._maxweight = max(0, *weights)
    block_lengths = [n for n in map(field_length, [p[2] for p in postings]) if n]
    postwriter._minlength = min(block_lengths) if block_lengths else None
    postwriter._maxlength = max(block_lengths) if block_lengths else 0

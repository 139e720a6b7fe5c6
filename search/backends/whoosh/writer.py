"""A Whoosh segment writer that takes precomputed postings for some fields (see search.backends.whoosh.postings).

Whoosh's ``SegmentWriter`` adds postings one by one to an external sort that pickles each to disk
and back once memory runs short, then writes them one by one. This writer takes the analyzed
fields' postings as computed, groups them by term as they come and writes a term's blocks at once:
the bytes Whoosh's own field writer writes posting by posting, computed a block at a time, except
that blocks are pickled with protocol 3 (see ``_dump_block``) and that a term in fewer than
``INLINE_LIMIT`` documents keeps its postings in its term info (see ``INLINE_LIMIT``). The segment it
writes holds the same postings, in Whoosh's own format (``tests/search/test_writer.py`` compares the
two, and the bytes of the two ways of writing terms).
"""

from __future__ import annotations

import io
import pickle
import zlib
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate, chain, groupby, islice
from operator import itemgetter, sub
from pickle import dump, load
from typing import Any

from whoosh.columns import TranslatingColumnReader
from whoosh.system import pack_int, pack_long, pack_ushort, unpack_int
from whoosh.util.numeric import byte_to_length, length_to_byte

from search.backends.whoosh import compat, merging
from search.backends.whoosh.compat import SegmentWriter
from search.backends.whoosh.lengths import BYTE_LENGTH, length_bytes
from search.backends.whoosh.merging import merge_policy
from search.backends.whoosh.postings import Posting

_RUN_CHUNK = 8192
"""Postings pickled together in a sort run (one pickle per posting is what makes runs slow)."""
_POSTING_BYTES = 32
"""Memory of one pooled posting: its document number, weight and value (mostly shared)."""
_TERM_BYTES = 350
"""Memory of a term's entry in the pool beside its postings."""

INLINE_LIMIT = 3
"""A term in fewer documents than this keeps its postings inside its term info, as Whoosh's
``inlinelimit`` does (its default, 1, never inlines): most terms of a segment are in one or two of
its documents (names, numbers, typos; the ``id`` and ``group`` fields entirely), and a separate
posting list costs them ~55 bytes (its header, block header and pointer) against ~30 inlined: 7% of
a 68,000-document index, more for the small and merged segments of an updated one. Whoosh reads
inlined postings with a ``ListMatcher``; ranking and merges read them from the term info."""

TermPostings = tuple[str, bytes, array, array, list]
"""(field name, term, document numbers, weights, encoded values) of one term, documents in order."""


class _TermPool(compat.POOL_BASE):
    """Postings grouped by field and term as they come, so a segment needs no sort of postings.

    Documents arrive in number order, so each term's postings are already sorted; only the terms
    are sorted when the segment is written. Past the memory limit the pool is written out as one
    of Whoosh's sorted runs, and the runs are merged at the end as Whoosh does.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.terms: dict[str, dict[bytes, tuple[array, array, list]]] = {}

    def add_postings(self, fieldname: str, docnum: int, items: list[tuple]) -> None:
        """Add one document's (term, frequency, weight, value) items of one field."""
        terms = self._field_terms(fieldname)
        size = len(items) * _POSTING_BYTES
        for term, _freq, weight, vbytes in items:
            entry = terms.get(term)
            if entry is None:
                entry = terms[term] = (array("I"), array("d"), [])
                size += _TERM_BYTES + len(term)
            entry[0].append(docnum)
            entry[1].append(weight)
            entry[2].append(vbytes)
        self._grown(size)

    def add_term(self, fieldname: str, term: bytes, docnums: list[int], weights: list[float],
                 values: list[bytes]) -> None:
        """Add one term's postings (documents in order, after any already added for it)."""
        terms = self._field_terms(fieldname)
        size = len(docnums) * _POSTING_BYTES
        if term not in terms:
            terms[term] = (array("I"), array("d"), [])
            size += _TERM_BYTES + len(term)
        docs, term_weights, term_values = terms[term]
        docs.extend(docnums)
        term_weights.extend(weights)
        term_values.extend(values)
        self._grown(size)

    def _field_terms(self, fieldname: str) -> dict[bytes, tuple[array, array, list]]:
        self.fieldnames.add(fieldname)
        terms = self.terms.get(fieldname)
        if terms is None:
            terms = self.terms[fieldname] = {}
        return terms

    def _grown(self, size: int) -> None:
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()

    def _sorted_terms(self) -> Iterator[TermPostings]:
        for fieldname in sorted(self.terms):
            terms = self.terms[fieldname]
            for term in sorted(terms):
                docnums, weights, values = terms[term]
                yield fieldname, term, docnums, weights, values

    def save(self) -> None:
        if self.terms:
            path, f = self._new_run()
            self._write_run(f, (
                (fieldname, term, docnum, weight, vbytes)
                for fieldname, term, docnums, weights, values in self._sorted_terms()
                for docnum, weight, vbytes in zip(docnums, weights, values)
            ))
            self._add_run(path)
            self.terms = {}
        self.currentsize = 0

    def term_postings(self) -> Iterator[TermPostings]:
        """Every term's postings, in field and term order."""
        if not self.runs:
            yield from self._sorted_terms()
            return
        self.save()
        runs, self.runs = self.runs, []
        for (fieldname, term), items in groupby(self._merge_runs(runs), itemgetter(0, 1)):
            docnums, weights, values = array("I"), array("d"), []
            for _f, _t, docnum, weight, vbytes in items:
                docnums.append(docnum)
                weights.append(weight)
                values.append(vbytes)
            yield fieldname, term, docnums, weights, values

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
    """``SegmentWriter`` whose ``add_analyzed`` takes the postings of the analyzed fields ready-made.

    Without the Whoosh internals it needs (``compat.WRITER`` False when it is made) it is Whoosh's
    own writer: ``add_analyzed`` analyzes the fields with ``add_document``, Whoosh's pool sorts."""

    def __init__(self, ix: Any, *, max_documents: int | None = None, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.fast = compat.WRITER
        self._limitmb = kwargs.get("limitmb", 128)
        self.max_documents = max_documents or merging.MAX_SEGMENT_DOCS
        if self.fast:
            self.pool = _TermPool(self._tempstorage, self.newsegment, limitmb=self._limitmb)
        # Field → the length byte's value per document of this segment, as the postings' block
        # statistics would read it back from the length column.
        self._lengths: dict[str, dict[int, int]] = {}
        self.finished: list[Any] = []
        """Finished segments its commit lists before its current one, in document order."""

    def adopt(self, segments: list[Any], at: int) -> None:
        """Commit ``segments``, finished by a helper writer on this index, with this writer's own:
        placed ``at`` that position of ``finished`` (its documents come before those finished after)."""
        self.finished[at:at] = segments

    def finish_segment(self) -> Any:
        """Write out the documents added so far as a finished segment (None if there are none),
        and start a new, empty one: more documents may follow.

        The commit lists the returned segment only if it is put in ``finished``."""
        if not self._added:
            return None
        segment = self._finalize_segment()
        self._added = False
        codec, storage = self.codec, self.storage
        self.newsegment = codec.new_segment(storage, self.indexname)
        self.compound = self.compound and self.newsegment.should_assemble()
        self.pool = _TermPool(self._tempstorage, self.newsegment, limitmb=self._limitmb)
        self.perdocwriter = codec.per_document_writer(storage, self.newsegment)
        self.fieldwriter = codec.field_writer(storage, self.newsegment)
        self.docnum = self.docbase = 0
        self._lengths = {}
        return segment

    def commit(self, mergetype: Any = None, optimize: Any = None, merge: Any = None) -> None:
        # Whoosh's default policy never drops a segment whose documents are all deleted.
        super().commit(mergetype or merge_policy, optimize, merge)

    def _merge_segments(self, mergetype: Any, optimize: Any, merge: Any) -> list[Any]:
        # The commit lists these segments, then this writer's segment if it has documents.
        return super()._merge_segments(mergetype, optimize, merge) + self.finished

    def cancel(self) -> None:
        """Whoosh's cancel, unless a failed commit already closed the writer: its error (a full
        disk...) is the one to report, not "This writer is closed"."""
        if self.is_closed:
            return
        try:
            super().cancel()
        except Exception:  # closing files on a full disk can fail again; the first error counts
            pass

    def write_per_doc(self, fieldnames: set[str], reader: Any) -> dict[int, int] | None:
        """Whoosh's copy of a merged segment's stored fields, lengths and columns, with each field's
        lengths read in one go: Whoosh asks one per document and field, and for a field without
        lengths (``id``, ``path``...) checks on disk each time that it has none, which made this
        half of rewriting a segment (2.8 of 6.4 s for 20,000 documents, profiled)."""
        schema = self.schema
        lengths = {name: length_bytes(reader, name) for name in fieldnames} if self.fast else {}
        if not self.fast or None in lengths.values() or any(schema[name].vector for name in fieldnames):
            return super().write_per_doc(fieldnames, reader)
        docmap: dict[int, int] | None = {} if reader.has_deletions() else None
        perdocwriter = self.perdocwriter
        columns = {}
        for fieldname in fieldnames:
            column_type = schema[fieldname].column_type
            if column_type and reader.has_column(fieldname):
                column = reader.column_reader(fieldname, column_type)
                columns[fieldname] = column.raw_column() if isinstance(column, TranslatingColumnReader) else column
        for docnum, stored in reader.iter_docs():
            if docmap is not None:
                docmap[docnum] = self.docnum
            perdocwriter.start_doc(self.docnum)
            for fieldname in fieldnames | {name for name in stored if name in schema}:
                field = schema[fieldname]
                data = lengths.get(fieldname)
                length = BYTE_LENGTH[data[docnum]] if data is not None else reader.doc_field_length(docnum, fieldname)
                perdocwriter.add_field(fieldname, field, stored.get(fieldname), length)
                if fieldname in columns:
                    perdocwriter.add_column_value(fieldname, field.column_type, columns[fieldname][docnum])
            perdocwriter.finish_doc()
            self.docnum += 1
        return docmap

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: dict[int, int] | None) -> None:
        """Whoosh's merge of an existing segment (``add_reader``), into this writer's pool by term.

        ``write_per_doc`` has already copied the live documents' stored fields; a deleted
        document has no number in ``docmap``, so its postings are left out. The term table is
        read in one pass and postings a block at a time: Whoosh's ``iter_postings`` (a lookup per
        term, a call per posting) made rewriting a segment slower than indexing it afresh."""
        if not self.fast:
            return super().add_postings_to_pool(reader, startdoc, docmap)
        schema = self.schema
        renumber = docmap.get if docmap is not None else startdoc.__add__
        for fieldname in reader.indexed_field_names():
            if fieldname in schema and schema[fieldname].scorable:
                lengths = self._lengths.setdefault(fieldname, {})
                data = length_bytes(reader, fieldname)
                if data is not None:  # a stored length byte is already one of the lengths a byte stands for
                    for old, byte in enumerate(data):
                        if byte and (new := renumber(old)) is not None:
                            lengths[new] = BYTE_LENGTH[byte]
                    continue
                for old in reader.all_doc_ids():
                    length = reader.doc_field_length(old, fieldname)
                    if length and (new := renumber(old)) is not None:
                        lengths[new] = byte_to_length(length_to_byte(length))
        terms = reader._terms
        add_term = self.pool.add_term
        for (fieldname, term), info in terms.items():
            if fieldname not in schema:
                continue
            docnums: list[int] = []
            weights: list[float] = []
            values: list[bytes] = []
            for ids, block_weights, block_values in _blocks(terms, info, schema[fieldname].format):
                for docnum, weight, value in zip(ids, block_weights, block_values):
                    new = renumber(docnum)  # None: a deleted document
                    if new is not None:
                        docnums.append(new)
                        weights.append(weight)
                        values.append(value or b"")
            if docnums:
                add_term(fieldname, term, docnums, weights, values)

    def add_analyzed(self, postings: dict[str, tuple[list[Posting], int]], **fields: Any) -> None:
        """Add a document: ``fields`` as for ``add_document``, except that the fields named in
        ``postings`` are indexed from their (postings, length) instead of being analyzed."""
        if not self.fast:
            return self.add_document(**fields)
        self._check_state()
        if self.docnum >= self.max_documents:
            # A bounded segment: memory stays flat, and expunging its deletions later costs a bounded share.
            self.finished.append(self.finish_segment())
        schema = self.schema
        docnum = self.docnum
        perdocwriter = self.perdocwriter
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        pooled: list[tuple[str, Any]] = []
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
                    pooled.append((fieldname, items))
                    if not field.scorable:
                        length = 0
                elif field.indexed:
                    items = [(term, freq, weight * 1.0, vbytes or b"") for term, freq, weight, vbytes in field.index(value)]
                    if field.scorable:
                        length = sum(freq for _t, freq, _w, _v in items)
                    pooled.append((fieldname, items))
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
        for fieldname, items in pooled:
            self.pool.add_postings(fieldname, docnum, items)
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        if not self.fast or not self.codec.length_stats:
            return super()._flush_segment()
        self.perdocwriter.close()
        _write_postings(self.fieldwriter, self.schema, self._lengths, self.pool.term_postings())
        self.fieldwriter.close()


def _blocks(terms: Any, info: Any, format_: Any) -> Iterator[tuple[Any, Any, Any]]:
    """A term's postings in a segment, as (ids, weights, values) per stored block."""
    if info.is_inlined():
        yield info.inlined_postings()
        return
    try:
        decoded = _decoded_blocks(terms._postfile.get(*_extent(info)), format_.fixed_value_size())
    except Exception:  # noqa: BLE001 - not the layout read here: Whoosh's matcher reads it (or says what is wrong)
        decoded = None
    if decoded is not None:
        yield from decoded
        return
    matcher = terms._codec.postings_reader(terms._postfile, info, format_)
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        matcher._read_values()
        yield matcher._ids, matcher._weights, matcher._values
        matcher._next_block()


def _extent(info: Any) -> tuple[int, int]:
    """(offset, length) of a term's postings; a term info read from disk holds its length as the
    1-tuple ``struct.unpack`` returns (``W3TermInfo.from_bytes``), one made in memory as an int."""
    offset, length = info.extent()
    return offset, length[0] if isinstance(length, tuple) else length


def _decoded_blocks(data: bytes, fixedsize: int | None) -> list[tuple[Any, Any, Any]] | None:
    """The blocks of one term's postings bytes, decoded as ``W3LeafMatcher`` decodes them (header
    tag, then per block its signed size, info pickle and data pickle), without making a matcher per
    term: that was a third of rewriting a segment's postings (tests/search/test_writer.py compares
    the two on every term)."""
    if data[:4] != compat.WHOOSH3_HEADER_MAGIC:
        return None
    out = []
    stream = io.BytesIO(data)
    position = 4
    while True:
        size = unpack_int(data[position: position + 4])[0]
        end = position + 4 + abs(size)
        stream.seek(position + 4)
        count, _maxid, _maxweight, compression, _minlength, _maxlength = load(stream)
        block = data[stream.tell(): end]
        ids, weights, values = pickle.loads(zlib.decompress(block) if compression else block)
        if weights is None:
            weights = array("f", [1.0]) * count
        elif isinstance(weights, float):
            weights = array("f", [weights]) * count
        if fixedsize == 0:
            values = (None,) * count
        elif fixedsize is not None and fixedsize > 0:
            values = tuple(values[i: i + fixedsize] for i in range(0, len(values), fixedsize))
        out.append((tuple(accumulate(ids)), weights, values))
        if size < 0:
            return out
        position = end


def _write_postings(fieldwriter: Any, schema: Any, lengths: dict[str, dict[int, int]],
                    terms: Iterable[TermPostings]) -> None:
    """Write every term's postings and its entry in the term table, field by field."""
    for fieldname, field_terms in groupby(terms, itemgetter(0)):
        fieldwriter.start_field(fieldname, schema[fieldname])
        postwriter = fieldwriter._postwriter
        if postwriter._byteids:  # a layout _TermBytes does not write
            _add_postings_one_by_one(fieldwriter, lengths.get(fieldname, {}).get, field_terms)
        else:
            _TermBytes(fieldwriter, schema[fieldname], lengths.get(fieldname, {})).write(field_terms)
        fieldwriter.finish_field()


def _add_postings_one_by_one(fieldwriter: Any, field_length: Any, field_terms: Iterable[TermPostings]) -> None:
    """Whoosh's own way: ``start_term``, ``add`` per posting, ``finish_term``."""
    for _f, term, docnums, weights, values in field_terms:
        fieldwriter.start_term(term)
        for docnum, weight, vbytes in zip(docnums, weights, values):
            fieldwriter.add(docnum, weight, vbytes, field_length(docnum))
        fieldwriter.finish_term()


class _TermBytes:
    """The bytes ``W3FieldWriter`` writes for a term added posting by posting (``start_term``,
    ``add``, ``finish_term``), computed a block at a time, with the same objects pickled in the
    same order (by ``_dump_block``); the terms are then added to the term table as
    ``OrderedHashWriter.add`` does."""

    def __init__(self, fieldwriter: Any, field: Any, field_lengths: dict[int, int]) -> None:
        postwriter = fieldwriter._postwriter
        self.key_prefix = pack_ushort(fieldwriter._fieldid)
        self.postfile = fieldwriter._postfile
        self.table = fieldwriter._tindex
        self.blocklimit = postwriter._blocklimit
        self.compression = postwriter._compression
        self.fixedsize = field.format.fixed_value_size()
        self.field_length = field_lengths.get

    def write(self, field_terms: Iterable[TermPostings]) -> None:
        table = self.table
        tablefile, buckets, hashfn, index = table.dbfile, table.buckets, table.hashfn, table.index
        postfile = self.postfile
        position = postfile.tell()
        lastkey = table.lastkey
        for _f, term, docnums, weights, values in field_terms:
            key = self.key_prefix + term
            if key <= lastkey:
                raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
            if len(docnums) < INLINE_LIMIT:
                info = self._inlined(docnums, weights, values)
            else:
                postings, info = self._postings(position, docnums, weights, values)
                postfile.write(postings)
                position += len(postings)
            record_at = tablefile.tell()
            index.append(record_at)
            tablefile.write(compat.LENGTHS_STRUCT.pack(len(key), len(info)) + key + info)
            hashed = hashfn(key)
            buckets[hashed & 255].append((hashed, record_at))
            lastkey = key
        table.lastkey = lastkey

    def _postings(self, start: int, docnums: array, weights: array, values: list) -> tuple[bytes, bytes]:
        """A term's bytes in the postings file (written at ``start``) and its term info."""
        pieces = [compat.WHOOSH3_HEADER_MAGIC]
        total_weight, minlength, maxlength, maxweight = 0, None, 0, 0
        blocklimit = self.blocklimit
        count = len(docnums)
        for first in range(0, count, blocklimit):
            ids = docnums[first:first + blocklimit]
            block_weights = weights[first:first + blocklimit]
            stored_weights = array("f", block_weights)
            block_lengths = list(filter(None, map(self.field_length, ids)))
            block_min = min(block_lengths) if block_lengths else None
            block_max = max(block_lengths) if block_lengths else 0
            block_maxweight = max(0, *block_weights)
            # W3TermInfo.add_block
            total_weight += sum(stored_weights)
            minlength = block_min if minlength is None else min(minlength, block_min)
            maxlength = max(maxlength, block_max)
            maxweight = max(maxweight, block_maxweight)
            # W3PostingsWriter._write_block
            data = _dump_block((tuple(map(sub, ids, chain((0,), ids))), _mini_weights(stored_weights),
                                self._mini_values([v for v in values[first:first + blocklimit] if v])))
            compression = self.compression if len(data) >= compat.COMPRESSION_MIN_SIZE else 0
            if compression:
                data = zlib.compress(data, compression)
            info = _dump_block((len(ids), ids[-1], block_maxweight, compression, _LENGTH_BYTE[block_min],
                                _LENGTH_BYTE[block_max]))
            size = len(info) + len(data)
            pieces += [pack_int(-size if first + blocklimit >= count else size), info, data]
        postings = b"".join(pieces)
        terminfo = compat.W3TermInfo._struct.pack(
            False, total_weight, count, _LENGTH_BYTE[minlength], _LENGTH_BYTE[maxlength], maxweight,
            docnums[0], docnums[-1],
        ) + pack_long(start) + pack_int(len(postings))
        return postings, terminfo

    def _inlined(self, docnums: array, weights: array, values: list) -> bytes:
        """The term info of a term whose postings it holds (``W3TermInfo.to_bytes`` when inlined),
        with the values a posting block gives back: float32 weights, so that scores are those of
        the term's block (a whole number pickled as an int: 2 bytes instead of 9, the same score),
        and one value per posting (None for a field without values)."""
        stored_weights = array("f", weights)
        lengths = list(filter(None, map(self.field_length, docnums)))
        fixedsize = self.fixedsize
        if fixedsize == 0:
            kept: tuple = (None,) * len(docnums)
        else:
            kept = tuple(values)
        return compat.W3TermInfo._struct.pack(
            True, sum(stored_weights), len(docnums), _LENGTH_BYTE[min(lengths) if lengths else None],
            _LENGTH_BYTE[max(lengths) if lengths else 0], max(0, *weights), docnums[0], docnums[-1],
        ) + _dump_block((tuple(docnums), tuple(map(_compact_weight, stored_weights)), kept))

    def _mini_values(self, values: list) -> Any:
        fixedsize = self.fixedsize
        if fixedsize is None or fixedsize < 0:
            return tuple(values)
        return None if fixedsize == 0 else b"".join(values)


_BLOCK_BUFFER = io.BytesIO()
_BLOCK_PICKLER = pickle.Pickler(_BLOCK_BUFFER, 3)
_BLOCK_PICKLER.fast = True  # no memo: equal blocks give equal bytes, whichever objects they were built from


def _dump_block(obj: Any) -> bytes:
    """A posting block's pickle, which Whoosh's reader loads whatever the protocol.

    Whoosh pickles blocks with protocol 2, where each ``bytes`` value (a posting's positions or
    frequency) becomes a call to ``_codecs.encode`` with a latin-1 string: about 40 bytes more per
    block and 15 per value, a third of the postings file. Protocol 3 writes bytes as they are."""
    _BLOCK_BUFFER.seek(0)
    _BLOCK_BUFFER.truncate()
    _BLOCK_PICKLER.dump(obj)
    return _BLOCK_BUFFER.getvalue()


class _LengthBytes(dict):
    """Field length → ``length_to_byte(length)`` (None → 0), remembered: the lengths written are a
    few hundred distinct values."""

    def __missing__(self, length: int | None) -> int:
        byte = self[length] = length_to_byte(length)
        return byte


_LENGTH_BYTE = _LengthBytes()


def _compact_weight(weight: float) -> float | int:
    return int(weight) if weight.is_integer() else weight


def _mini_weights(weights: array) -> Any:
    """``W3PostingsWriter._mini_weights``: None when all are 1.0, one weight when all are equal."""
    first = weights[0]
    if weights.count(first) == len(weights):
        return None if first == 1.0 else first
    return tuple(weights)

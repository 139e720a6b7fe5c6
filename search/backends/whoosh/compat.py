"""Every private or internal Whoosh name the fast paths use, imported here once, each group with its fallback flag.

Whoosh is pinned exactly, but a renamed private name must only turn a fast path off, never break
``import search``: when a group's names are missing its flag is False and the code uses Whoosh's
public API instead (``RANKING``: ranking scores through ``searcher.search``; ``WRITER``: the build
writes with Whoosh's own ``SegmentWriter.add_document`` and pool, in one process; ``MAPPED``: indexes
open with ``whoosh.index.open_dir``). The flags are
read at call time, so a test can turn a fast path off by setting them.
"""

from __future__ import annotations

import inspect
from typing import Any

_MISSING = (ImportError, AttributeError)


def _has(owner: Any, *names: str) -> bool:
    return owner is not None and all(hasattr(owner, name) for name in names)


def _accepts(owner: Any, *parameters: str) -> bool:
    """Whether ``owner(...)`` takes these keyword parameters."""
    try:
        return owner is not None and all(p in inspect.signature(owner).parameters for p in parameters)
    except (TypeError, ValueError):
        return False


try:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
except _MISSING:
    LENGTHS_COLUMN = W3LeafMatcher = _lenfield = None

RANKING = _has(W3LeafMatcher, "_read_data", "_read_weights", "_next_block") and _lenfield is not None
"""Term-at-a-time BM25F over the posting blocks (search.backends.whoosh.ranking); reads at run time
``reader._perdoc``, the length column's ``_dbfile``/``_basepos``/``_count``/``_fixedlen``, the
matcher's ``_data``/``_byteids``/``_weights`` and ``BM25F._field_B`` (an AttributeError there
falls back too)."""

try:
    from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC, W3TermInfo
    from whoosh.filedb.filetables import _lengths as LENGTHS_STRUCT
    from whoosh.writing import PostingPool
except _MISSING:
    COMPRESSION_MIN_SIZE = WHOOSH3_HEADER_MAGIC = W3TermInfo = LENGTHS_STRUCT = None
    PostingPool = None

from whoosh.writing import SegmentWriter  # public: the writer every path subclasses

try:
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.structfile import BufferFile, StructFile
except _MISSING:
    FileStorage = BufferFile = StructFile = None

WRITER = (
    COMPRESSION_MIN_SIZE is not None
    and _has(W3TermInfo, "_struct")
    and _has(W3LeafMatcher, "_read_ids", "_read_weights", "_read_values", "_next_block")
    and _has(PostingPool, "_new_run", "_add_run", "_merge_runs", "_open_run", "_remove_run")
    and _has(SegmentWriter, "_finalize_segment", "_merge_segments", "_check_state", "_check_fields",
             "_flush_segment", "add_postings_to_pool")
)
"""The build's own pool and block writer (search.backends.whoosh.writer) and the two-process build
(search.backends.whoosh.parallel), which finishes segments with ``_finalize_segment``."""

POOL_BASE: Any = PostingPool if PostingPool is not None else object
"""What the writer's pool subclasses (``object`` when Whoosh has no PostingPool: the pool is then never made)."""

MAPPED = (
    _has(FileStorage, "open_file", "open_index", "create_index")
    and _has(StructFile, "subset", "close")
    and _has(BufferFile, "get", "subset")
    and _accepts(FileStorage, "supports_mmap", "readonly")
)
"""Segment sub-files read as views of one memory map (search.backends.whoosh.mapped); sets at run time
StructFile's ``file``/``_name``/``onclose``/``is_real``/``is_closed``/``pos`` and relies on a compound
segment asking ``subset`` of its file when ``supports_mmap`` is off. Without them indexes open
through ``whoosh.index.open_dir`` (which copies each segment file into memory)."""

MAP_FILE_BASE: Any = StructFile if MAPPED else object
MAP_VIEW_BASE: Any = BufferFile if MAPPED else object
MAP_STORAGE_BASE: Any = FileStorage if MAPPED else object
"""What mapped.py's classes subclass (``object`` when MAPPED is off: they are then never made)."""

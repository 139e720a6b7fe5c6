"""Which segments an update's commit drops, merges into its new segment, or keeps as they are."""

from __future__ import annotations

from typing import Any

MAX_DEAD_FRACTION = 0.08
"""A segment with more deleted documents than this is rewritten without them: deleted documents
keep their postings, so they cost disk and query time until their segment is rewritten."""
SIZE_RATIO = 4
"""A segment joins the new one when it holds at most this many times the documents gathered so
far: sizes then grow geometrically, so an index holds a few segments and each document is
rewritten a few times over its life (as Lucene's log merge policy does)."""


def merge_policy(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh ``mergetype``: merge chosen segments into ``writer``'s new one; return those kept.

    Segments with no live document are dropped outright.
    """
    from whoosh.reading import SegmentReader

    live = sorted((s for s in segments if s.doc_count() > 0), key=lambda s: s.doc_count())
    gathered = writer.docnum
    merged, kept = [], []
    for segment in live:
        too_dead = segment.deleted_count() > MAX_DEAD_FRACTION * segment.doc_count_all()
        if too_dead or (gathered and segment.doc_count() <= SIZE_RATIO * gathered):
            merged.append(segment)
            gathered += segment.doc_count()
        else:
            kept.append(segment)
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return kept

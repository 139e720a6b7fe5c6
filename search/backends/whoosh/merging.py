"""Which segments an update's commit drops, merges into its new segment, or keeps as they are."""

from __future__ import annotations

from typing import Any

MAX_SEGMENT_DOCS = 20_000
"""A build starts a new segment at this many documents, and merges never gather more: rewriting one
segment (to expunge its deleted documents) then costs a bounded share of a build, however large
the archive (as Lucene's TieredMergePolicy caps its segments)."""
EXPUNGE_FRACTION = 0.08
"""A segment with a larger share of deleted documents is rewritten without them: deleted documents
keep their postings, so they cost disk and query time until then. Each update edits a few percent
at most, so the share passes this bound in one segment at a time."""
SIZE_RATIO = 4
"""A segment joins the new one when it holds at most this many times the documents gathered so
far: small segments then grow geometrically, so an index holds a few segments and each document is
rewritten a few times over its life (as Lucene's log merge policy does)."""


def choose_merges(new_documents: int, segments: list[tuple[int, int]]) -> set[int]:
    """The positions of the ``segments`` (live documents, deleted documents) to merge into a new
    segment that already holds ``new_documents``.

    At most one segment is expunged per update (the most deleted one past EXPUNGE_FRACTION), so a
    small update never rewrites more than one capped segment; small segments join by size ratio.
    """
    merged: set[int] = set()
    gathered = new_documents
    dead = [(deleted / (live + deleted), n) for n, (live, deleted) in enumerate(segments)
            if live and deleted > EXPUNGE_FRACTION * (live + deleted)]
    if dead:
        expunged = max(dead)[1]
        merged.add(expunged)
        gathered += segments[expunged][0]
    for n in sorted(range(len(segments)), key=lambda n: segments[n][0]):
        live = segments[n][0]
        if n in merged or not live:
            continue
        if gathered and live <= SIZE_RATIO * gathered and gathered + live <= MAX_SEGMENT_DOCS:
            merged.add(n)
            gathered += live
    return merged


def merge_policy(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh ``mergetype``: merge chosen segments into ``writer``'s new one; return those kept.

    Segments with no live document are dropped outright.
    """
    from whoosh.reading import SegmentReader

    live = [s for s in segments if s.doc_count() > 0]
    chosen = choose_merges(writer.docnum, [(s.doc_count(), s.deleted_count()) for s in live])
    for n in sorted(chosen):
        reader = SegmentReader(writer.storage, writer.schema, live[n])
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [s for n, s in enumerate(live) if n not in chosen]

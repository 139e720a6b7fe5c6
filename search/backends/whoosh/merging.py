"""Which segments an update's commit drops, merges into its new segment, or keeps as they are."""

from __future__ import annotations

from typing import Any, NamedTuple

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


class Merges(NamedTuple):
    expunged: int | None
    """The segment rewritten without its deleted documents, alone."""
    joined: set[int]
    """The small segments merged into the update's new one."""


def choose_merges(new_documents: int, segments: list[tuple[int, int]]) -> Merges:
    """What to merge, given the ``segments`` (live documents, deleted documents) and an update's new
    segment that already holds ``new_documents``.

    At most one segment is expunged per update (the most deleted one past EXPUNGE_FRACTION), so a
    small update never rewrites more than one capped segment; it is rewritten alone. Small segments
    join the new one by size ratio.
    """
    expunged = None
    dead = [(deleted / (live + deleted), n) for n, (live, deleted) in enumerate(segments)
            if live and deleted > EXPUNGE_FRACTION * (live + deleted)]
    if dead:
        expunged = max(dead)[1]
    joined: set[int] = set()
    gathered = new_documents
    for n in sorted(range(len(segments)), key=lambda n: segments[n][0]):
        live = segments[n][0]
        if n == expunged or not live:
            continue
        if gathered and live <= SIZE_RATIO * gathered and gathered + live <= MAX_SEGMENT_DOCS:
            joined.add(n)
            gathered += live
    return Merges(expunged, joined)


def merge_policy(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh ``mergetype``: merge chosen segments into ``writer``'s new one, and rewrite an expunged
    one as a segment of its own; return the segments kept as they are.

    Segments with no live document are dropped outright. An expunged segment is not merged with the
    update's documents: a build cuts segments in seed-file order, so each holds few files'
    vocabulary, and an update's edits come from every file; merged, the segment would repeat every
    file's terms (each term costs a table entry and a postings header per segment), which is what
    made an index grow by a quarter over 100 updates (bench/RESULTS.md, "Growth").
    """
    from whoosh.reading import SegmentReader

    def merge(segment: Any) -> None:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()

    live = [s for s in segments if s.doc_count() > 0]
    chosen = choose_merges(writer.docnum, [(s.doc_count(), s.deleted_count()) for s in live])
    for n in sorted(chosen.joined):
        merge(live[n])
    if chosen.expunged is not None:
        if getattr(writer, "fast", False):  # Whoosh's own writer (compat.WRITER off) writes one segment
            finished = writer.finish_segment()  # the update's documents and the joined segments
            if finished is not None:
                writer.finished.append(finished)
        merge(live[chosen.expunged])
    return [s for n, s in enumerate(live) if n not in chosen.joined and n != chosen.expunged]

"""Which segments an update's commit drops, merges into its new segment, or keeps as they are."""

from __future__ import annotations

import copy
from collections.abc import Mapping
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
HOME_SHARE = 0.05
"""A seed file is at home in a segment where it has at least this share of the live documents; its
documents elsewhere are guests there (edits an update wrote into another file's segment)."""


def choose_merges(new_documents: int, segments: list[tuple[int, int]]) -> set[int]:
    """The positions of the ``segments`` (live documents, deleted documents) to merge into a new
    segment that already holds ``new_documents``.

    At most one segment is expunged per update (the most deleted one past EXPUNGE_FRACTION), so a
    small update never rewrites more than one capped segment; small segments join by size ratio.
    """
    merged: set[int] = set()
    gathered = new_documents
    expunged = expunged_segment(segments)
    if expunged is not None:
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


def expunged_segment(segments: list[tuple[int, int]]) -> int | None:
    """The position of the segment (live documents, deleted documents) to rewrite without its
    deleted documents: the most deleted one past EXPUNGE_FRACTION, or None."""
    dead = [(deleted / (live + deleted), n) for n, (live, deleted) in enumerate(segments)
            if live and deleted > EXPUNGE_FRACTION * (live + deleted)]
    return max(dead)[1] if dead else None


def home_files(files: Mapping[str, int]) -> set[str]:
    """The seed files at home in a segment whose live documents per file are ``files``."""
    total = sum(files.values())
    return {path for path, count in files.items() if count and count >= HOME_SHARE * total}


def guests_to_gather(home: set[str], others: list[Mapping[str, list[int]]], room: int) -> list[list[int]]:
    """Per segment of ``others`` (seed file → its live document numbers there), the documents to move
    into the rewritten segment whose home files are ``home``: those of its files that are guests
    there, at most ``room`` in all.

    Each update writes its edits into one new segment, whatever their files, and an expunge rewrites
    a segment together with them: without this, every segment would end up holding every file's
    vocabulary, its term table and postings repeated per segment (the index 14% larger than a fresh
    build after 100 updates, measured). The guests go home when their home segment is rewritten."""
    taken: list[list[int]] = []
    for files in others:
        at_home = home_files({path: len(docs) for path, docs in files.items()})
        docs = sorted(n for path, numbers in files.items() if path in home and path not in at_home for n in numbers)
        taken.append(docs[:max(0, room)])
        room -= len(taken[-1])
    return taken


def merge_policy(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh ``mergetype``: merge chosen segments into ``writer``'s new one; return those kept.

    Segments with no live document are dropped outright. An expunged segment takes its files'
    guests back from the segments kept (:func:`guests_to_gather`).
    """
    live = [s for s in segments if s.doc_count() > 0]
    counts = [(s.doc_count(), s.deleted_count()) for s in live]
    chosen = choose_merges(writer.docnum, counts)
    for n in sorted(chosen):
        _add_segment(writer, live[n])
    kept = [s for n, s in enumerate(live) if n not in chosen]
    expunged = expunged_segment(counts)
    if expunged is not None and kept:
        _gather_guests(writer, live[expunged], kept)
    return [s for s in kept if s.doc_count() > 0]


def _add_segment(writer: Any, segment: Any) -> None:
    from whoosh.reading import SegmentReader

    reader = SegmentReader(writer.storage, writer.schema, segment)
    try:
        writer.add_reader(reader)
    finally:
        reader.close()


def _gather_guests(writer: Any, expunged: Any, kept: list[Any]) -> None:
    """Move the documents of ``expunged``'s home files that are guests in the ``kept`` segments into
    ``writer``'s new segment (which holds ``expunged`` now), deleting them where they were."""
    home = home_files({path: len(docs) for path, docs in _files(writer, expunged).items()})
    room = MAX_SEGMENT_DOCS - writer.docnum
    for segment, docs in zip(kept, guests_to_gather(home, [_files(writer, s) for s in kept], room)):
        if not docs:
            continue
        view = copy.deepcopy(segment)  # the segment with every other document deleted: add_reader copies the rest
        moved = set(docs)
        for docnum in range(segment.doc_count_all()):
            if docnum not in moved:
                view.delete_document(docnum)
        _add_segment(writer, view)
        for docnum in docs:
            segment.delete_document(docnum)


def _files(writer: Any, segment: Any) -> dict[str, list[int]]:
    """Seed file → the numbers of its live documents in ``segment``."""
    from whoosh.reading import SegmentReader

    reader = SegmentReader(writer.storage, writer.schema, segment)
    try:
        return {term.decode("utf-8") if isinstance(term, bytes) else term: list(reader.postings("path", term).all_ids())
                for term in reader.lexicon("path")}
    finally:
        reader.close()

"""The Whoosh backend's writer (``search.backends.base.Writer``): a new generation written beside the
live one (from hard links to it for an update) and swapped in by its commit."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from search.backends.whoosh import mapped, store
from search.backends.whoosh.parallel import add_in_two_processes
from search.backends.whoosh.postings import document_postings
from search.backends.whoosh.schema import EXACT_FIELD, ROOT_FIELDS, STEM_FIELDS, TITLE_FIELD, build_schema
from search.backends.whoosh.writer import PostingsWriter
from search.errors import IndexDamaged, IndexNotFound, IndexVersionError
from search.ingest.document import Document

if TYPE_CHECKING:
    from search.semantic.vectors import Vectors

WRITER_MEMORY_MB = 256
"""Each writer process's postings buffer without a memory budget (past it, sorted runs go to disk)."""


@contextmanager
def open_writer(root: Path, lock_timeout: float, memory_mb: int | None = None) -> Iterator[WhooshWriter]:
    """The one writer of the index folder ``root`` (IndexLocked after ``lock_timeout`` seconds);
    each writer process's postings buffer gets a quarter of ``memory_mb``."""
    store.check_index_folder(root)
    with store.writer_lock(root, lock_timeout):
        store.clean_leftovers(root)
        yield WhooshWriter(root, WRITER_MEMORY_MB if memory_mb is None else max(16, memory_mb // 4))


class WhooshWriter:
    """Additions and deletions go to a new generation; nothing is live before :meth:`commit`."""

    def __init__(self, root: Path, pool_mb: int = WRITER_MEMORY_MB) -> None:
        self.root = root
        self.pool_mb = pool_mb
        self._live: store.Generation | None = None
        self._temp: Path | None = None
        self._ix: Any = None
        self._writer: PostingsWriter | None = None

    def previous(self) -> Mapping[str, Any] | None:
        """What the live generation recorded, or None when there is nothing usable to update.

        A generation whose Whoosh files cannot be opened (e.g. a truncated segment) is not usable:
        updating it would hard-link the damage into the next generation."""
        try:
            generation = store.current_generation(self.root, manifest=True)
        except (IndexNotFound, IndexVersionError, IndexDamaged):
            return None
        try:
            ix = mapped.open_index(generation.path)
            try:
                with ix.searcher() as searcher:
                    documents = searcher.reader().doc_count()
            finally:
                ix.close()
        except Exception:  # any failure to read it means: rebuild from the seeds
            return None
        if documents != generation.meta.get("documents"):
            return None
        self._live = generation
        return generation.meta

    def begin(self, update: bool) -> None:
        """Start the new generation: from the live one (``update``, after :meth:`previous`) or empty."""
        self._temp = store.new_temp_dir(self.root)
        if update and self._live is not None:
            store.link_copy(self._live.path, self._temp)
            from search.backends.whoosh import vectorfiles  # numpy only when vectors are used

            vectorfiles.remove(self._temp)  # a new state has the vectors its run puts, or none
            self._ix = mapped.open_index(self._temp)
        else:
            self._ix = mapped.create_index(self._temp, build_schema())
        self._writer = PostingsWriter(self._ix, limitmb=self.pool_mb)

    def add(self, doc: Document) -> None:
        add_document(self._writer, doc)

    def add_many(self, docs: Sequence[Document], procs: int) -> None:
        """Add ``docs`` in order, with a forked helper writing the first part when ``procs`` > 1."""
        if procs > 1:
            add_in_two_processes(self._writer, self._ix, docs, _add_by_name, self.pool_mb)
        else:
            for doc in docs:
                add_document(self._writer, doc)

    def delete(self, doc_ids: Sequence[str]) -> None:
        for doc_id in doc_ids:
            self._writer.delete_by_term("id", doc_id)

    def delete_path(self, path: str) -> None:
        self._writer.delete_by_term("path", path)

    def write(self) -> None:
        """Finish the segments (the slow part of a commit, before its meta is known)."""
        try:
            self._writer.commit()
        except BaseException:
            self._writer.cancel()
            raise
        finally:
            self._ix.close()

    def previous_vectors(self) -> Vectors | None:
        """The live generation's vectors (also for a rebuild), or None."""
        try:
            generation = store.current_generation(self.root)
        except (IndexNotFound, IndexVersionError, IndexDamaged):
            return None
        from search.backends.whoosh import vectorfiles

        return vectorfiles.load(generation.path)

    def put_vectors(self, vectors: Vectors) -> None:
        from search.backends.whoosh import vectorfiles

        vectorfiles.save(self._temp, vectors)

    def commit(self, meta: Mapping[str, Any]) -> None:
        store.write_meta(self._temp, dict(meta))
        store.publish(self.root, self._temp)

    def cancel(self) -> None:
        """Drop what was added (before :meth:`write`)."""
        if self._writer is not None:
            self._writer.cancel()
            self._ix.close()

    def abort(self, error: BaseException) -> BaseException:
        if self._temp is None:
            return error
        return store.abandon(self.root, self._temp, error)


def _add_by_name(writer: PostingsWriter, doc: Document) -> None:
    add_document(writer, doc)  # looked up when called, so a test may replace add_document


def add_document(writer: PostingsWriter, doc: Document) -> None:
    """Index one document, its analyzed fields' postings computed in one pass (search.backends.whoosh.postings)."""
    fields = document_fields(doc)
    writer.add_analyzed(document_postings(writer.schema, doc.title, fields[EXACT_FIELD], doc.lang), **fields)


def document_fields(doc: Document) -> dict[str, Any]:
    """The Whoosh fields of one document."""
    full_text = f"{doc.title}\n\n{doc.body}" if doc.title else doc.body
    fields: dict[str, Any] = {
        "id": doc.id,
        "group": doc.group or doc.id,
        "path": doc.path,
        "lang": doc.lang,
        "hash": doc.content_hash,
        "body": doc.body,
        "date_iso": doc.date,
        "url": doc.url,
        TITLE_FIELD: doc.title,
        EXACT_FIELD: full_text,
        STEM_FIELDS[doc.lang]: full_text,
    }
    if doc.lang in ROOT_FIELDS:
        fields[ROOT_FIELDS[doc.lang]] = full_text
    if doc.source:
        fields["source"] = doc.source
    if doc.date:
        try:
            fields["date"] = datetime.strptime(doc.date, "%Y-%m-%d")
        except ValueError:
            fields["date_iso"] = None
    return fields

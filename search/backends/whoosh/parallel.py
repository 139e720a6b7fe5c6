"""Index a list of documents with two processes: a forked helper writes the first part as a segment
of its own, the calling process the rest; the helper's segment is committed with the writer's."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import traceback
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate
from typing import Any

from search.errors import WriterProcessDied
from search.forked import die_with
from search.backends.whoosh.writer import PostingsWriter

AddDocument = Callable[[PostingsWriter, Any], None]
_DOCUMENT_COST = 220
"""Indexing work of a document beside its text, in characters of text (stored fields, lengths...):
fitted on the scale corpus, where one half is short Bible verses and the other long news articles."""
_PARENT_CHECK = 500
"""Documents between the helper's checks that the build that started it is still running."""


def add_in_two_processes(writer: PostingsWriter, ix: Any, docs: Sequence[Any], add: AddDocument,
                         limitmb: int) -> None:
    """Add ``docs`` to ``writer``'s index in document order, the first part in a helper process.

    The helper's segments come first in the index, so document numbers follow ``docs``. An error
    in the helper is raised here; the helper never touches the index's table of contents. The
    writer's own part is finished here too; later documents go to a new segment of the writer.
    """
    if not writer.fast:  # Whoosh's own writer cannot finish a segment for another to commit: one process
        for doc in docs:
            add(writer, doc)
        return
    with _collector_paused():
        _add_in_two_processes(writer, ix, docs, add, limitmb)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off meanwhile (in the helper too, which inherits it).

    Indexing makes millions of objects and next to no reference cycles, and each automatic full
    collection walks every document read: 10% of a large build's time, for nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _add_in_two_processes(writer: PostingsWriter, ix: Any, docs: Sequence[Any], add: AddDocument,
                          limitmb: int) -> None:
    split = _middle(docs)
    # fork: the helper inherits the documents instead of unpickling them.
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    helper = context.Process(target=_write_part, args=(ix, docs[:split], add, limitmb, writer.max_documents, sender, os.getpid()),
                             daemon=True)
    helper.start()
    sender.close()
    try:
        first = len(writer.finished)
        for doc in docs[split:]:
            add(writer, doc)
        # Write this part's segment while the helper writes its own.
        own = writer.finish_segment()
        if own is not None:
            writer.finished.append(own)
        try:
            status, payload = receiver.recv()
        except EOFError:
            helper.join()
            raise WriterProcessDied(helper.exitcode) from None
        if status != "ok":
            raise payload
        writer.adopt(payload, first)
    finally:
        receiver.close()
        if helper.is_alive():
            helper.kill()
        helper.join()


def _middle(docs: Sequence[Any]) -> int:
    """Where to split ``docs`` so that both parts hold about as much work (text, plus a per-document share)."""
    costs = list(accumulate(len(doc.title) + len(doc.body) + _DOCUMENT_COST for doc in docs))
    return bisect_left(costs, costs[-1] / 2) if costs else 0


def _write_part(ix: Any, docs: Sequence[Any], add: AddDocument, limitmb: int, max_documents: int,
                sender: Any, parent: int) -> None:
    die_with(parent)
    try:
        writer = PostingsWriter(ix, _lk=False, limitmb=limitmb, max_documents=max_documents)
        for n, doc in enumerate(docs):
            if n % _PARENT_CHECK == 0 and os.getppid() != parent:
                return  # the build was killed: nobody will commit this segment
            add(writer, doc)
        # Finished but not committed: the parent lists the segment in its own commit.
        last = writer.finish_segment()
        sender.send(("ok", writer.finished + ([last] if last is not None else [])))
    except BaseException as exc:  # the parent raises it: a full disk is reported as such
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(f"the second writer process failed: {exc!r}\n{traceback.format_exc(limit=3)}")
        sender.send(("error", exc))
    finally:
        sender.close()

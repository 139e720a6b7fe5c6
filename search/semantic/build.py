"""The semantic layer of a new index state: each article's vector reused from the live state when
its text is unchanged (also across a rebuild), the others encoded in batches."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from search.errors import WriterProcessDied
from search.forked import die_with
from search.models import SemanticReport
from search.semantic import encoder
from search.semantic.encoder import DIM
from search.semantic.vectors import Vectors, quantised

BATCH = 64
"""Texts per encoder call (the encoder streams each batch's weights once)."""
PARALLEL_MIN = 2 * BATCH
"""From two batches on, a second (forked) process halves the time: measured here on news articles,
128 texts 1.1 → 0.67 s, 256 2.1 → 1.1-1.3 s, 640 5.6 → 2.8 s; one batch cannot be shared (64 texts:
0.6 s either way). An update after 1% edits encodes ~640 texts."""


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class VectorBuilder:
    """Collects the documents a run (re)reads; ``finish`` makes the new state's vectors."""

    def __init__(self, previous: Vectors | None) -> None:
        self.previous = previous
        self._by_hash = previous.by_hash() if previous is not None else {}
        self._read: dict[str, tuple[str, str, str | None]] = {}  # id -> (hash, lang, text to encode)

    def add(self, doc: Any) -> None:
        text = encoder.article_text(doc.title, doc.body)
        digest = text_hash(text)
        self._read[doc.id] = (digest, doc.lang, None if digest in self._by_hash else text)

    def finish(self, live: Iterable[str], progress: Callable[[int, int], None], procs: int) -> tuple[Vectors, SemanticReport]:
        """Vectors of every id of ``live``: those read in this run from their text, the others (in
        files this run did not read) kept from the previous vectors."""
        to_encode = [(doc_id, text) for doc_id, (_h, _l, text) in self._read.items() if text is not None]
        encoded = _encode([text for _i, text in to_encode], progress, procs)
        fresh = {doc_id: n for n, (doc_id, _t) in enumerate(to_encode)}
        previous = self.previous
        ids, hashes, langs = [], [], []
        source = []  # the row of the previous vectors (>= 0), or -1 - the position among the encoded
        for doc_id in live:
            if doc_id in self._read:
                digest, lang, _text = self._read[doc_id]
                n = fresh.get(doc_id)
                row = -1 - n if n is not None else self._by_hash[digest]
            elif previous is not None and (row := previous.row_of(doc_id)) is not None:
                digest, lang = previous.hashes[row], previous.langs[row]
            else:
                continue
            ids.append(doc_id)
            hashes.append(digest)
            langs.append(lang)
            source.append(row)
        # rows gathered in one go: one at a time from the memory-mapped previous matrix took 0.3 s at 68,000
        rows = np.asarray(source, dtype=np.int64)
        matrix = np.empty((len(ids), DIM), dtype=np.int8)
        scales = np.empty(len(ids), dtype=np.float32)
        kept = rows >= 0
        if kept.any():
            matrix[kept] = previous.matrix[rows[kept]]
            scales[kept] = previous.scales[rows[kept]]
        if (~kept).any():
            new_matrix, new_scales = encoded
            matrix[~kept] = new_matrix[-1 - rows[~kept]]
            scales[~kept] = new_scales[-1 - rows[~kept]]
        return Vectors(ids, hashes, langs, matrix, scales), SemanticReport(encoded=len(fresh), reused=len(ids) - len(fresh))


def _encode(texts: list[str], progress: Callable[[int, int], None], procs: int) -> tuple[Any, Any]:
    """(int8 rows, their scales) of the texts, in order."""
    total = len(texts)
    progress(0, total)
    batches = [texts[start: start + BATCH] for start in range(0, total, BATCH)]
    if not batches:
        return np.zeros((0, DIM), dtype=np.int8), np.zeros(0, dtype=np.float32)
    encoder.available()  # loaded before a fork: the helper shares its weights
    if procs > 1 and total >= PARALLEL_MIN and "fork" in multiprocessing.get_all_start_methods():
        parts = _encoded_in_two_processes(batches, progress, total)
    else:
        parts = []
        for done, batch in enumerate(batches, start=1):
            parts.append(_encoded_batch(batch))
            progress(min(done * BATCH, total), total)
    return np.concatenate([rows for rows, _s in parts]), np.concatenate([scales for _r, scales in parts])


def _encoded_in_two_processes(batches: list[list[str]], progress: Callable[[int, int], None],
                              total: int) -> list[tuple[Any, Any]]:
    """The batches' (rows, scales): the first half encoded by a forked helper (it shares the loaded
    weights), the rest here. A helper that dies (the out-of-memory killer) is reported as the
    build's second writer process is, never waited for forever (as multiprocessing.Pool does)."""
    split = len(batches) // 2
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    helper = context.Process(target=_encode_part, args=(batches[:split], sender, os.getpid()), daemon=True)
    helper.start()
    sender.close()
    own: list[tuple[Any, Any]] = []
    theirs: list[tuple[Any, Any]] | None = None
    helper_done = own_done = 0
    try:
        def receive(wait: bool) -> None:
            nonlocal theirs, helper_done
            while theirs is None and (wait or receiver.poll()):
                try:
                    status, payload = receiver.recv()
                except EOFError:
                    helper.join()
                    raise WriterProcessDied(helper.exitcode) from None
                if status == "error":
                    raise payload
                if status == "progress":
                    helper_done = payload
                else:
                    theirs = payload
                progress(helper_done + own_done, total)

        for batch in batches[split:]:
            own.append(_encoded_batch(batch))
            own_done += len(batch)
            receive(wait=False)
            progress(helper_done + own_done, total)
        receive(wait=True)
        assert theirs is not None
        return theirs + own
    finally:
        receiver.close()
        if helper.is_alive():
            helper.kill()
        helper.join()


def _encode_part(batches: list[list[str]], sender: Any, parent: int) -> None:
    """In the helper: encode ``batches``, saying how many texts are done after each."""
    # Ctrl-C and SIGTERM are the parent's to handle (it kills this helper); the handlers inherited
    # from the CLI would print a traceback here
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with(parent)
    try:
        parts, done = [], 0
        for batch in batches:
            if os.getppid() != parent:
                return  # the build was killed: nobody reads these vectors
            parts.append(_encoded_batch(batch))
            done += len(batch)
            sender.send(("progress", done))
        sender.send(("done", parts))
    except BaseException as exc:  # the parent raises it
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(f"the embedding helper process failed: {exc!r}")
        try:
            sender.send(("error", exc))
        except OSError:
            pass  # the parent is gone
    finally:
        sender.close()


def _encoded_batch(texts: list[str]) -> tuple[Any, Any]:
    return quantised(encoder.encode(texts))

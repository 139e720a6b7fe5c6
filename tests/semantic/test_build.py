"""The vector builder: unchanged texts keep their vectors (by content, across ids), others are encoded."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from search.semantic import build
from search.semantic.build import VectorBuilder


@dataclass
class Doc:
    id: str
    lang: str
    title: str
    body: str


DOCS = [Doc("a", "en", "Wheat harvest", "A record wheat harvest in Kansas."),
        Doc("b", "es", "Cosecha", "La mayor cosecha de trigo de Castilla."),
        Doc("c", "en", "Budget", "Parliament debates the budget.")]


def built(docs, previous=None, live=None, procs=1):
    builder = VectorBuilder(previous)
    for doc in docs:
        builder.add(doc)
    seen = []
    vectors, report = builder.finish(live or [d.id for d in docs], lambda done, total: seen.append((done, total)), procs)
    return vectors, report, seen


def test_first_build_encodes_every_text_and_reports_progress():
    vectors, report, seen = built(DOCS)
    assert vectors.ids == ["a", "b", "c"] and vectors.langs == ["en", "es", "en"]
    assert (report.encoded, report.reused) == (3, 0)
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_same_text_is_reused_even_under_another_id_and_unread_documents_keep_theirs(monkeypatch):
    first, _report, _seen = built(DOCS)
    encoded = []
    real = build._encoded_batch
    monkeypatch.setattr(build, "_encoded_batch", lambda texts: encoded.extend(texts) or real(texts))
    renamed = Doc("a2", "en", DOCS[0].title, DOCS[0].body)
    changed = Doc("c", "en", "Budget", "Parliament passes the budget.")
    # "b" was not read this run (its file did not change): it keeps its vector by id
    vectors, report, _seen = built([renamed, changed], previous=first, live=["a2", "b", "c"])
    assert (report.encoded, report.reused) == (1, 2)
    assert encoded == ["Budget\nParliament passes the budget."]
    row = {doc_id: n for n, doc_id in enumerate(vectors.ids)}
    assert np.array_equal(vectors.matrix[row["a2"]], first.matrix[0])
    assert np.array_equal(vectors.matrix[row["b"]], first.matrix[1])
    assert not np.array_equal(vectors.matrix[row["c"]], first.matrix[2])
    # a kept row keeps its scale too (row i is matrix[i] * scales[i]); the new one has its own
    assert vectors.scales[row["a2"]] == first.scales[0] and vectors.scales[row["b"]] == first.scales[1]
    matrix, scales = real(["Budget\nParliament passes the budget."])
    assert vectors.scales[row["c"]] == scales[0] and np.array_equal(vectors.matrix[row["c"]], matrix[0])


def test_two_processes_give_the_same_vectors(monkeypatch):
    monkeypatch.setattr(build, "PARALLEL_MIN", 1)
    monkeypatch.setattr(build, "BATCH", 1)
    one, _r, _s = built(DOCS)
    two, report, seen = built(DOCS, procs=2)
    assert np.array_equal(one.matrix, two.matrix) and report.encoded == 3
    assert seen[-1] == (3, 3)


def _in_the_helper(monkeypatch, action) -> None:
    """Two processes from one text, one text per batch; ``action()`` runs in the helper before it encodes."""
    import os

    monkeypatch.setattr(build, "PARALLEL_MIN", 1)
    monkeypatch.setattr(build, "BATCH", 1)
    parent = os.getpid()
    real = build._encoded_batch

    def encoded(texts):
        if os.getpid() != parent:
            action()
        return real(texts)

    monkeypatch.setattr(build, "_encoded_batch", encoded)


MORE_DOCS = DOCS + [Doc("d", "en", "Storm", "A storm hits the coast.")]


def test_a_killed_embedding_helper_is_reported_as_the_build_s_second_process_never_waited_for(monkeypatch):
    import os
    import signal

    import pytest

    from search.errors import WriterProcessDied

    _in_the_helper(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGKILL))  # as the out-of-memory killer would
    with pytest.raises(WriterProcessDied) as caught:
        built(MORE_DOCS, procs=2)
    assert caught.value.signal == signal.SIGKILL and "killed by signal 9" in str(caught.value)


def test_an_error_in_the_embedding_helper_is_raised_in_the_build(monkeypatch):
    import pytest

    def full_disk():
        raise OSError(28, "No space left on device")

    _in_the_helper(monkeypatch, full_disk)
    with pytest.raises(OSError, match="No space left"):
        built(MORE_DOCS, procs=2)

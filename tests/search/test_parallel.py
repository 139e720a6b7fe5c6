"""Indexing with a helper process: documents in order, the garbage collector paused in both processes."""

from __future__ import annotations

import gc
import json
import os
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from processes import gone, kill_and_reap, wait_for_file
from search.backends.whoosh.build import add_document
from search.ingest import read_seed_file
from search.backends.whoosh.parallel import _middle, add_in_two_processes
from search.backends.whoosh.schema import build_schema
from search.backends.whoosh.writer import PostingsWriter


def some_documents(seeds: Path, count: int) -> list:
    seeds.mkdir()
    rows = [{"id": f"doc-{n}", "title": f"Note {n}", "body": f"Body number {n} about housing " * (n + 1),
             "lang": "en"} for n in range(count)]
    path = seeds / "notes.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    return read_seed_file(path, seeds)[0]


def new_index(folder: Path):
    folder.mkdir()
    return whoosh_index.create_in(str(folder), build_schema())


def test_both_processes_index_with_the_collector_paused_and_it_is_back_after(tmp_path: Path):
    docs = some_documents(tmp_path / "seeds", 12)
    seen = tmp_path / "seen"

    def add(writer, doc):
        with seen.open("a") as out:
            out.write(f"{os.getpid()} {gc.isenabled()}\n")
        add_document(writer, doc)

    ix = new_index(tmp_path / "index")
    writer = PostingsWriter(ix)
    assert gc.isenabled()
    add_in_two_processes(writer, ix, docs, add, 64)
    writer.commit()
    assert gc.isenabled()
    lines = [line.split() for line in seen.read_text().splitlines()]
    assert len(lines) == 12
    assert len({pid for pid, _ in lines}) == 2
    assert {enabled for _, enabled in lines} == {"False"}
    with ix.searcher() as searcher:
        assert [searcher.stored_fields(n)["id"] for n in range(12)] == [doc.id for doc in docs]
    ix.close()


def test_the_collector_comes_back_when_indexing_fails(tmp_path: Path):
    docs = some_documents(tmp_path / "seeds", 6)

    def add(writer, doc):
        raise ValueError("bad document")

    ix = new_index(tmp_path / "index")
    writer = PostingsWriter(ix)
    with pytest.raises(ValueError, match="bad document"):
        add_in_two_processes(writer, ix, docs, add, 64)
    writer.cancel()
    ix.close()
    assert gc.isenabled()


def test_a_paused_collector_stays_paused(tmp_path: Path):
    docs = some_documents(tmp_path / "seeds", 4)
    ix = new_index(tmp_path / "index")
    writer = PostingsWriter(ix)
    gc.disable()
    try:
        add_in_two_processes(writer, ix, docs, add_document, 64)
        assert not gc.isenabled()
    finally:
        gc.enable()
    writer.commit()
    ix.close()


def test_the_split_balances_text_and_documents():
    class Doc:
        def __init__(self, size: int) -> None:
            self.title, self.body = "", "x" * size

    # Many short documents against few long ones: the per-document share moves the split.
    docs = [Doc(10) for _ in range(1000)] + [Doc(100_000) for _ in range(3)]
    assert _middle(docs) == 1000  # the short ones in one part, the long ones in the other
    assert _middle([]) == 0


def test_bounded_segments_of_both_processes_keep_the_documents_in_order(tmp_path: Path):
    docs = some_documents(tmp_path / "seeds", 23)
    ix = new_index(tmp_path / "index")
    writer = PostingsWriter(ix, max_documents=4)
    for doc in docs[:3]:  # a first segment of the writer's own, before the two processes
        add_document(writer, doc)
    writer.finished.append(writer.finish_segment())
    add_in_two_processes(writer, ix, docs[3:], add_document, 64)
    add_document(writer, docs[0].__class__(**{**docs[0].__dict__, "id": "last"}))
    writer.commit()
    segments = ix._segments()
    assert max(s.doc_count_all() for s in segments) == 4 and len(segments) >= 7
    with ix.searcher() as searcher:
        assert [searcher.stored_fields(n)["id"] for n in range(24)] == [doc.id for doc in docs] + ["last"]
    ix.close()


def test_the_helper_does_not_outlive_a_killed_build(tmp_path: Path):
    # It holds the index's writer lock too (inherited): alive, it would block the next build.
    docs = some_documents(tmp_path / "seeds", 6)
    said = tmp_path / "helper"
    build = os.fork()
    if build == 0:
        def add(writer, doc):
            if os.getpid() != build_pid:  # the helper: slow, as a large part on a busy machine is
                said.write_text(f"{os.getpid()}\n")
                time.sleep(60)
            add_document(writer, doc)

        build_pid = os.getpid()
        try:
            ix = new_index(tmp_path / "index")
            add_in_two_processes(PostingsWriter(ix), ix, docs, add, 64)
        finally:
            os._exit(0)  # never back into pytest from a forked copy of it
    helper = int(wait_for_file(said))
    kill_and_reap(build)
    assert gone(helper)

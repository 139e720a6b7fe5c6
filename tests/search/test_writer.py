"""The build's segment writer writes the same index as Whoosh's own writer, with or without sort runs."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from corpus_data import read_jsonl
from search.backends.whoosh.build import add_document, document_fields
from search.ingest import read_seed_file
from search.backends.whoosh.schema import build_schema
import search.backends.whoosh.writer as writer_module
from search.backends.whoosh.writer import PostingsWriter

SAMPLE = 200


def sample_documents(corpora: Path, seeds: Path) -> list:
    """A few hundred real English and Spanish records, read as the indexer reads them."""
    seeds.mkdir()
    docs = []
    for name in ("congreso-es.jsonl", "news-en-2017.jsonl", "handbook-en.jsonl"):
        rows = list(read_jsonl(corpora / name, SAMPLE))
        path = seeds / name
        path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), encoding="utf-8")
        docs.extend(read_seed_file(path, seeds)[0])
    return docs


def build(folder: Path, docs, fast: bool, limitmb: int, compound: bool = True) -> Path:
    """An index of ``docs`` in ``folder`` (``compound=False``: one file per part of the segment)."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = (PostingsWriter if fast else SegmentWriter)(ix, limitmb=limitmb, compound=compound)
    for doc in docs:
        if fast:
            add_document(writer, doc)
        else:
            writer.add_document(**document_fields(doc))
    writer.commit()
    ix.close()
    return folder


def contents(folder: Path) -> dict:
    """Every term's statistics and postings, every stored document and every field length."""
    ix = whoosh_index.open_dir(str(folder))
    try:
        with ix.reader() as reader:
            terms = {}
            for fieldname, term in reader.all_terms():
                info = reader.term_info(fieldname, term)
                matcher = reader.postings(fieldname, term)
                postings = []
                while matcher.is_active():
                    postings.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                terms[fieldname, term] = (info.weight(), info.doc_frequency(), info.min_length(),
                                          info.max_length(), info.max_weight(), postings)
            stored = list(reader.all_stored_fields())
            lengths = {(name, n): reader.doc_field_length(n, name)
                       for name in ix.schema.scorable_names() for n in range(reader.doc_count_all())}
    finally:
        ix.close()
    return {"terms": terms, "stored": stored, "lengths": lengths}


@pytest.mark.corpora
@pytest.mark.parametrize("limitmb", [256, 1])  # 1 MB: the pool spills to sort runs and merges them
def test_postings_writer_writes_what_whoosh_writes(tmp_path: Path, corpora: Path, limitmb: int):
    docs = sample_documents(corpora, tmp_path / "seeds")
    assert len(docs) > 500
    plain = contents(build(tmp_path / "plain", docs, fast=False, limitmb=limitmb))
    fast = contents(build(tmp_path / "fast", docs, fast=True, limitmb=limitmb))
    assert plain["terms"] and plain == fast


def postings_files(folder: Path) -> dict[str, bytes]:
    """The bytes of a segment's postings (.pst) and term table (.trm)."""
    return {path.suffix: path.read_bytes() for path in folder.iterdir() if path.suffix in {".pst", ".trm"}}


@pytest.mark.corpora
@pytest.mark.parametrize("limitmb", [256, 1])
def test_terms_written_a_block_at_a_time_are_the_bytes_whoosh_writes_posting_by_posting(
    tmp_path: Path, corpora: Path, limitmb: int, monkeypatch: pytest.MonkeyPatch
):
    docs = sample_documents(corpora, tmp_path / "seeds")
    blocks = postings_files(build(tmp_path / "blocks", docs, fast=True, limitmb=limitmb, compound=False))
    # Whoosh's FieldWriter, one start_term / add / finish_term at a time, as for an unknown layout.
    monkeypatch.setattr(writer_module, "_TermBytes", lambda fieldwriter, _field, field_lengths: SimpleNamespace(
        write=lambda terms: writer_module._add_postings_one_by_one(fieldwriter, field_lengths.get, terms)))
    one_by_one = postings_files(build(tmp_path / "one-by-one", docs, fast=True, limitmb=limitmb, compound=False))
    assert set(blocks) == {".pst", ".trm"}
    assert blocks == one_by_one

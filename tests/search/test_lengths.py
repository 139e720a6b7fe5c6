"""A segment's field lengths read in one go are the ones Whoosh reads one document at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from search.backends.whoosh import compat
from search.backends.whoosh.lengths import BYTE_LENGTH, length_bytes
from test_writer import build, generated_documents


def test_every_document_s_length_of_every_field_is_whoosh_s(tmp_path: Path):
    ix = whoosh_index.open_dir(str(build(tmp_path / "index", generated_documents(tmp_path / "seeds"),
                                         fast=True, limitmb=256)))
    try:
        with ix.reader() as reader:
            for fieldname in ix.schema.names():  # with lengths (title, text...) and without (id, path...)
                data = length_bytes(reader, fieldname)
                assert data is not None and len(data) == reader.doc_count_all()
                # (Whoosh answers None for a document without the field, where the field has lengths)
                assert [BYTE_LENGTH[b] for b in data] == [reader.doc_field_length(n, fieldname) or 0
                                                           for n in range(reader.doc_count_all())]
            assert any(length_bytes(reader, "text")) and not any(length_bytes(reader, "id"))
    finally:
        ix.close()


def test_without_whoosh_s_length_internals_the_caller_is_told_to_ask_per_document(tmp_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch):
    ix = whoosh_index.open_dir(str(build(tmp_path / "index", generated_documents(tmp_path / "seeds", 20),
                                         fast=True, limitmb=256)))
    monkeypatch.setattr(compat, "RANKING", False)
    try:
        with ix.reader() as reader:
            assert length_bytes(reader, "text") is None
    finally:
        ix.close()

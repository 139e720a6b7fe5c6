"""Streamed .jsonl files: no size limit for the file, a limit per record, lines read as they come."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

import search
import search.indexer
import search.ingest.decode as decode
import search.ingest.lines as lines
import search.ingest.reader as reader
from search.errors import SeedFileError
from search.ingest import read_seed_file
from search.ingest.lines import JsonlLines


def record(n: int) -> str:
    return json.dumps({"id": f"r{n}", "lang": "en", "title": f"Report {n}",
                       "body": f"The ferry crossed the harbour for the {n}th time this winter."})


@pytest.fixture
def small_file_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    """A 4 KiB limit per file, and no whole-file read of a .jsonl allowed."""
    limit = 4096
    monkeypatch.setattr(decode, "MAX_FILE_BYTES", limit)
    monkeypatch.setattr(search.indexer, "MAX_FILE_BYTES", limit)
    real_read_bytes = decode.read_bytes

    def whole_file(path: Path) -> bytes:
        assert Path(path).suffix != ".jsonl", f"{path} was read whole instead of streamed"
        return real_read_bytes(path)

    monkeypatch.setattr(reader, "read_bytes", whole_file)
    monkeypatch.setattr(lines, "read_bytes", whole_file)
    return limit


def test_a_jsonl_file_over_the_file_limit_is_streamed_and_indexed_whole(tmp_path: Path, small_file_limit: int):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    export = seeds / "export.jsonl"
    export.write_text("\n".join(record(n) for n in range(400)) + "\n", encoding="utf-8")
    (seeds / "big.txt").write_text("Ferry news\n\n" + "The ferry was late. " * 400, encoding="utf-8")
    assert export.stat().st_size > 10 * small_file_limit

    report = search.build_index(seeds, tmp_path / "index")

    assert report.documents == 400
    assert [(item.path, item.reason.split(",")[0]) for item in report.skipped] == [("big.txt", "file is 0 MiB")]
    with search.open_index(tmp_path / "index") as engine:
        assert engine.search("ferry", limit=1).total == 400


def test_a_record_over_the_record_limit_is_skipped_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(lines, "MAX_RECORD_BYTES", 300)
    path = tmp_path / "export.jsonl"
    huge = json.dumps({"id": "huge", "title": "Huge", "body": "word " * 200, "lang": "en"})
    path.write_text("\n".join([record(1), huge, record(3)]) + "\n", encoding="utf-8")

    documents, problems = read_seed_file(path, tmp_path)

    assert [d.id for d in documents] == ["export.jsonl/r1#en", "export.jsonl/r3#en"]
    assert [p.reason for p in problems] == [
        "line 2: over the 300 bytes limit per record — split the record; line skipped"]


def test_lines_are_read_as_they_are_iterated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(record(n) for n in range(1000)) + "\n", encoding="utf-8")
    stream = JsonlLines(path)
    first = next(iter_lines := iter(stream))
    assert first.number == 1 and json.loads(first.text)["id"] == "r0"
    assert stream.read_bytes < path.stat().st_size / 100
    assert sum(1 for _ in iter_lines) == 999


@pytest.mark.parametrize("content, expected", [
    (codecs.BOM_UTF8 + b'{"id": "a", "title": "Caf\xc3\xa9", "lang": "es"}\r\n', ["Café"]),
    (b'{"id": "a", "title": "Caf\xe9", "lang": "es"}\r{"id": "b", "title": "Ni\xf1o", "lang": "es"}\r', ["Café", "Niño"]),
    ('{"id": "a", "title": "Café", "lang": "es"}\n'.encode("utf-16"), ["Café"]),
])
def test_encodings_and_line_ends_as_a_whole_file_read_gives_them(tmp_path: Path, content: bytes, expected):
    path = tmp_path / "export.jsonl"
    path.write_bytes(content)
    documents, problems = read_seed_file(path, tmp_path)
    assert [d.title for d in documents] == expected and problems == []


def test_an_empty_or_blank_or_binary_jsonl_is_refused(tmp_path: Path):
    path = tmp_path / "export.jsonl"
    for content, reason in ((b"", "file is empty"), (b"\n  \n", "file holds only whitespace"),
                            (b"\x00\x01binary", "file is binary")):
        path.write_bytes(content)
        with pytest.raises(SeedFileError, match=reason):
            read_seed_file(path, tmp_path)

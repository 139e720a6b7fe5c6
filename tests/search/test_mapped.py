"""Segment files read in place: a view reads like the bytes it maps, and opening an index copies none of it."""

from __future__ import annotations

import io
import json
import pickle
import tracemalloc
from pathlib import Path

import search
from search.backends.whoosh import mapped, store

WORDS = ("harbour ferry storm council budget school river bridge market festival election court "
         "railway museum hospital drought vaccine border customs tariff").split()


def view_of(tmp_path: Path, data: bytes, offset: int) -> tuple[object, object]:
    """A view of ``data`` placed at ``offset`` inside a larger file, and the file (to close)."""
    path = tmp_path / "blob"
    path.write_bytes(b"x" * offset + data + b"tail bytes past the view")
    whole = mapped.MappedStorage(str(tmp_path)).open_file("blob")
    return whole.subset(offset, len(data)), whole


def test_a_view_reads_seeks_and_unpickles_as_the_bytes_would(tmp_path: Path) -> None:
    data = b"first line\nsecond\n" + pickle.dumps({"a": list(range(300))}, 2) + b"\x00\x01\x02\x03end"
    view, whole = view_of(tmp_path, data, offset=4099)
    expected = io.BytesIO(data)
    try:
        assert view.readline() == expected.readline() == b"first line\n"
        assert view.read(3) == expected.read(3) == b"sec"
        assert view.readline() == expected.readline()
        assert view.read_pickle() == pickle.load(expected) == {"a": list(range(300))}
        assert view.tell() == expected.tell()
        assert view.read() == expected.read() == b"\x00\x01\x02\x03end"
        assert view.read(5) == b""
        view.seek(-3, io.SEEK_END)
        assert view.read() == b"end"
        assert view.get(len(data) - 5, 100) == data[-5:]  # never past the view, into the file's tail
        assert view.subset(0, 10).read() == data[:10]
        view.seek(0)
        assert view.read_int() == int.from_bytes(data[:4], "big", signed=True)
    finally:
        view.close()
        whole.close()


def test_opening_a_searcher_copies_no_segment_file(tmp_path: Path) -> None:
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    seeds.mkdir()
    lines = []
    for n in range(3000):
        body = " ".join(WORDS[(n * 7 + k * k) % len(WORDS)] + str(k % 50) for k in range(60))
        lines.append(json.dumps({"id": f"r{n}", "lang": "en", "title": f"Story {n}", "body": body}))
    (seeds / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    search.build_index(seeds, index)
    generation = store.current_generation(index).path
    segments = sum(f.stat().st_size for f in generation.glob("*.seg"))
    assert segments > 1_000_000

    mapped.open_index(generation).searcher().close()  # Whoosh's modules imported: not counted
    tracemalloc.start()
    try:
        ix = mapped.open_index(generation)
        searcher = ix.searcher()
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    try:
        assert peak < segments / 10, (peak, segments)
        assert searcher.doc_count() == 3000
        assert len(list(searcher.documents(title="3000"))) == 0 and searcher.document(id="export.jsonl/r7#en")
    finally:
        searcher.close()
        ix.close()

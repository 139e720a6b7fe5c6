"""Building and updating an index: incremental changes, atomic swaps, failures that lose nothing."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

import search
import search.indexer
from search.backends.whoosh import store

SPANISH_NOTE = (
    "Crisis de vivienda en Valparaíso\n\n"
    "El ayuntamiento de Valparaíso aprobó ayer un plan de vivienda pública para las familias "
    "desalojadas tras los incendios del verano.\n"
)


def titles(index: Path, query: str) -> list[str]:
    with search.open_index(index) as engine:
        return [hit.title for hit in engine.search(query).hits]


def test_incremental_update_adds_changes_and_removes(seeds_copy: Path, tmp_path: Path):
    index = tmp_path / "index"
    first = search.build_index(seeds_copy, index)
    assert (first.added, first.documents, first.rebuilt) == (2, 3, True)

    (seeds_copy / "valparaiso.txt").write_text(SPANISH_NOTE, encoding="utf-8")
    added = search.build_index(seeds_copy, index)
    assert (added.added, added.updated, added.removed, added.unchanged) == (1, 0, 0, 2)
    assert titles(index, "valparaiso") == ["Crisis de vivienda en Valparaíso"]

    (seeds_copy / "valparaiso.txt").write_text(SPANISH_NOTE.replace("Valparaíso", "Viña del Mar"), encoding="utf-8")
    changed = search.build_index(seeds_copy, index)
    assert (changed.added, changed.updated, changed.removed) == (0, 1, 0)
    assert titles(index, "valparaiso") == []
    assert titles(index, "vina") == ["Crisis de vivienda en Viña del Mar"]

    (seeds_copy / "valparaiso.txt").unlink()
    removed = search.build_index(seeds_copy, index)
    assert (removed.added, removed.updated, removed.removed, removed.documents) == (0, 0, 1, 3)
    assert titles(index, "vina") == []


def test_nothing_changed_writes_nothing(seeds_copy: Path, tmp_path: Path):
    index = tmp_path / "index"
    search.build_index(seeds_copy, index)
    live = (index / store.CURRENT).read_text()
    again = search.build_index(seeds_copy, index)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 2)
    assert (index / store.CURRENT).read_text() == live


def test_the_file_manifest_lives_apart_from_the_record_readers_open(seeds_copy: Path, tmp_path: Path):
    """meta.json (read at every open and refresh) stays small; manifest.json holds what each file held."""
    index = tmp_path / "index"
    search.build_index(seeds_copy, index)
    live = store.current_generation(index)
    assert "files" not in live.meta and "files" not in json.loads((live.path / store.META).read_text())
    assert set(store.current_generation(index, manifest=True).meta["files"]) == {
        p.name for p in seeds_copy.iterdir()}


def test_the_manifest_is_written_a_file_at_a_time_as_one_json_document(tmp_path: Path):
    """Written in pieces (it grows with the archive), read back whole: names and ids with accents
    and quotes, records' digests and problems, in the order ``json.dumps(sort_keys=True)`` gives."""
    gen = tmp_path / "gen"
    gen.mkdir()
    files = {
        "b.jsonl": {"hash": "h2", "ids": {"b.jsonl/1#en": "d1", 'b.jsonl/"q"#es': "d0"}, "problems": []},
        "Día 1.txt": {"hash": "h1", "ids": {"dia-1-9fc414.txt#es": "c"}, "problems": [["warning", "línea 3", 1]]},
        "a.txt": {"hash": "h0", "ids": {}, "error": "empty", "problems": []},
    }
    store.write_meta(gen, {"documents": 3, "files": files})
    text = (gen / store.MANIFEST).read_text(encoding="utf-8")
    assert text == json.dumps({"files": files}, ensure_ascii=False, sort_keys=True)
    assert store.read_meta(gen, manifest=True)["files"] == files
    store.write_meta(gen, {"documents": 0})
    assert json.loads((gen / store.MANIFEST).read_text(encoding="utf-8")) == {"files": {}}


def test_a_generation_with_its_manifest_inside_meta_json_still_updates_incrementally(seeds_copy: Path, tmp_path: Path):
    """Generations written before manifest.json keep the files in meta.json: an update reads them there."""
    index = tmp_path / "index"
    search.build_index(seeds_copy, index)
    live = store.current_generation(index)
    files = json.loads((live.path / store.MANIFEST).read_text())["files"]
    (live.path / store.META).write_text(json.dumps({**live.meta, "files": files}))
    (live.path / store.MANIFEST).unlink()
    (seeds_copy / "valparaiso.txt").write_text(SPANISH_NOTE, encoding="utf-8")
    added = search.build_index(seeds_copy, index)
    assert (added.added, added.updated, added.removed, added.unchanged, added.rebuilt) == (1, 0, 0, 2, False)
    assert titles(index, "valparaiso") == ["Crisis de vivienda en Valparaíso"]
    new = store.current_generation(index)
    assert new.name != live.name and "files" not in json.loads((new.path / store.META).read_text())
    assert len(json.loads((new.path / store.MANIFEST).read_text())["files"]) == 3


def test_a_rebuild_that_fails_midway_leaves_the_old_index_searchable(seeds_copy, tmp_path, monkeypatch):
    index = tmp_path / "index"
    search.build_index(seeds_copy, index)
    (seeds_copy / "valparaiso.txt").write_text(SPANISH_NOTE, encoding="utf-8")
    real_stream = search.indexer.SeedStream
    calls = []

    def failing_stream(path, root, known):
        calls.append(path)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real_stream(path, root, known)

    monkeypatch.setattr(search.indexer, "SeedStream", failing_stream)
    with pytest.raises(RuntimeError):
        search.build_index(seeds_copy, index, rebuild=True)
    assert len(titles(index, "Bukele")) == 3
    assert titles(index, "valparaiso") == []
    assert not list(index.glob(f"{store.TMP_PREFIX}*"))

    monkeypatch.setattr(search.indexer, "SeedStream", real_stream)
    assert search.build_index(seeds_copy, index).documents == 4


def test_leftovers_of_a_killed_writer_are_cleaned_by_the_next_run(seeds_copy: Path, tmp_path: Path):
    index = tmp_path / "index"
    search.build_index(seeds_copy, index)
    leftover = store.new_temp_dir(index)
    (leftover / "_MAIN_1.toc").write_bytes(b"half written")
    (index / "CURRENT.deadbeef.tmp").write_text("gen-bogus")
    (seeds_copy / "valparaiso.txt").write_text(SPANISH_NOTE, encoding="utf-8")
    search.build_index(seeds_copy, index)
    assert not leftover.exists()
    assert not list(index.glob("CURRENT.*.tmp"))
    assert len(list(index.glob(f"{store.GEN_PREFIX}*"))) <= 1 + store.KEEP_OLD_GENERATIONS


def test_an_index_of_another_schema_version_asks_for_a_rebuild(seeds_copy: Path, tmp_path: Path):
    index = tmp_path / "index"
    search.build_index(seeds_copy, index)
    generation = store.current_generation(index)
    meta = json.loads((generation.path / store.META).read_text())
    meta["schema_version"] = 0
    (generation.path / store.META).write_text(json.dumps(meta))
    with pytest.raises(search.IndexVersionError, match="has schema version 0, this news-search needs") as raised:
        search.open_index(index)
    assert (raised.value.kind, raised.value.recorded, raised.value.index_dir) == ("index_version", 0, str(index))
    assert "search-cli" not in str(raised.value)
    assert search.build_index(seeds_copy, index).rebuilt is True
    assert search.open_index(index).stats().documents == 3


def test_a_missing_index_says_how_to_build_it(tmp_path: Path):
    with pytest.raises(search.IndexNotFound, match="no index at .*nothing-here") as raised:
        search.open_index(tmp_path / "nothing-here")
    assert (raised.value.kind, raised.value.index_dir) == ("index_not_found", str(tmp_path / "nothing-here"))
    assert "search-cli" not in str(raised.value)
    assert not search.index_exists(tmp_path / "nothing-here")


def test_a_second_writer_waits_a_bounded_time(seeds_copy: Path, tmp_path: Path):
    index = tmp_path / "index"
    search.build_index(seeds_copy, index)
    held, release = threading.Event(), threading.Event()

    def hold_lock():
        with store.writer_lock(index, timeout=1):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    held.wait(5)
    try:
        with pytest.raises(search.IndexLocked, match="another process"):
            search.build_index(seeds_copy, index, rebuild=True, lock_timeout=0.2)
    finally:
        release.set()
        holder.join()
    assert search.build_index(seeds_copy, index, rebuild=True, lock_timeout=1).documents == 3


def test_readers_keep_answering_from_the_old_generation_until_refresh(seeds_copy: Path, tmp_path: Path):
    index = tmp_path / "index"
    search.build_index(seeds_copy, index)
    with search.open_index(index) as engine:
        (seeds_copy / "valparaiso.txt").write_text(SPANISH_NOTE, encoding="utf-8")
        search.build_index(seeds_copy, index)
        assert engine.search("valparaiso").total == 0
        assert engine.refresh() is True
        assert engine.search("valparaiso").total == 1
        assert engine.refresh() is False


def test_default_index_location_follows_the_environment(seeds_copy: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NEWS_SEARCH_INDEX", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("NEWS_SEARCH_SEEDS", str(seeds_copy))
    report = search.build_index()
    assert Path(report.index_dir) == tmp_path / "elsewhere"
    assert search.index_exists()


def test_the_same_record_id_in_two_files_gives_two_documents(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    record = '{"id": "same", "title": "Título", "body": "Cuerpo del artículo sobre vivienda.", "lang": "es"}\n'
    (seeds / "a.jsonl").write_text(record, encoding="utf-8")
    (seeds / "b.jsonl").write_text(record, encoding="utf-8")
    report = search.build_index(seeds, tmp_path / "index")
    assert report.documents == 2 and report.skipped == []
    with search.open_index(tmp_path / "index") as engine:
        assert {hit.id for hit in engine.search("vivienda").hits} == {"a.jsonl/same#es", "b.jsonl/same#es"}


def test_large_rebuild_with_two_writer_processes(tmp_path: Path, corpora: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(corpora / "congreso-es.jsonl", seeds)
    shutil.copy(corpora / "handbook-en.jsonl", seeds)
    report = search.build_index(seeds, tmp_path / "index", procs=2)
    with search.open_index(tmp_path / "index") as engine:
        assert engine.stats().documents == report.documents > 1500
        assert engine.search("vivienda", lang="es").total > 0
        assert engine.search("debian package", lang="en").total > 0

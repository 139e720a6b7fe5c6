"""The seeds-folder rule of build_index: updates read the recorded folder, another folder needs a rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest

import search


def _seeds(folder: Path, word: str) -> Path:
    folder.mkdir()
    (folder / f"{word}.txt").write_text(f"{word.title()} seen over the harbour\n\nA {word} was seen.\n", encoding="utf-8")
    return folder


def _words(index: Path, word: str) -> int:
    with search.open_index(index) as engine:
        return engine.search(word).total


def test_update_without_a_folder_uses_the_recorded_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = _seeds(tmp_path / "articles", "zeppelin")
    monkeypatch.chdir(tmp_path)
    _seeds(tmp_path / "seeds", "marmoset")  # the default ./seeds, which must not be read
    search.build_index(seeds, "ix")
    with search.open_index("ix") as engine:
        assert engine.stats().seeds_dir == str(seeds.resolve())
    (seeds / "okapi.txt").write_text("Okapi seen\n\nAn okapi was seen today.\n", encoding="utf-8")
    report = search.build_index(None, "ix")
    assert (report.added, report.removed, report.seeds_dir) == (1, 0, str(seeds.resolve()))
    assert _words(Path("ix"), "zeppelin") == 1 and _words(Path("ix"), "marmoset") == 0
    rebuilt = search.build_index(None, "ix", rebuild=True)  # e.g. the damaged-index hint, the app's repair
    assert rebuilt.seeds_dir == str(seeds.resolve()) and rebuilt.documents == 2


def test_update_from_another_folder_is_an_error_with_its_fields(tmp_path: Path) -> None:
    seeds, other = _seeds(tmp_path / "articles", "zeppelin"), _seeds(tmp_path / "other", "marmoset")
    index = tmp_path / "ix"
    search.build_index(seeds, index)
    with pytest.raises(search.SeedsFolderMismatch) as caught:
        search.build_index(other, index)
    error = caught.value
    assert (error.index_dir, error.recorded, error.given) == (str(index), str(seeds.resolve()), str(other))
    assert "\n" not in str(error) and error.kind == "seeds_folder_mismatch" and "search-cli" not in str(error)
    assert _words(index, "zeppelin") == 1  # nothing was removed
    search.build_index(tmp_path / "articles" / ".." / "articles", index)  # the same folder, named another way
    search.build_index(other, index, rebuild=True)
    assert _words(index, "marmoset") == 1 and _words(index, "zeppelin") == 0


def test_a_damaged_index_is_rebuilt_from_its_recorded_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = _seeds(tmp_path / "articles", "zeppelin")
    index = tmp_path / "ix"
    search.build_index(seeds, index)
    generation = index / (index / "CURRENT").read_text(encoding="utf-8").strip()
    segments = list(generation.glob("*.seg"))
    assert segments
    for segment in segments:
        segment.write_bytes(b"damaged")
    monkeypatch.chdir(tmp_path)
    report = search.build_index(None, index, rebuild=True)
    assert report.seeds_dir == str(seeds.resolve()) and _words(index, "zeppelin") == 1


def test_an_index_with_ids_of_the_older_scheme_is_rebuilt_by_the_next_update(tmp_path: Path) -> None:
    import json

    seeds = _seeds(tmp_path / "articles", "zeppelin")
    index = tmp_path / "ix"
    search.build_index(seeds, index)
    meta_path = index / (index / "CURRENT").read_text(encoding="utf-8").strip() / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    del meta["id_scheme"]  # as written before ids carried the file's extension
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    _seeds(seeds / "more", "marmoset")
    report = search.build_index(None, index)
    assert report.rebuilt and report.added == 2
    with search.open_index(index) as engine:
        assert {hit.id for hit in engine.search("seen").hits} == {"zeppelin.txt#en", "more/marmoset.txt#en"}

"""The index folder: a build only ever removes what the index made, and refuses a user's own folder."""

from __future__ import annotations

from pathlib import Path

import pytest

import search
from bench.stress import index_with_cli, observe, run_cli, write_version_b
from search.backends.whoosh import store


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


def _users_folder(folder: Path) -> Path:
    for name in ("gen-1999-photos", ".tmp-thesis-drafts"):
        (folder / name).mkdir(parents=True)
        (folder / name / "keep.txt").write_text(f"{name} is mine", encoding="utf-8")
    return folder


def test_a_build_into_a_users_non_empty_folder_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    seeds, _index, env, _versions = index_with_cli(tmp_path, files=2, per_file=10)
    mine = _users_folder(tmp_path / "documents")
    (mine / "notes.txt").write_text("my notes", encoding="utf-8")
    before = _tree(mine)

    for extra in ([], ["--rebuild"]):
        run = run_cli("index", str(seeds), "--index", str(mine), *extra, env=env)

        assert run.returncode == 2, run.stderr
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("search-cli: error: "), run.stderr
        assert f"'{mine}' is not an index folder" in lines[0] and "notes.txt" in lines[0], lines[0]
        assert "empty or new folder" in lines[0]
        assert _tree(mine) == before, "the user's folder was changed"


def test_the_refusal_is_data_with_the_folder_and_what_it_holds(tmp_path: Path, seeds_copy: Path) -> None:
    mine = _users_folder(tmp_path / "documents")

    with pytest.raises(search.NotAnIndexFolder) as caught:
        search.build_index(seeds_copy, mine)

    assert caught.value.path == str(mine)
    assert caught.value.entries == [".tmp-thesis-drafts", "gen-1999-photos"]


def test_a_users_folders_named_like_the_indexs_own_survive_rebuilds_and_updates(tmp_path: Path) -> None:
    seeds, index, env, versions = index_with_cli(tmp_path, files=3, per_file=20)
    _users_folder(index)

    for n in range(4):
        if n == 2:
            write_version_b(seeds, files=3, per_file=20)
        run = run_cli("index", str(seeds), "--index", str(index), *(["--rebuild"] if n % 2 else []), env=env)
        assert run.returncode == 0, run.stderr

    assert (index / "gen-1999-photos" / "keep.txt").read_text(encoding="utf-8") == "gen-1999-photos is mine"
    assert (index / ".tmp-thesis-drafts" / "keep.txt").is_file()
    assert versions.which(observe(index)) == "B"
    # The index's own old generations are still retired.
    own = [p.name for p in index.iterdir() if p.name.startswith("gen-") and p.name != "gen-1999-photos"]
    assert len(own) <= 1 + store.KEEP_OLD_GENERATIONS, own


def test_an_index_from_before_the_marker_is_adopted(tmp_path: Path) -> None:
    seeds, index, env, versions = index_with_cli(tmp_path, files=2, per_file=10)
    (index / store.MARKER).unlink()
    live = (index / "CURRENT").read_text(encoding="utf-8").strip()
    write_version_b(seeds, files=2, per_file=10)

    for _ in range(3):
        run = run_cli("index", str(seeds), "--index", str(index), "--rebuild", env=env)
        assert run.returncode == 0, run.stderr

    assert versions.which(observe(index)) == "B"
    assert not (index / live).exists(), "the adopted generation was never retired"

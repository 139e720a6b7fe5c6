"""Scanning a seeds folder: which files are seeds, in what order, and what is skipped and why."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from ingest_helpers import write_seed

from search.errors import SeedsNotFound
from search.ingest import file_hash, read_seed_file, relative_path, scan_seeds


def names(files: list[Path], root: Path) -> list[str]:
    return [relative_path(path, root) for path in files]


def reasons(skipped) -> dict[str, str]:
    return {skip.path: skip.reason for skip in skipped}


def test_finds_supported_files_in_nested_folders_sorted(tmp_path):
    names_written = ["b.txt", "a/z.md", "a/deeper/n.JSONL", "A.TXT", "notes.dat", "README", "image.png",
                     ".hidden.txt", ".git/x.txt"]
    for name in names_written:
        write_seed(tmp_path, name, "Some text for the test.\n")
    files, skipped = scan_seeds(tmp_path)
    assert names(files, tmp_path) == ["A.TXT", "a/deeper/n.JSONL", "a/z.md", "b.txt"]
    assert skipped == []


def test_real_seeds_folder(seeds_dir):
    files, skipped = scan_seeds(seeds_dir)
    assert names(files, seeds_dir) == sorted(p.name for p in seeds_dir.iterdir() if p.suffix == ".txt")
    assert skipped == []


def test_names_with_spaces_and_accents_keep_their_path_and_get_a_readable_id(tmp_path):
    text = "La deportación fue discutida por el gobierno de México."
    write_seed(tmp_path, "Noticias de España/Día de la deportación.txt", text)
    files, _ = scan_seeds(tmp_path)
    assert names(files, tmp_path) == ["Noticias de España/Día de la deportación.txt"]
    documents, _ = read_seed_file(files[0], tmp_path)
    assert documents[0].path == "Noticias de España/Día de la deportación.txt"
    assert documents[0].id == "noticias-de-espana/dia-de-la-deportacion-058419.txt#es"
    assert documents[0].group == "noticias-de-espana/dia-de-la-deportacion-058419.txt"


def test_missing_folder_and_file_instead_of_folder_raise_one_line(tmp_path):
    with pytest.raises(SeedsNotFound, match="does not exist") as missing:
        scan_seeds(tmp_path / "nope")
    file = write_seed(tmp_path, "a.txt", "x")
    with pytest.raises(SeedsNotFound, match="not a folder") as not_folder:
        scan_seeds(file)
    for error in (missing, not_folder):
        assert "\n" not in str(error.value) and "seeds folder '" in str(error.value)


def test_symlink_to_a_file_outside_is_not_followed(tmp_path):
    seeds = tmp_path / "seeds"
    outside = write_seed(tmp_path, "outside/secret.txt", "Not a seed of this folder.")
    write_seed(seeds, "a.txt", "A seed.")
    (seeds / "link.txt").symlink_to(outside)
    (seeds / "folder").symlink_to(outside.parent, target_is_directory=True)
    files, skipped = scan_seeds(seeds)
    assert names(files, seeds) == ["a.txt"]
    assert "outside the seeds folder" in reasons(skipped)["link.txt"]
    assert "outside the seeds folder" in reasons(skipped)["folder"]


def test_broken_symlink_and_symlink_loop_are_skipped_with_a_reason(tmp_path):
    write_seed(tmp_path, "a.txt", "A seed.")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "loop1.txt").symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(tmp_path / "loop1.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    files, skipped = scan_seeds(tmp_path)
    assert names(files, tmp_path) == ["a.txt"]
    found = reasons(skipped)
    assert "broken symbolic link" in found["broken.txt"]
    assert "loop" in found["loop1.txt"] and "loop" in found["loop2.txt"]
    assert "loop" in found["sub/up"]


def test_symlink_to_a_file_inside_is_not_indexed_twice(tmp_path):
    write_seed(tmp_path, "a.txt", "A seed.")
    write_seed(tmp_path, "raw/article.dat", "A seed kept under another extension.")
    (tmp_path / "again.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "article.txt").symlink_to(tmp_path / "raw" / "article.dat")
    files, skipped = scan_seeds(tmp_path)
    assert names(files, tmp_path) == ["a.txt", "article.txt"]
    assert "indexed itself" in reasons(skipped)["again.txt"]


def test_unreadable_folder_is_skipped_and_the_rest_scanned(tmp_path, monkeypatch):
    write_seed(tmp_path, "a.txt", "A seed.")
    write_seed(tmp_path, "locked/b.txt", "A seed nobody can list.")
    locked = tmp_path / "locked"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # root lists anything: fail the listing the way it fails for a user
            real_scandir = os.scandir

            def refuse(path):
                if Path(path) == locked:
                    raise PermissionError(13, "Permission denied", str(path))
                return real_scandir(path)

            monkeypatch.setattr(os, "scandir", refuse)
        files, skipped = scan_seeds(tmp_path)
    finally:
        locked.chmod(0o755)
    assert names(files, tmp_path) == ["a.txt"]
    assert reasons(skipped) == {
        "locked": "folder cannot be read (permission denied) — check its permissions; its files were not indexed"
    }


def test_relative_path_is_posix_and_file_hash_is_sha1_of_the_bytes(tmp_path):
    path = write_seed(tmp_path, "sub dir/Año.txt", "México\n")
    assert relative_path(path, tmp_path) == "sub dir/Año.txt"
    assert file_hash(path) == hashlib.sha1("México\n".encode()).hexdigest()

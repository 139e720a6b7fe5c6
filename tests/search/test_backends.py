"""Backends chosen by location: a folder path is Whoosh; an unknown ``scheme://`` is one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

import search
from search.backends import open_backend, scheme
from search.backends.base import Reader
from search.backends.whoosh.reader import WhooshReader


def test_a_folder_path_is_a_whoosh_index(seed_index: Path) -> None:
    assert scheme(seed_index) is None and scheme("postgresql://h/db") == "postgresql"
    # Path() folds "//": the folded URL is still the database, never a folder to create.
    assert scheme(Path("postgresql://u:pw@h:5/db")) == "postgresql" and scheme(Path("postgres://h/db")) == "postgres"
    assert scheme(Path("postgresql-notes/db")) is None and scheme("postgresql") is None
    reader = open_backend(str(seed_index))
    try:
        assert isinstance(reader, WhooshReader) and isinstance(reader, Reader)
    finally:
        reader.close()


def test_an_unknown_scheme_is_invalid_input_and_creates_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Title\n\nSome body text.", encoding="utf-8")
    with pytest.raises(search.InvalidInput, match="unknown index location scheme 'nosuch://'"):
        search.open_index("nosuch://host/index")
    with pytest.raises(search.InvalidInput, match="unknown index location scheme 'nosuch://'"):
        search.build_index(seeds, "nosuch://host/index")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds"]

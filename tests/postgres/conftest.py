"""Fixtures of the PostgreSQL backend's tests: a small bilingual corpus indexed in both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from pg_corpus import write_corpus
from pg_server import PgServer


@pytest.fixture(scope="module")
def both_indexes(pg_server: PgServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    """(PostgreSQL location, Whoosh index folder, seeds) of the same corpus, built once per module."""
    import search

    root = tmp_path_factory.mktemp("pg-corpus")
    seeds = write_corpus(root / "seeds")
    location = pg_server.create_database(f"corpus_{root.name.replace('-', '_')}")
    search.build_index(seeds, location)
    search.build_index(seeds, root / "index")
    return location, root / "index", seeds

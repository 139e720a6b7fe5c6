"""Fixtures shared by every test folder: the repository's seeds and the shared corpora."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpus_data import REPO_ROOT, corpora_path
from pg_server import pg_location, pg_server  # noqa: F401  (fixtures: a real PostgreSQL server)

SEEDS = REPO_ROOT / "seeds"


@pytest.fixture(scope="session")
def corpora() -> Path:
    path = corpora_path()
    if not (path / "README.md").is_file():
        pytest.skip(f"shared corpora not found at {path}")
    return path


def copy_repo_seeds(target: Path) -> Path:
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private, writable copy of the repository's seeds."""
    return copy_repo_seeds(tmp_path / "seeds")


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's seeds indexed once per session (read-only for tests)."""
    import search

    root = tmp_path_factory.mktemp("seed-index")
    seeds = copy_repo_seeds(root / "seeds")
    search.build_index(seeds, root / "index")
    return root / "index"


@pytest.fixture
def seed_engine(seed_index: Path):
    import search

    with search.open_index(seed_index) as engine:
        yield engine

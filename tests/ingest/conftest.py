"""Fixtures for the ingest tests: the repository's two original seed articles, read only."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_data import REPO_ROOT
from ingest_helpers import SEED_000, SEED_001


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The project's own seeds folder; tests must not change it."""
    folder = REPO_ROOT / "seeds"
    if not (folder / SEED_000).is_file() or not (folder / SEED_001).is_file():
        pytest.skip(f"the original seed articles are not in {folder}")
    return folder

"""Fixtures that run the real search-cli entry point on a private copy of the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import IndexedSeeds, cli_env, copy_seeds, run_cli


@pytest.fixture(scope="session")
def indexed_seeds(tmp_path_factory: pytest.TempPathFactory) -> IndexedSeeds:
    """The repository's seeds indexed once for the whole session; tests must not change them."""
    root = tmp_path_factory.mktemp("cli-seeds")
    seeds = copy_seeds(root / "seeds")
    index = root / "index"
    env = cli_env(root, NEWS_SEARCH_SEEDS=str(seeds))
    built = run_cli("index", str(seeds), "--index", str(index), env=env)
    assert built.returncode == 0, built.stderr
    return IndexedSeeds(seeds, index, env)


@pytest.fixture
def fresh_seeds(tmp_path: Path) -> IndexedSeeds:
    """A per-test copy of the seeds with an index that does not exist yet, free to change."""
    seeds = copy_seeds(tmp_path / "seeds")
    return IndexedSeeds(seeds, tmp_path / "index", cli_env(tmp_path, NEWS_SEARCH_SEEDS=str(seeds)))

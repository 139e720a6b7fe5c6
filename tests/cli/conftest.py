"""Fixtures that run search-cli (in this process, as main(argv)) on a private copy of the seeds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from cli_helpers import RECORDS, SOURCED_FILE, IndexedSeeds, cli_env, copy_seeds, run_cli


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


@pytest.fixture(scope="session")
def sourced(tmp_path_factory: pytest.TempPathFactory) -> IndexedSeeds:
    """A small JSONL export with sources, dates, a long source name and terminal escapes in text."""
    import json

    root = tmp_path_factory.mktemp("cli-sourced")
    seeds = root / "seeds"
    seeds.mkdir()
    (seeds / SOURCED_FILE).write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    index = root / "index"
    env = cli_env(root, NEWS_SEARCH_SEEDS=str(seeds))
    built = run_cli("index", str(seeds), "--index", str(index), env=env)
    assert built.returncode == 0 and "4 documents" in built.stdout, built.stderr
    return IndexedSeeds(seeds, index, env)


@dataclass
class InProcess:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> Callable[..., InProcess]:
    """search.cli.main(argv) in this process, as a user with no config file and an empty stdin."""
    import io
    import sys

    from search.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("NEWS_SEARCH_INDEX", str(tmp_path / "default-index"))
    monkeypatch.setenv("NEWS_SEARCH_SEEDS", str(tmp_path / "default-seeds"))

    def run(*argv: str, stdin: str = "") -> InProcess:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return InProcess(code, out, err)

    return run

"""A damaged index or one from an older schema: one clear line naming the rebuild, exit 2, then a rebuild works."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.stress import index_with_cli, run_cli
from search.schema import SCHEMA_VERSION

REBUILD = "search-cli index --rebuild"


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    seeds, index, env, _versions = index_with_cli(tmp_path, files=3, per_file=50)
    return seeds, index, env


def _live_generation(index: Path) -> Path:
    return index / (index / "CURRENT").read_text(encoding="utf-8").strip()


def _truncate_largest_segment(index: Path) -> None:
    segment = max(_live_generation(index).glob("*.seg"), key=lambda p: p.stat().st_size)
    data = segment.read_bytes()
    segment.write_bytes(data[: len(data) // 2])


def _assert_clear_error(index: Path, env: dict[str, str], *expected: str) -> None:
    for command in (["query", "quokka"], ["stats"], ["show", "a-0-0"]):
        result = run_cli(*command, "--index", str(index), env=env)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("search-cli: error: "), result.stderr
        assert REBUILD in lines[0] and f"--index {index}" in lines[0], lines[0]
        for text in expected:
            assert text in lines[0], lines[0]


def _assert_rebuild_works(seeds: Path, index: Path, env: dict[str, str]) -> None:
    rebuilt = run_cli("index", str(seeds), "--index", str(index), "--rebuild", env=env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    _assert_works(index, env)


def _assert_works(index: Path, env: dict[str, str]) -> None:
    found = run_cli("query", "quokka", "--index", str(index), "--json", env=env)
    assert found.returncode == 0, found.stderr
    assert len(found.stdout.splitlines()) == 10


def test_truncated_segment_then_rebuild(built) -> None:
    seeds, index, env = built
    _truncate_largest_segment(index)

    _assert_clear_error(index, env, "damaged")
    _assert_rebuild_works(seeds, index, env)


def test_plain_index_run_repairs_a_truncated_segment_instead_of_copying_it(built) -> None:
    seeds, index, env = built
    _truncate_largest_segment(index)

    updated = run_cli("index", str(seeds), "--index", str(index), env=env)

    assert updated.returncode == 0, updated.stderr
    assert updated.stdout.startswith("built "), "the damaged index was updated instead of rebuilt"
    _assert_works(index, env)


def test_older_schema_then_rebuild(built) -> None:
    seeds, index, env = built
    meta_path = _live_generation(index) / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["schema_version"] = SCHEMA_VERSION - 1
    meta_path.write_text(json.dumps(meta), encoding="utf-8")

    _assert_clear_error(index, env, f"schema version {SCHEMA_VERSION - 1}")
    _assert_rebuild_works(seeds, index, env)


def test_index_from_before_generations_then_rebuild(built) -> None:
    seeds, index, env = built
    generation = _live_generation(index)
    for item in generation.iterdir():
        if item.name != "meta.json":
            shutil.copy2(item, index / item.name)
    shutil.rmtree(generation)
    (index / "CURRENT").unlink()

    _assert_clear_error(index, env, "older version")
    _assert_rebuild_works(seeds, index, env)


def test_pointer_to_a_missing_generation_then_rebuild(built) -> None:
    seeds, index, env = built
    shutil.rmtree(_live_generation(index))

    _assert_clear_error(index, env, "damaged")
    _assert_rebuild_works(seeds, index, env)

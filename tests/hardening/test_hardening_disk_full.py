"""A full disk during a build: one line naming the folder and what the build needed; the old index stays.

The disk is a real small filesystem (tmpfs) the test mounts; without permission to mount, it skips."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.stress import (NoSmallFilesystem, cli_env, disk_full_rounds, fill_up, observe, run_cli, small_filesystem,
                          write_version_a, write_version_b)


@pytest.fixture
def disk(tmp_path: Path):
    try:
        with small_filesystem(tmp_path / "disk", 8 << 20) as mounted:
            yield mounted
    except NoSmallFilesystem as exc:
        pytest.skip(f"cannot mount a small filesystem here: {exc}")


@pytest.mark.parametrize("rebuild", [True, False], ids=["rebuild", "update"])
def test_disk_full_gives_one_line_and_keeps_the_old_index(tmp_path: Path, disk: Path, rebuild: bool) -> None:
    env = cli_env(tmp_path)
    seeds, index = tmp_path / "seeds", disk / "index"
    versions = write_version_a(seeds, files=6, per_file=60)
    assert run_cli("index", str(seeds), "--index", str(index), env=env).returncode == 0
    write_version_b(seeds, files=6, per_file=60)
    ballast = fill_up(disk, 16 << 10)

    run = run_cli("index", str(seeds), "--index", str(index), *(["--rebuild"] if rebuild else []), env=env)

    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f"search-cli: error: the disk holding '{index}' is full: the build needed at least ")
    assert "the previous index was kept: free some space and run it again" in lines[0]
    assert versions.which(observe(index)) == "A"
    assert not list(index.glob(".tmp-*"))

    ballast.unlink()
    assert run_cli("index", str(seeds), "--index", str(index), env=env).returncode == 0
    assert versions.which(observe(index)) == "B"


def test_disk_full_at_random_points_never_leaves_a_mixed_index(tmp_path: Path) -> None:
    try:
        report = disk_full_rounds(tmp_path, rounds=4, files=6, per_file=60, seed=3)
    except NoSmallFilesystem as exc:
        pytest.skip(f"cannot mount a small filesystem here: {exc}")

    assert report.other == []
    assert report.runs == 4 and report.full + report.finished == 4
    assert report.full >= 1, report

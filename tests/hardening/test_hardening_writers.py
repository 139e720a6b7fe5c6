"""Two writers at once: the second waits a bounded time or exits 2 with one clear line."""

from __future__ import annotations

import fcntl
import os
import subprocess
from pathlib import Path

import pytest

import search
from search.backends.whoosh import store
from bench.stress import cli_command, index_with_cli, observe, run_cli


@pytest.fixture
def built(tmp_path: Path):
    return index_with_cli(tmp_path, files=6, per_file=100)


def _hold_lock(index: Path) -> int:
    fd = os.open(index / ".lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def test_second_writer_gives_up_with_one_clear_line_and_exit_2(built) -> None:
    seeds, index, env, versions = built
    fd = _hold_lock(index)
    try:
        second = run_cli("index", str(seeds), "--index", str(index), "--rebuild", "--wait", "1",
                         env=env, timeout=120)
    finally:
        os.close(fd)

    assert second.returncode == 2
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1, second.stderr
    assert "being written by another process" in lines[0] and "try again" in lines[0]
    assert "waited 1s" in lines[0]
    assert lines[0].startswith("search-cli: error: index ")
    assert versions.which(observe(index)) == "A"


class _Clock:
    """Stands in for the lock's clock: each sleep moves it on, so the wait is measured without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.tries = 0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.tries += 1
        self.now += seconds


@pytest.mark.parametrize("wait", [0.3, 2.0])
def test_api_writer_waits_only_the_timeout_it_was_given(built, monkeypatch, wait: float) -> None:
    seeds, index, _env, _versions = built
    clock = _Clock()
    monkeypatch.setattr(store, "time", clock)
    fd = _hold_lock(index)
    try:
        with pytest.raises(search.IndexLocked) as caught:
            search.build_index(seeds, index, lock_timeout=wait)
    finally:
        os.close(fd)
    waited = clock.now - 1000.0
    assert wait <= waited < wait + 0.2, waited  # it tried until the wait was over, and no longer
    assert clock.tries >= 3
    assert caught.value.kind == "index_locked" and caught.value.waited == wait


def test_two_writers_started_together_both_end_cleanly(built) -> None:
    seeds, index, env, versions = built
    runs = [subprocess.Popen(cli_command("index", str(seeds), "--index", str(index), "--rebuild"),
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outcomes = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()

    for code, stderr in outcomes:
        assert "Traceback" not in stderr and "LockError" not in stderr
        assert code == 0 or (code == 2 and "being written by another process" in stderr), stderr
    assert any(code == 0 for code, _ in outcomes)
    assert versions.which(observe(index)) == "A"

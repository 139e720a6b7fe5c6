"""The helper writer process of a two-process build dies (as the out-of-memory killer would do it):
one line with a single-process retry, the old index kept, and the retry works."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

import search
import search.backends.whoosh.build
from bench.stress import observe, write_version_a, write_version_b
from search.cli import main


@pytest.fixture
def helper_killed(monkeypatch: pytest.MonkeyPatch):
    """Every forked helper writer kills itself with SIGKILL at its tenth document."""
    parent, real_add = os.getpid(), search.backends.whoosh.build.add_document
    added = []

    def add(writer, doc) -> None:
        if os.getpid() != parent:
            added.append(doc)
            if len(added) == 10:
                os.kill(os.getpid(), signal.SIGKILL)
        real_add(writer, doc)

    monkeypatch.setattr(search.backends.whoosh.build, "add_document", add)


def _built(tmp_path: Path):
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    versions = write_version_a(seeds, files=6, per_file=40)
    search.build_index(seeds, index)
    write_version_b(seeds, files=6, per_file=40)
    return seeds, index, versions


def test_the_cli_says_the_helper_died_in_one_line_with_the_retry(tmp_path: Path, helper_killed, capsys) -> None:
    seeds, index, versions = _built(tmp_path)

    code = main(["index", str(seeds), "--index", str(index), "--rebuild", "--procs", "2"])

    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("search-cli: error: the second writer process was killed by signal 9"), lines[0]
    assert "previous index was kept" in lines[0]
    assert lines[0].endswith(f"retry with one writer process (search-cli index --procs 1 --index {index})"), lines[0]
    assert versions.which(observe(index)) == "A"
    assert not list(index.glob(".tmp-*"))

    assert main(["index", str(seeds), "--index", str(index), "--rebuild", "--procs", "1"]) == 0
    assert versions.which(observe(index)) == "B"


def test_the_api_raises_data_saying_how_the_helper_ended(tmp_path: Path, helper_killed) -> None:
    seeds, index, versions = _built(tmp_path)

    with pytest.raises(search.WriterProcessDied) as caught:
        search.build_index(seeds, index, rebuild=True, procs=2)

    assert caught.value.signal == signal.SIGKILL and caught.value.exitcode == -signal.SIGKILL
    assert versions.which(observe(index)) == "A"


def test_helper_killed_at_random_moments_of_real_cli_runs(tmp_path: Path) -> None:
    from bench.stress import helper_kill_rounds

    report = helper_kill_rounds(tmp_path, rounds=2, files=6, per_file=200, seed=1)

    assert report.other == []
    assert report.killed + report.finished == 2 and report.retries == report.killed

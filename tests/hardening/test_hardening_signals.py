"""SIGTERM during `search-cli index` is handled like Ctrl-C: temporary folders removed, old index kept, exit 143."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from bench.stress import cli_command, index_with_cli, observe, run_cli, write_version_b


def _wait_for_writing(index: Path, process: subprocess.Popen) -> bool:
    """True once the run is writing a new generation (a .tmp- folder exists), False if it ended first."""
    while process.poll() is None:
        if any(index.glob(".tmp-*")):
            return True
        time.sleep(0.005)
    return False


@pytest.mark.parametrize("rebuild", [True, False], ids=["rebuild", "update"])
def test_sigterm_while_writing_removes_temporary_folders_and_keeps_the_old_index(tmp_path: Path, rebuild: bool) -> None:
    seeds, index, env, versions = index_with_cli(tmp_path, files=30, per_file=200)
    write_version_b(seeds, files=30, per_file=200)
    args = ["index", str(seeds), "--index", str(index)] + (["--rebuild"] if rebuild else [])
    process = subprocess.Popen(cli_command(*args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        if not _wait_for_writing(index, process):
            pytest.skip("the run finished before it could be signalled")
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    if process.returncode == 0:
        pytest.skip("the run finished before SIGTERM arrived")

    assert process.returncode == 143, err
    assert err.strip().splitlines() == ["search-cli: terminated: the index was left as it was before this run"], err
    assert not list(index.glob(".tmp-*")), "a temporary folder was left behind"
    assert versions.which(observe(index)) == "A"
    assert run_cli(*args, env=env).returncode == 0
    assert versions.which(observe(index)) == "B"

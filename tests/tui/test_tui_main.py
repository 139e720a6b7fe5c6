"""The ``search-tui`` entry point: options and one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys

from corpus_data import REPO_ROOT


def run_tui(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=60, env=env, cwd=REPO_ROOT
    )


def test_help_lists_the_options():
    done = run_tui("--help")
    assert done.returncode == 0
    for option in ("--index", "--seeds", "--history"):
        assert option in done.stdout


def test_an_unknown_option_is_one_clear_error():
    done = run_tui("--colour")
    assert done.returncode == 2
    assert "unrecognized arguments: --colour" in done.stderr
    assert "Traceback" not in done.stderr

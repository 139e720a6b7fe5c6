"""A forked helper dies with the process that started it, even when that one is killed with SIGKILL."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from processes import fork_build_with_helper, gone, kill_and_reap, wait_for_file
from search.forked import die_with

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")


def test_a_helper_dies_when_its_parent_is_killed(tmp_path: Path):
    said = tmp_path / "helper"

    def helper(parent: int) -> None:  # would otherwise run for a minute
        die_with(parent)
        said.write_text(f"{os.getpid()}\n")
        time.sleep(60)

    build = fork_build_with_helper(helper)
    helper_pid = int(wait_for_file(said))
    kill_and_reap(build)
    assert gone(helper_pid)


def test_a_helper_whose_parent_is_already_gone_exits(tmp_path: Path):
    started, said = tmp_path / "started", tmp_path / "helper"

    def helper(parent: int) -> None:
        started.write_text(f"{os.getpid()}\n")
        deadline = time.monotonic() + 30
        while os.getppid() == parent and time.monotonic() < deadline:  # until the build is killed
            time.sleep(0.01)
        die_with(parent)
        said.write_text("still running\n")

    build = fork_build_with_helper(helper)
    helper_pid = int(wait_for_file(started))
    kill_and_reap(build)
    assert gone(helper_pid)
    assert not said.exists()

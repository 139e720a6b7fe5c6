"""Helpers for tests that fork: wait for a process to write its pid, kill one, see one end."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path


def gone(pid: int, within: float = 10.0) -> bool:
    """Whether ``pid`` has ended (a zombie nobody reaped counts as ended) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def wait_for_file(path: Path, within: float = 30.0) -> str:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().endswith("\n"):
            return path.read_text()
        time.sleep(0.02)
    raise AssertionError(f"{path} was not written")


def kill_and_reap(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def fork_build_with_helper(helper: Callable[[int], None]) -> int:
    """Fork a stand-in for a build that forks one helper running ``helper(build_pid)``, then both wait a
    minute; return the build's pid. Neither copy ever returns into the test runner."""
    build = os.fork()
    if build == 0:
        try:
            parent = os.getpid()
            if os.fork() == 0:
                try:
                    helper(parent)
                finally:
                    os._exit(0)
            time.sleep(60)
        finally:
            os._exit(0)
    return build

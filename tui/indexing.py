"""Run ``search.build_index`` from a worker thread, relaying throttled progress as messages."""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from pathlib import Path

from textual.message import Message

import search
from search import IndexReport, Progress
from tui.messages import IndexProgress

PROGRESS_INTERVAL = 0.1
"""Seconds between progress messages: a 68,000-document build reports far more often than a screen can show."""


def build_in_thread(
    post: Callable[[Message], object],
    seeds_dir: Path | None,
    index_dir: Path | None,
    *,
    rebuild: bool = False,
) -> IndexReport:
    """Build or update the index in this (worker) thread; ``post`` receives IndexProgress messages."""
    last_sent = 0.0
    last_phase = ""

    def relay(progress: Progress) -> None:
        nonlocal last_sent, last_phase
        now = time.monotonic()
        if progress.phase != last_phase or now - last_sent >= PROGRESS_INTERVAL or progress.done >= progress.total:
            last_sent, last_phase = now, progress.phase
            post(IndexProgress(progress))

    kwargs: dict[str, object] = {"rebuild": rebuild, "progress": relay}
    # Worker processes must not be forked from inside the Textual process.
    if "procs" in inspect.signature(search.build_index).parameters:
        kwargs["procs"] = 1
    return search.build_index(seeds_dir, index_dir, **kwargs)

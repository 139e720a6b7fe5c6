"""Index builds for the app, each in a child process: progress relayed as messages, and stopped at once on quit."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import IO
from pathlib import Path

from textual.message import Message

from search import IndexReport, Progress, SkippedFile
from tui.messages import IndexProgress

PROGRESS_INTERVAL = 0.1
"""Seconds between progress messages: a 68,000-document build reports far more often than a screen can show."""
PHASES = {
    "scan": "Looking for seed files",
    "read": "Reading articles",
    "write": "Indexing articles",
    "embed": "Embedding articles",
    "commit": "Writing the index to disk",
    "done": "Done",
}
UNMEASURED_PHASES = frozenset({"write", "commit"})
"""Phases reported once, at their start: a bar there pulses instead of claiming 100% while work runs."""
STOP_GRACE_SECONDS = 3.0
"""After a stop, how long the build may take to discard its partial generation before it is killed."""


def phase_label(progress: Progress) -> str:
    """What the build is doing, in words, with the file count and the share of a big file done."""
    label = PHASES.get(progress.phase, progress.phase)
    if progress.phase in UNMEASURED_PHASES or not progress.total:
        return label
    if progress.part:
        return f"{label} (file {progress.done + 1:,} of {progress.total:,}, {progress.part:.0%})"
    return f"{label} ({progress.done:,} of {progress.total:,})"


def bar_position(progress: Progress) -> tuple[float | None, float]:
    """(total, progress) for a ProgressBar; a None total makes it pulse."""
    if progress.phase in UNMEASURED_PHASES:
        return None, 0.0
    return max(progress.total, 1), progress.done + progress.part


class BuildStopped(Exception):
    """The build was stopped (the user quit); the previous index, if any, is untouched."""


class BuildFailed(Exception):
    """The build reported an error: ``str()`` is its one line for the user."""


class IndexBuild:
    """One build of ``seeds_dir`` into ``index_dir`` run by ``python -m tui.build_child``.

    A child process, not a thread: a thread could not be stopped midway (quitting would wait for the whole
    build), and forking worker processes from the Textual process is unsafe. Quitting sends SIGTERM: the
    child stops like Ctrl-C and discards its partial generation; the published index stays as it was.
    """

    def __init__(self, seeds_dir: Path | None, index_dir: Path | None, *, rebuild: bool = False) -> None:
        self.seeds_dir = seeds_dir
        self.index_dir = index_dir
        self.rebuild = rebuild
        self._process: subprocess.Popen[str] | None = None
        self._stopped = threading.Event()

    def run(self, post: Callable[[Message], object]) -> IndexReport:
        """Run the build in this (worker) thread; ``post`` receives throttled IndexProgress messages."""
        spec = {
            "seeds_dir": str(self.seeds_dir) if self.seeds_dir is not None else None,
            "index_dir": str(self.index_dir) if self.index_dir is not None else None,
            "rebuild": self.rebuild,
        }
        if self._stopped.is_set():
            raise BuildStopped()
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as stderr:
            return self._run(post, spec, stderr)

    def _run(self, post: Callable[[Message], object], spec: dict[str, object], stderr: IO[str]) -> IndexReport:
        self._process = process = subprocess.Popen(
            [sys.executable, "-m", "tui.build_child", json.dumps(spec)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr,
            text=True, encoding="utf-8", errors="replace", start_new_session=True,
        )
        if self._stopped.is_set():  # stopped while it started
            self.stop()
        outcome: dict[str, object] = {}
        last_sent, last_phase = 0.0, ""
        assert process.stdout is not None
        for line in process.stdout:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # not ours (a library printing to stdout): the outcome line still comes
            if "progress" in record:
                progress = Progress(**record["progress"])
                now = time.monotonic()
                if (
                    progress.phase != last_phase or now - last_sent >= PROGRESS_INTERVAL
                    or progress.done >= progress.total
                ):
                    last_sent, last_phase = now, progress.phase
                    post(IndexProgress(progress))
            else:
                outcome = record
        code = process.wait()
        if self._stopped.is_set():
            raise BuildStopped()
        if "report" in outcome:
            fields = dict(outcome["report"])  # type: ignore[call-overload]
            fields["skipped"] = [SkippedFile(**skipped) for skipped in fields["skipped"]]
            return IndexReport(**fields)
        if "error" in outcome:
            raise BuildFailed(str(outcome["error"]))
        stderr.seek(0)
        last = stderr.read().strip().splitlines()[-1:] or [f"exit status {code}"]
        raise BuildFailed(f"the index build stopped unexpectedly ({last[0]})")

    def stop(self) -> None:
        """Stop the build now (from any thread); returns at once, the child is reaped in the background."""
        self._stopped.set()
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        threading.Thread(target=self._kill_if_stuck, args=(process,), daemon=True).start()

    @staticmethod
    def _kill_if_stuck(process: subprocess.Popen[str]) -> None:
        try:
            process.wait(STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()

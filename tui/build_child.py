"""``python -m tui.build_child SPEC``: one index build for the app, progress and outcome as JSON lines on stdout."""

from __future__ import annotations

import json
import signal
import sys
from dataclasses import asdict
from typing import Any

import search
from search import Progress

LOCK_TIMEOUT_SECONDS = 120.0
"""The app's build waits this long for a ``search-cli index`` already writing the index, instead of failing
after the command line's 10 s: the user sees the progress screen (or bar) meanwhile and can quit."""


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def _stop(_signum: int, _frame: object) -> None:
    # The app quit: stop like Ctrl-C, so the build discards its partial generation (the old one stays).
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    spec = json.loads(argv[0])
    signal.signal(signal.SIGTERM, _stop)

    def progress(report: Progress) -> None:
        _emit({"progress": asdict(report)})

    try:
        report = search.build_index(
            spec["seeds_dir"], spec["index_dir"], rebuild=spec["rebuild"], progress=progress, procs=1,
            lock_timeout=LOCK_TIMEOUT_SECONDS,
        )
    except KeyboardInterrupt:
        return 130
    except search.SearchError as error:
        from tui.errors import describe

        _emit({"error": describe(error)})
        return 1
    except Exception as error:  # noqa: BLE001 - reported to the app as one line, never a traceback
        _emit({"error": f"building the index failed: {type(error).__name__}: {error}"})
        return 1
    _emit({"report": asdict(report)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""A Rich progress bar on stderr for ``search-cli index``, shown only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from search.cli.output import wants_colour, wants_styles
from search.models import Progress

PHASE_LABELS = {
    "scan": "scanning files",
    "read": "reading files",
    "write": "indexing",
    "embed": "embedding",
    "commit": "saving index",
    "done": "done",
}


@contextmanager
def progress_bar(color_mode: str) -> Iterator[Callable[[Progress], None] | None]:
    """Yields a ``progress`` callback for build_index, or None when stderr is not a terminal."""
    stream = sys.stderr
    if color_mode == "never" or not wants_styles("auto", stream):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    console = Console(file=stream, no_color=not wants_colour(color_mode), markup=False,
                      emoji=False, highlight=False)
    columns = (TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with RichProgress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(PHASE_LABELS["scan"], total=None)

        def report(progress: Progress) -> None:
            bar.update(task, description=PHASE_LABELS.get(progress.phase, progress.phase),
                       completed=progress.done, total=progress.total or None)

        yield report

"""The status bar: hits, query time and documents in the index, plus reindex progress."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ProgressBar, Static

from search import Progress
from tui.indexing import bar_position, phase_label
from tui.text import one_line


class StatusBar(Horizontal):
    """One line at the bottom; a progress bar appears while the index is rebuilt."""

    def __init__(self, *, show_timings: bool = True, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.show_timings = show_timings
        self.documents: int | None = None

    def compose(self):
        yield Static(id="status-text")
        yield Label(id="reindex-label")
        yield ProgressBar(id="reindex-bar", show_eta=False)

    def show_hits(self, total: int, shown: int, took_ms: float | None, notices: Sequence[str] = (),
                  translations: Mapping[str, str] | None = None) -> None:
        parts = [f"{total:,} hit{'s' if total != 1 else ''}"]
        if shown < total:
            parts[0] += f" ({shown:,} shown)"
        if translations:
            parts.append("also as " + ", ".join(f"{one_line(text)!r} ({lang})" for lang, text in sorted(translations.items())))
        if took_ms is not None and self.show_timings:
            parts.append(f"{took_ms:,.1f} ms")
        self._show(parts, notices=notices)

    def show_idle(self) -> None:
        self._show(["type to search"])

    def show_error(self, message: str) -> None:
        self._show([message], style="$text-error")

    def _show(self, parts: list[str], style: str = "", notices: Sequence[str] = ()) -> None:
        if self.documents is not None:
            parts = [*parts, f"{self.documents:,} documents in the index"]
        line = Content(" · ".join(parts)).stylize(style)
        if notices:
            # The engine's notes on the query (a capped expansion, words dropped) come first: they
            # explain the hits. Plain text, never markup.
            note = Content(one_line(" · ".join(notices))).stylize("$text-warning")
            line = Content.assemble("⚠ ", note, " · ", line)
        # One line whatever the text (app.tcss): a repaint, not a layout of the whole screen.
        self.query_one("#status-text", Static).update(line, layout=False)

    def reindex_progress(self, progress: Progress) -> None:
        self.add_class("-reindexing")
        self.query_one("#reindex-label", Label).update(Content(f"Reindex: {phase_label(progress)}"))
        total, done = bar_position(progress)
        self.query_one("#reindex-bar", ProgressBar).update(total=total, progress=done)

    def reindex_finished(self) -> None:
        self.remove_class("-reindexing")

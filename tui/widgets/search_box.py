"""The query input: search as you type, up/down walk the query history."""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from tui.history import QueryHistory


class SearchBox(Input):
    """An Input whose up/down keys recall earlier queries (kept across runs)."""

    BINDINGS = [
        Binding("enter", "submit", "Results"),
        Binding("up", "history_previous", "Older query", show=False),
        Binding("down", "history_next", "Newer query", show=False),
    ]

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """The scrollable width of the text. Input grows it with every keystroke, and Widget's version asks for
    a layout of the whole screen each time (a reflow, then every list's scrollbars repainted), which
    would compete with the search that keystroke starts. The box's own size never depends on its text
    (app.tcss), so a repaint of the box is enough."""

    def __init__(self, history: QueryHistory, **kwargs: object) -> None:
        # Not selected on focus: a key typed in the results comes back here to extend the query, not replace it.
        super().__init__(placeholder="Search…  (F1 help, ctrl+p commands)", select_on_focus=False, **kwargs)  # type: ignore[arg-type]
        self.history = history
        self._recalling = False

    def action_history_previous(self) -> None:
        if (entry := self.history.previous(self.value)) is not None:
            self._recall(entry)

    def action_history_next(self) -> None:
        if (entry := self.history.next()) is not None:
            self._recall(entry)

    def _recall(self, entry: str) -> None:
        self._recalling = entry != self.value
        self.value = entry
        self.cursor_position = len(entry)

    def _watch_value(self, value: str) -> None:
        super()._watch_value(value)
        # A change the user typed (not a recalled entry) starts a new history walk.
        if self._recalling:
            self._recalling = False
        else:
            self.history.reset()

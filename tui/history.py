"""Query history kept across runs: one query per line in a small state file, newest last."""

from __future__ import annotations

import os
from pathlib import Path

HISTORY_ENV = "NEWS_SEARCH_HISTORY"
MAX_ENTRIES = 500


def default_history_path() -> Path:
    """``$NEWS_SEARCH_HISTORY``, else ``$XDG_STATE_HOME/news-search/history`` (``~/.local/state`` by default)."""
    if override := os.environ.get(HISTORY_ENV):
        return Path(override)
    state_home = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state_home) / "news-search" / "history"


class QueryHistory:
    """The saved queries plus a cursor for walking them with up/down, like a shell."""

    def __init__(self, path: Path | None, limit: int = MAX_ENTRIES) -> None:
        self.path = path
        self.limit = limit
        self.entries: list[str] = []
        self._cursor: int | None = None
        self._draft = ""
        self.load_error: str | None = None
        if path is not None:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except FileNotFoundError:
                lines = []
            except (OSError, UnicodeDecodeError) as error:
                lines = []
                self.load_error = f"query history {path} could not be read ({error}); starting empty"
            self.entries = [line for line in lines if line.strip()][-limit:]

    def add(self, query: str) -> str | None:
        """Record ``query`` as the newest entry; returns an error line if the file could not be written."""
        query = " ".join(query.split())
        self.reset()
        if not query:
            return None
        if query in self.entries:
            self.entries.remove(query)
        self.entries.append(query)
        del self.entries[: -self.limit]
        return self.save()

    def save(self) -> str | None:
        if self.path is None:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(self.path.name + ".tmp")
            temporary.write_text("".join(f"{entry}\n" for entry in self.entries), encoding="utf-8")
            temporary.replace(self.path)
        except OSError as error:
            return f"query history {self.path} could not be saved ({error.strerror or error})"
        return None

    def reset(self) -> None:
        """Forget the walk position (the user typed something new)."""
        self._cursor = None
        self._draft = ""

    def previous(self, current: str) -> str | None:
        """The entry before the cursor (the newest at first); None when there is nothing older."""
        if not self.entries:
            return None
        if self._cursor is None:
            self._draft = current
            self._cursor = len(self.entries)
        if self._cursor == 0:
            return None
        self._cursor -= 1
        return self.entries[self._cursor]

    def next(self) -> str | None:
        """The entry after the cursor, the unsent draft past the newest; None when not walking."""
        if self._cursor is None:
            return None
        self._cursor += 1
        if self._cursor >= len(self.entries):
            draft = self._draft
            self.reset()
            return draft
        return self.entries[self._cursor]

"""Command palette provider (ctrl+p): reindex, filters, copy, URL, language versions, scores, pager, help.

The theme has Textual's own command ("Theme"), so none here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.app import SearchApp

COMMANDS: list[tuple[str, str, str]] = [
    ("Reindex", "Rebuild the index from the seeds folder; searches keep working meanwhile", "reindex"),
    ("Clear filters", "Back to all languages, all sources, any date, sorted by relevance", "clear_filters"),
    ("Copy path", "Copy the selected article's file path (a .jsonl record: its id) to the clipboard", "copy_path"),
    ("Copy id", "Copy the selected article's id to the clipboard", "copy_id"),
    ("Copy URL", "Copy the selected article's URL to the clipboard", "copy_url"),
    ("Open URL", "Open the selected article's URL in the web browser", "open_url"),
    ("Other language", "Show the article's other language version in the preview", "other_version"),
    ("Fold language versions", "One hit per article, or each language version its own hit", "toggle_fold"),
    ("Show scores", "Show or hide the relevance score of each hit", "toggle_scores"),
    ("Open in pager", "Show the selected article in $PAGER", "open_pager"),
    ("Toggle filters", "Show or hide the filter panel", "toggle_filters"),
    ("Help", "Keys and query syntax", "help"),
]
"""(name, help, app action) for each command."""


class SearchCommands(Provider):
    """The app's own commands, found by fuzzy match on their names."""

    def _action(self, action: str) -> Callable[[], object]:
        app = cast("SearchApp", self.app)
        return getattr(app, f"action_{action}")

    async def discover(self) -> Hits:
        for name, help_text, action in COMMANDS:
            yield DiscoveryHit(name, self._action(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in COMMANDS:
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), self._action(action), text=name, help=help_text)

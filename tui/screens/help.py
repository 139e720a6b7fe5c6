"""The help screen: every key of the app and the query syntax, with examples."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, str]] = [
    ("type", "search as you type (in the search box)"),
    ("↑ / ↓", "older / newer query (in the search box)"),
    ("Enter", "in the search box: go to the results"),
    ("↑ ↓  or  j k", "move between hits"),
    ("Enter  or  Tab", "on a hit: open it in the preview"),
    ("n / N  (] / [)", "next / previous match in the preview"),
    ("↑ ↓ j k PgUp PgDn", "scroll the preview"),
    ("/", "back to the search box"),
    ("Esc", "back: preview → results → search box → clear it"),
    ("c / i", "copy the article's path / id"),
    ("o", "open the article in $PAGER"),
    ("F2", "show or hide the filter panel"),
    ("F5", "reindex the seeds folder; searches keep working"),
    ("ctrl+t", "light / dark theme"),
    ("ctrl+p", "commands: reindex, clear filters, theme, copy…"),
    ("F1  or  ?", "this help"),
    ("ctrl+q", "quit"),
]

QUERIES: list[tuple[str, str]] = [
    ("deportacion", "deportación, deportaciones: accents never matter"),
    ("mexico salvador", "either word; articles with both rank first"),
    ("mexico AND salvador", "both words"),
    ('"third country"', "the exact phrase"),
    ("trump -mexico", "trump but not mexico (also: trump NOT mexico)"),
    ("migra*", "words starting with migra"),
    ("deportasion~", "words one typo away (~2: two typos)"),
    ("title:harvest", "harvest in the title"),
    ("lang:es trump", "Spanish articles about trump"),
    ("source:BBC border", "border in BBC articles"),
]

NOTES = [
    "Letter keys act outside the search box; in it they are typed.",
    "The mouse works too: click a hit, a filter or a suggestion; scroll with the wheel.",
    "Filters: language toggles and sources narrow the hits; the numbers beside them count",
    "the query's hits. Dates take 2017, 2017-02 or 2017-02-03. Sort by relevance or date.",
]


def _table(rows: list[tuple[str, str]], width: int) -> list[Content]:
    return [
        Content.assemble((left.ljust(width), "bold $text-accent"), "  ", right)
        for left, right in rows
    ]


def help_content() -> Content:
    """The whole help as plain text with styles (nothing in it is parsed as markup)."""
    heading = "bold underline $text-primary"
    lines = [Content.styled("Keys", heading), *_table(KEYS, 18), Content()]
    lines += [Content.styled("Query syntax", heading), *_table(QUERIES, 20), Content()]
    lines += [Content(note) for note in NOTES]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Keys and query syntax; any of Esc, q, F1 or ? closes it."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "Close")]

    def compose(self):
        with VerticalScroll(id="help-box"):
            yield Static(help_content(), id="help-text")

    def on_mount(self) -> None:
        box = self.query_one("#help-box")
        box.border_title = "Help"
        box.border_subtitle = "Esc to close"

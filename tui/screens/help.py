"""The help screen: every key of the app and the query syntax, with examples."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, str]] = [
    ("type", "search as you type (from the results too)"),
    ("↑ / ↓", "older / newer query (in the search box)"),
    ("Enter", "in the search box: go to the results"),
    ("↑ ↓  or  j k", "move between hits (more load as you scroll)"),
    ("Enter  or  Tab", "on a hit: open it in the preview"),
    ("n / N  (] / [)", "next / previous match in the preview"),
    ("↑ ↓ j k PgUp PgDn", "scroll the preview"),
    ("l  or  F4", "the article's other language version"),
    ("c / i", "in the preview: copy the path (.jsonl: record id) / id"),
    ("u / b", "in the preview: copy the URL / open it in the browser"),
    ("o", "in the preview: the article in $PAGER, at the match"),
    ("/", "back to the search box"),
    ("Esc", "back: preview → results → search box → clear it"),
    ("F2", "go into the filters (from them: hide them)"),
    ("F5", "reindex the seeds folder; searches keep working"),
    ("ctrl+t", "light / dark theme"),
    ("ctrl+p", "commands: fold versions, scores, copy, reindex…"),
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
    "In the results, letters (but j and k) go to the search box; the preview's letters are its keys.",
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

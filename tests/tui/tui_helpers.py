"""Helpers for driving the app like a user: type, wait until it settles, read what it shows."""

from __future__ import annotations

import threading
from typing import Any

from textual import events
from textual.command import CommandPalette
from textual.keys import _character_to_key
from textual.pilot import Pilot

import search

SETTLE_TIMEOUT = 30.0
"""Upper bound only (a wedged app fails instead of hanging); nothing asserts on elapsed time."""


class CountingEngine:
    """A real ``search.Engine`` that records the queries (and articles) it was asked, optionally holding
    some searches back."""

    def __init__(self, engine: search.Engine) -> None:
        self.engine = engine
        self.queries: list[str] = []
        self.calls: list[dict[str, Any]] = []
        self.articles: list[str] = []
        self.gates: dict[str, threading.Event] = {}
        self.running: list[str] = []
        """Queries being searched right now."""

    def search(self, query: str, **kwargs: Any) -> search.SearchResult:
        self.queries.append(query)
        self.calls.append(kwargs)
        self.running.append(query)
        try:
            if (gate := self.gates.get(query)) is not None:
                gate.wait(SETTLE_TIMEOUT)
            return self.engine.search(query, **kwargs)
        finally:
            self.running.remove(query)

    def spare(self) -> CountingEngine:
        """A second engine on the same index that records into the same lists (the app's ``open_spare``)."""
        sibling = CountingEngine(search.open_index(self.engine.index_dir))
        sibling.queries, sibling.calls, sibling.articles = self.queries, self.calls, self.articles
        sibling.gates, sibling.running = self.gates, self.running
        return sibling

    def article(self, doc_id: str, query: str | None = None) -> search.Article:
        self.articles.append(doc_id)
        return self.engine.article(doc_id, query)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)


async def settle(pilot: Pilot, *, timeout: float = SETTLE_TIMEOUT) -> None:
    """Wait until no search or preview is pending and the search and article workers finished (``app.busy``),
    then let messages land."""
    app = pilot.app
    waited = 0.0
    while waited < timeout:
        await pilot.pause(0.05)
        waited += 0.05
        if not app.busy:
            break
    else:
        raise AssertionError(f"the app did not settle within {timeout} s")
    await pilot.pause()
    await pilot.pause()


async def type_burst(pilot: Pilot, text: str) -> None:
    """Send every character at once, as a fast typist would (pilot.press waits after each key)."""
    app = pilot.app
    assert app._driver is not None
    for character in text:
        event = events.Key(_key_name(character), character)
        event.set_sender(app)
        app._driver.send_message(event)


def _key_name(character: str) -> str:
    return character if character.isalnum() else _character_to_key(character)


async def search_for(pilot: Pilot, text: str) -> None:
    """Type ``text`` into the search box (which has focus) and wait for the answer."""
    await type_burst(pilot, text)
    await settle(pilot)


def results_titles(app: Any) -> list[str]:
    return [hit.title for hit in app.results.hits.values()]


def option_texts(app: Any) -> list[str]:
    results = app.results
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


async def wait_until(pilot: Pilot, condition: Any, what: str, *, timeout: float = SETTLE_TIMEOUT) -> None:
    """Poll ``condition()`` until true; fails (never hangs) after ``timeout``."""
    waited = 0.0
    while not condition():
        if waited >= timeout:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)
        waited += 0.05


def status_text(app: Any) -> str:
    return str(app.query_one("#status-text").render())


def visible_lines(view: Any) -> list[str]:
    """The text of each line the article view shows right now."""
    return ["".join(segment.text for segment in view.render_line(y)).rstrip() for y in range(view.size.height)]


def visible_highlights(view: Any, component: str) -> list[str]:
    """Text the article view shows with the background of ``component`` (the match or current-match style)."""
    background = view.get_component_rich_style(component).bgcolor
    assert background is not None
    found: list[str] = []
    for y in range(view.size.height):
        for segment in view.render_line(y):
            if segment.style is not None and segment.style.bgcolor == background and segment.text.strip():
                found.append(segment.text)
    return found


def notifications(app: Any) -> list[tuple[str, str]]:
    """(severity, message) of each notification the app raised and still shows."""
    return [(note.severity, note.message) for note in app._notifications]


async def run_command(pilot: Pilot, name: str) -> None:
    """Open the palette, type ``name``, wait for it to be offered and run it."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: CommandPalette.is_open(app), "the command palette")
    await type_burst(pilot, name)

    def offered() -> bool:
        options = app.screen.query_one("CommandList")
        return options.option_count > 0 and name.lower() in str(options.get_option_at_index(0).prompt).lower()

    await wait_until(pilot, offered, f"the command {name!r}")
    await pilot.press("enter")
    await wait_until(pilot, lambda: not CommandPalette.is_open(app), "the palette to close")
    await settle(pilot)

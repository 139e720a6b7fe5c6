"""The terminal app's keystroke-to-results time, measured headless through Textual's Pilot."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from pathlib import Path

from bench.corpora import XQuAD
from bench.stats import Spread, percentile
from bench.systems import ENGINE
from bench.workspace import MIX, Workspace

TUI_QUESTIONS = 40
SLOW_QUERY = "*"
"""The issue's slow query: every document matches (tens of seconds at 68,000 documents without a work budget)."""
SLOW_QUESTIONS = 8
"""Questions timed after the slow query: each waits for the slow search to end before the next, so few."""
SLOW_START_S = 0.2
"""How long the slow search runs before the question is typed over it."""
RESULT_TIMEOUT_S = 30.0
SLOW_TIMEOUT_S = 600.0
POLL_S = 0.002


def tui_questions(xquad: XQuAD, count: int) -> list[str]:
    """Questions whose last character is a plain letter or digit, so one key press completes them."""
    questions = []
    for lang in ("en", "es"):
        for question in xquad.questions[lang]:
            text = question.text.rstrip("?!. ")
            if len(text) > 1 and text[-1].isascii() and text[-1].isalnum():
                questions.append(text)
    random.Random(11).shuffle(questions)
    return questions[:count]


async def _measure(index_dir: Path, history: Path, questions: list[str], passes: int) -> list[list[float]]:
    from tui.app import create_app

    app = create_app(index_dir=index_dir, history_path=history)
    timings: list[list[float]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if app.engine is None:
            raise RuntimeError(f"the app did not open the index at {index_dir}")
        for _ in range(passes):
            times = []
            for question in questions:
                box = app.search_box
                box.value = question[:-1]
                box.cursor_position = len(box.value)
                await _idle(app)  # the prefix's own search ends first: one keystroke is timed, alone
                # The results are in the list at the end; the repaint follows within a frame. Waiting for it
                # through pilot.pause() would add Pilot's own idle wait (about 100 ms here), not the app's.
                times.append(await _last_key_to_results(app, question))
                await pilot.pause()
            timings.append(times)
    return timings


async def _measure_after_slow(index_dir: Path, history: Path, questions: list[str]) -> list[float]:
    """Keystroke-to-results when the query before was a slow one still running (the issue's ``*`` then a word)."""
    from tui.app import create_app

    app = create_app(index_dir=index_dir, history_path=history)
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if app.engine is None:
            raise RuntimeError(f"the app did not open the index at {index_dir}")
        for question in questions:
            box = app.search_box
            box.value = question[:-1]
            box.cursor_position = len(box.value)
            await _idle(app)
            box.value = SLOW_QUERY  # as if the user typed it: its search starts
            await asyncio.sleep(SLOW_START_S)
            box.value = question[:-1]
            box.cursor_position = len(box.value)
            await asyncio.sleep(POLL_S)
            times.append(await _last_key_to_results(app, question))
            # The overtaken slow search still runs on its engine: let it end before the next question.
            deadline = time.perf_counter() + SLOW_TIMEOUT_S
            while not (app.pool is not None and app.pool.idle):
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"the slow search {SLOW_QUERY!r} ran for over {SLOW_TIMEOUT_S:.0f} s")
                await asyncio.sleep(0.05)
            await pilot.pause()
    return times


async def _last_key_to_results(app, question: str) -> float:
    """Type the question's last key; milliseconds until the app has put its answer in the results list."""
    started = time.perf_counter()
    _type_key(app, question[-1])
    deadline = started + RESULT_TIMEOUT_S
    while not (app.result_request is not None and app.result_request.query == question):
        if time.perf_counter() > deadline:
            raise RuntimeError(f"no results shown within {RESULT_TIMEOUT_S:.0f} s for {question!r}")
        await asyncio.sleep(POLL_S)
    return (time.perf_counter() - started) * 1000


def _type_key(app, character: str) -> None:
    """Deliver one key as the terminal driver does. ``pilot.press`` would also wait for the app to
    go idle and for animations to end (about 120 ms here): Pilot's own pause, not the app's."""
    from textual import events

    event = events.Key(character, character)
    event.set_sender(app)
    app._driver.send_message(event)


async def _idle(app) -> None:
    deadline = time.perf_counter() + RESULT_TIMEOUT_S
    await asyncio.sleep(POLL_S)
    while app.busy:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"the app stayed busy for {RESULT_TIMEOUT_S:.0f} s")
        await asyncio.sleep(POLL_S)


def direct_search_ms(index_dir: Path, questions: list[str], page_size: int) -> list[float]:
    """The app's own engine call timed alone (a page of hits, one snippet each), for comparison."""
    import search

    with search.open_index(index_dir) as engine:
        times = []
        for question in questions:
            started = time.perf_counter()
            engine.search(question, limit=page_size, snippets=1)
            times.append((time.perf_counter() - started) * 1000)
    return times


def run(workspace: Workspace, log: Callable[[str], None]) -> dict:
    """p50/p95 over XQuAD questions on the engine's mixed index, or why it could not be measured."""
    try:
        from tui.app import DEBOUNCE_SECONDS, PAGE_SIZE, PREVIEW_DELAY_SECONDS, create_app  # noqa: F401 - hooks used
    except ImportError as error:
        return {"measured": False, "reason": f"the terminal app cannot be imported ({error})"}
    index_dir = workspace.index(ENGINE, MIX)
    count = min(TUI_QUESTIONS, workspace.settings.latency_questions)
    questions = tui_questions(workspace.xquad, count)
    log(f"tui: {len(questions)} questions x {workspace.settings.repeat} through Pilot")
    history = workspace.settings.work / "tui-history"
    try:
        passes = asyncio.run(_measure(index_dir, history, questions, workspace.settings.repeat))
    except RuntimeError as error:
        return {"measured": False, "reason": str(error)}
    engine_alone = direct_search_ms(index_dir, questions, PAGE_SIZE)
    slow_questions = questions[:SLOW_QUESTIONS]
    log(f"tui: {len(slow_questions)} questions typed over the slow query {SLOW_QUERY!r}")
    try:
        after_slow = asyncio.run(_measure_after_slow(index_dir, history, slow_questions))
    except RuntimeError as error:
        after_slow_figures: dict = {"measured": False, "reason": str(error)}
    else:
        after_slow_figures = {
            "measured": True, "queries": len(after_slow),
            "p50_ms": percentile(after_slow, 0.5), "p95_ms": percentile(after_slow, 0.95),
            "method": (f"The same app and keys, but each question is typed over the slow query "
                       f"{SLOW_QUERY!r} {SLOW_START_S * 1000:.0f} ms after its search started, still running: "
                       f"the time runs from the question's last key to its answer in the list. Between "
                       f"questions the slow search is left to end."),
        }
    return {
        "measured": True,
        "index": MIX,
        "documents": workspace.built[(ENGINE, MIX)].documents,
        "queries": len(questions),
        "p50_ms": Spread.of([percentile(times, 0.5) for times in passes]).to_dict(),
        "p95_ms": Spread.of([percentile(times, 0.95) for times in passes]).to_dict(),
        "search_alone_p50_ms": percentile(engine_alone, 0.5),
        "search_alone_p95_ms": percentile(engine_alone, 0.95),
        "after_slow": after_slow_figures,
        "method": (f"Headless app (tui.app.create_app, 120×40) driven by Textual's Pilot: the question minus "
                   f"its last character is put in the search box and its search left to finish, then the last key "
                   f"is typed (delivered as the terminal driver delivers keys); the time runs "
                   f"from that key press until the app has put the answer to the whole question in the "
                   f"results list (its repaint follows within a frame; the preview of the first hit follows once the "
                   f"typing pauses for {PREVIEW_DELAY_SECONDS * 1000:.0f} ms, outside this time, and the prefix's "
                   f"preview is on the screen before the key). It includes the app's "
                   f"{DEBOUNCE_SECONDS * 1000:.0f} ms typing pause and its search for a page of "
                   f"{PAGE_SIZE} hits with 1 snippet each; that search alone, outside the app, takes "
                   f"p50 {percentile(engine_alone, 0.5):.0f} ms / p95 {percentile(engine_alone, 0.95):.0f} ms "
                   f"on the same questions."),
    }

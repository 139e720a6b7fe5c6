"""The main screen: search as you type, stale answers dropped, status bar, "did you mean", navigation keys."""

from __future__ import annotations

import json
import re
import threading

import pytest

import search
from tui_helpers import (
    option_texts,
    results_titles,
    search_for,
    settle,
    status_text,
    type_burst,
    wait_until,
)
from tui.app import PAGE_SIZE, create_app
from tui.widgets.preview import ArticleView
from tui.widgets.results import SUGGESTION_ID, ResultsList
from tui.widgets.search_box import SearchBox

SPANISH_TITLE = "El equipo de Trump establece canales"


async def test_typing_shows_results_and_one_search_per_burst(engine, history_path):
    # A longer pause than the default 150 ms so a slow, shared machine cannot split the burst.
    app = create_app(engine=engine, history_path=history_path, debounce=0.5)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "deportacion")
        assert engine.queries == ["deportacion"]
        assert any(title.startswith(SPANISH_TITLE) for title in results_titles(app))
        assert all(hit.lang == "es" for hit in app.results.hits.values())


async def first_key_searching(pilot, engine) -> None:
    """Type "d" and wait until its (gated) search runs."""
    await settle(pilot)
    await type_burst(pilot, "d")
    await wait_until(pilot, lambda: engine.queries == ["d"], "the first key's search to start")


async def test_a_slow_search_overtaken_by_typing_does_not_delay_the_newest(engine, history_path):
    engine.gates = {"d": threading.Event()}
    app = create_app(engine=engine, history_path=history_path, open_spare=engine.spare)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await first_key_searching(pilot, engine)
            # The first key's search is still running: the results frame says so.
            await wait_until(pilot, lambda: "searching" in str(app.results.border_title), "the busy sign")
            await type_burst(pilot, "eportacion")
            # The newest text is answered while the slow search still runs (its gate is closed).
            await wait_until(pilot, lambda: app.result_request is not None, "the newest answer")
            assert engine.running == ["d"]
            assert app.result_request.query == "deportacion"
            assert any(title.startswith(SPANISH_TITLE) for title in results_titles(app))
            assert "searching" not in str(app.results.border_title)
            engine.gates["d"].set()
            await settle(pilot)
            # The overtaken answer arrived later and was dropped.
            assert app.result_request.query == "deportacion"
            assert any(title.startswith(SPANISH_TITLE) for title in results_titles(app))
    finally:
        engine.gates["d"].set()


async def test_keys_typed_while_both_engines_are_busy_coalesce(engine, history_path):
    engine.gates = {"d": threading.Event(), "de": threading.Event()}
    app = create_app(engine=engine, history_path=history_path, open_spare=engine.spare)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await first_key_searching(pilot, engine)
            await type_burst(pilot, "e")
            await wait_until(pilot, lambda: engine.queries == ["d", "de"], "the second key's search to start")
            await type_burst(pilot, "portacion")
            await wait_until(pilot, lambda: app.request.query == "deportacion", "the last key's search to launch")
            engine.gates["d"].set()
            await settle(pilot)
            # Keys typed while both engines were busy: one search for the newest text, none for those between.
            assert engine.queries == ["d", "de", "deportacion"]
            assert app.result_request.query == "deportacion"
    finally:
        for gate in engine.gates.values():
            gate.set()


async def test_status_bar_shows_hits_time_and_documents(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        documents = engine.stats().documents
        assert f"{documents:,} documents in the index" in status_text(app)
        await search_for(pilot, "deportation")
        expected = engine.search("deportation", limit=0).total
        text = status_text(app)
        assert f"{expected:,} hit" in text
        assert re.search(r"\d ms", text)
        assert f"{documents:,} documents in the index" in text


async def test_a_stale_answer_never_replaces_a_newer_one(engine, history_path):
    engine.gates = {"trump": threading.Event(), "trump harvest": threading.Event()}
    app = create_app(engine=engine, history_path=history_path, open_spare=engine.spare)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await type_burst(pilot, "trump")
            await wait_until(pilot, lambda: "trump" in engine.queries, "the first search to start")
            await type_burst(pilot, " harvest")
            # The newer search runs beside the older one, on the spare engine.
            await wait_until(pilot, lambda: "trump harvest" in engine.queries, "the newer search to start")
            engine.gates["trump"].set()  # the older search answers first...
            running = lambda: [w for w in app.workers if w.group == "search" and not w.is_finished]  # noqa: E731
            await wait_until(pilot, lambda: len(running()) == 1, "the older search to end")
            await pilot.pause()
            assert app.result_request is None  # ...and its answer was dropped, never shown
            assert not app.results.hits
            engine.gates["trump harvest"].set()
            await settle(pilot)
            assert app.result_request.query == "trump harvest"
            assert results_titles(app)
            assert results_titles(app) == [
                hit.title for hit in engine.engine.search("trump harvest", limit=PAGE_SIZE, snippets=1).hits
            ]
    finally:
        for gate in engine.gates.values():
            gate.set()


async def test_clearing_the_query_clears_the_results(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "mexico")
        assert app.results.hits
        await pilot.press("escape")  # Esc in the search box clears it
        await settle(pilot)
        assert app.query_one(SearchBox).value == ""
        assert not app.results.hits
        assert "type to search" in status_text(app)


async def test_did_you_mean_is_offered_and_selectable(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "deportasion")
        suggestion = app.results.suggestion
        assert suggestion
        assert any(text.startswith(f"Did you mean: {suggestion}") for text in option_texts(app))
        await pilot.press("tab")  # into the results, where the suggestion is highlighted
        assert app.results.get_option_at_index(app.results.highlighted).id == SUGGESTION_ID
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one(SearchBox).value == suggestion
        assert app.result_request.query == suggestion
        assert app.results.hits


async def test_keys_move_between_search_results_and_preview(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "deportation")
        assert len(app.results.hits) >= 2
        await pilot.press("enter")  # search box -> results
        assert isinstance(app.focused, ResultsList)
        first = app.results.highlighted
        await pilot.press("j")
        assert app.results.highlighted > first
        await pilot.press("k")
        assert app.results.highlighted == first
        await pilot.press("down", "up")
        assert app.results.highlighted == first
        await pilot.press("enter")  # results -> preview
        assert isinstance(app.focused, ArticleView)
        await pilot.press("escape")
        assert isinstance(app.focused, ResultsList)
        await pilot.press("tab")  # Tab also opens the preview
        assert isinstance(app.focused, ArticleView)
        await pilot.press("slash")
        assert isinstance(app.focused, SearchBox)
        assert app.query_one(SearchBox).value == "deportation"  # "/" did not go into the query


async def test_highlighting_a_hit_shows_it_in_the_preview(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "deportation")
        await pilot.press("enter", "j")
        await settle(pilot)
        assert app.preview.article is not None
        assert app.preview.article.id == app.results.highlighted_hit.id


@pytest.fixture(scope="module")
def many_hits_engine(tmp_path_factory):
    """An index where one word matches 60 articles: more than a few pages."""
    seeds = tmp_path_factory.mktemp("many") / "seeds"
    seeds.mkdir()
    records = [
        {"id": f"nota-{n}", "lang": "es", "source": "EFE", "date": f"2017-02-{n % 28 + 1:02d}",
         "title": f"Nota {n} de la frontera", "body": f"La frontera, día {n}: llegaron más personas."}
        for n in range(60)
    ]
    (seeds / "notas.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    search.build_index(seeds, seeds.parent / "index", procs=1)
    opened = search.open_index(seeds.parent / "index")
    yield opened
    opened.close()


async def test_more_hits_load_as_the_user_scrolls(many_hits_engine, history_path):
    app = create_app(engine=many_hits_engine, history_path=history_path, page_size=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await search_for(pilot, "frontera")
        total = app.results.total
        assert total == 60
        # No "more" row to press: the list fills itself while it reaches the end of the frame.
        loaded = len(app.results.hits)
        assert 1 < loaded < total
        assert not any("more" in text for text in option_texts(app))
        await pilot.press("enter")  # into the results
        for _ in range(loaded):
            await pilot.press("down")
        await settle(pilot)
        assert len(app.results.hits) > loaded
        assert f"{total:,} hits" in status_text(app)


async def test_typing_in_the_results_goes_back_to_the_search_box(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "trump")
        await pilot.press("enter")
        assert isinstance(app.focused, ResultsList)
        await pilot.press("space", "w")
        await settle(pilot)
        assert isinstance(app.focused, SearchBox)
        assert app.search_box.value == "trump w"
        assert app.result_request.query == "trump w"


async def test_enter_on_a_query_without_hits_stays_in_the_search_box(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "qqqqzzzz")
        assert not app.results.hits and not app.results.suggestion
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, SearchBox)
        await type_burst(pilot, "x")
        await settle(pilot)
        assert app.search_box.value == "qqqqzzzzx"


async def test_the_mouse_picks_a_hit(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "deportation")
        second_id = list(app.results.hits)[1]
        region = app.results.content_region
        for y in range(region.height):
            await pilot.click("#results", offset=(2, y + 1))
            await settle(pilot)
            if app.results.highlighted_hit and app.results.highlighted_hit.id == second_id:
                break
        assert app.preview.article is not None and app.preview.article.id == second_id


async def test_busy_from_a_new_query_until_its_preview_is_shown(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not app.busy
        app.search_box.value = "mexico"  # its Input.Changed is not handled yet
        assert app.busy
        await settle(pilot)
        assert app.result_request.query == "mexico"
        assert app.preview.article is not None and app.preview.article.id == app.results.highlighted_hit.id


async def test_engine_notices_and_the_match_counter_are_shown(engine, history_path):
    words = " ".join(f"palabra{n}" for n in range(70))
    notices = engine.search(words, limit=0).notices
    assert notices  # the engine notes that only the first words were used
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(200, 30)) as pilot:
        await search_for(pilot, "mexico")
        total = engine.search("mexico", limit=0).total
        assert str(app.results.border_subtitle) == f"{total:,}/{engine.stats().documents:,}"
        assert "⚠" not in status_text(app)
        app.search_box.value = words
        await settle(pilot)
        assert status_text(app).startswith(f"⚠ {notices[0]}")


async def test_resizing_keeps_the_highlighted_hit_on_screen(many_hits_engine, history_path):
    app = create_app(engine=many_hits_engine, history_path=history_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "frontera")
        await pilot.press("enter")
        for _ in range(12):
            await pilot.press("down")
        await settle(pilot)
        chosen = app.results.highlighted_hit.id
        for size in ((80, 24), (100, 30), (80, 24)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            results = app.results
            assert results.highlighted_hit.id == chosen
            top = results._index_to_line[results.highlighted]
            bottom = top + results._heights[results.highlighted]
            assert results.scroll_y <= top and bottom <= results.scroll_y + results.scrollable_content_region.height


async def test_the_sentence_encoder_is_loaded_while_the_first_query_is_typed(engine, history_path, monkeypatch):
    from search.semantic import encoder

    monkeypatch.setattr(encoder, "_model", None)  # as in a new process: nothing loaded yet
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: encoder._model is not None, "the encoder to load")
        assert engine.queries == []  # no search asked for it

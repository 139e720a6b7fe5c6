"""Reindex from inside the app: a worker with a progress bar; the old index answers until the swap."""

from __future__ import annotations

import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest

import search
from search.backends.whoosh import store
from tui_helpers import CountingEngine, notifications, run_command, search_for, settle, status_text, wait_until
from tui.app import create_app

NEW_ARTICLE = "Calabazas gigantes\n\nUn agricultor de Valencia cosechó calabazas gigantes este otoño.\n"


@pytest.fixture
def own_index(seeds_copy: Path, tmp_path: Path):
    """A private seeds folder and index that a test may change."""
    seeds = seeds_copy
    index = tmp_path / "index"
    search.build_index(seeds, index, procs=1)
    engine = search.open_index(index)
    yield seeds, index, CountingEngine(engine)
    engine.close()


async def test_reindex_swaps_in_new_articles_while_searches_keep_answering(own_index, history_path):
    seeds, index, engine = own_index
    (seeds / "calabazas-es.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    app = create_app(index_dir=index, seeds_dir=seeds, engine=engine, history_path=history_path)
    # The index's writer lock, held as a `search-cli index` running elsewhere would: the app's build
    # (a child process) reports its first phase, then waits for the lock until the test lets go.
    with ExitStack() as held:
        held.enter_context(store.writer_lock(index, 5))
        await check_reindex(app, engine, held)


async def check_reindex(app, engine, held: ExitStack) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        documents_before = engine.stats().documents
        await pilot.press("f5")
        await wait_until(pilot, lambda: app.status_bar.has_class("-reindexing"), "the reindex progress bar")
        assert app.query_one("#reindex-bar").display
        # Still answering from the old index while the new one is built.
        await search_for(pilot, "mexico")
        assert app.results.hits
        await pilot.press("escape")
        await search_for(pilot, "calabazas")
        assert not app.results.hits
        # No toast over the progress bar: the bar says it all.
        assert not notifications(app)
        held.close()
        await wait_until(pilot, lambda: not app.reindexing, "the reindex to finish")
        await settle(pilot)
        assert not app.status_bar.has_class("-reindexing")
        assert any(message.startswith("Reindexed") for _, message in notifications(app)), notifications(app)
        # The open query was run again on the new index.
        assert [hit.title for hit in app.results.hits.values()] == ["Calabazas gigantes"], (notifications(app), engine.queries)
        assert f"{documents_before + 1:,} documents in the index" in status_text(app)


async def test_a_failed_reindex_is_a_notification_not_a_crash(own_index, history_path):
    seeds, index, engine = own_index
    app = create_app(index_dir=index, seeds_dir=seeds, engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shutil.rmtree(seeds)
        await pilot.press("f5")
        await wait_until(pilot, lambda: not app.reindexing, "the reindex to finish")
        await settle(pilot)
        errors = [message for severity, message in notifications(app) if severity == "error"]
        assert errors and str(seeds) in errors[0] and "\n" not in errors[0]
        await search_for(pilot, "mexico")  # the old index still answers
        assert app.results.hits


async def test_reindex_from_the_command_palette(own_index, history_path):
    seeds, index, engine = own_index
    app = create_app(index_dir=index, seeds_dir=seeds, engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "mexico")
        hits_before = list(app.results.hits)
        await run_command(pilot, "Reindex")
        await wait_until(pilot, lambda: not app.reindexing, "the reindex to finish")
        await settle(pilot)
        assert any(message.startswith("Reindexed") for _, message in notifications(app))
        assert list(app.results.hits) == hits_before  # nothing changed in the seeds


async def cursor_on_the_second_of_three(pilot, app) -> str:
    """Search "mexico" (three hits, loaded one page at a time), move to the second hit; its id."""
    await search_for(pilot, "mexico")
    await pilot.press("enter", "down")  # into the results, onto the second hit
    await settle(pilot)
    assert len(app.results.hits) == 3  # loaded one by one (page_size=1) as the list had room
    chosen = app.results.highlighted_hit.id
    assert chosen != next(iter(app.results.hits))
    return chosen


async def test_a_reindex_that_changed_nothing_keeps_the_loaded_pages_and_the_cursor(own_index, history_path):
    seeds, index, engine = own_index
    app = create_app(index_dir=index, seeds_dir=seeds, engine=engine, history_path=history_path, page_size=1)
    async with app.run_test(size=(100, 30)) as pilot:
        chosen = await cursor_on_the_second_of_three(pilot, app)
        searches = len(engine.queries)
        await pilot.press("f5")
        await wait_until(pilot, lambda: not app.reindexing, "the reindex to finish")
        await settle(pilot)
        assert len(engine.queries) == searches  # nothing to search again
        assert len(app.results.hits) == 3
        assert app.results.highlighted_hit.id == chosen


async def test_an_update_by_another_process_refreshes_the_results_and_keeps_the_cursor(own_index, history_path):
    seeds, index, engine = own_index
    app = create_app(index_dir=index, seeds_dir=seeds, engine=engine, history_path=history_path, page_size=1)
    async with app.run_test(size=(100, 30)) as pilot:
        chosen = await cursor_on_the_second_of_three(pilot, app)
        total = app.results.total
        # `search-cli index` in another terminal: one more article about Mexico, the best match.
        (seeds / "mexico-nuevo-es.txt").write_text("Mexico, Mexico\n\nMexico, Mexico, Mexico.\n", encoding="utf-8")
        search.build_index(seeds, index, procs=1)
        await wait_until(pilot, lambda: app.results.total == total + 1, "the app to notice the new generation")
        await settle(pilot)
        assert any("updated by another process" in message for _, message in notifications(app))
        # The new article comes first; the pages loaded stay loaded, and the cursor on its hit.
        assert next(iter(app.results.hits)).startswith("mexico-nuevo-es")
        assert len(app.results.hits) == 4
        assert app.results.highlighted_hit.id == chosen
        assert f"{total + 1:,}/" in str(app.results.border_subtitle)


async def test_a_reindex_counts_its_problems_by_kind(own_index, history_path):
    seeds, index, engine = own_index
    (seeds / "empty.txt").write_text("", encoding="utf-8")
    (seeds / "feed.jsonl").write_text(
        '{"id": 1, "title": "Calabazas", "body": "Un agricultor cosechó calabazas.", "lang": "es"}\nnot json\n{oops\n',
        encoding="utf-8",
    )
    app = create_app(index_dir=index, seeds_dir=seeds, engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await wait_until(pilot, lambda: not app.reindexing, "the reindex to finish")
        await settle(pilot)
        summaries = [message for _, message in notifications(app) if message.startswith("Reindexed")]
        assert summaries and "1 file skipped, 2 records skipped;" in summaries[0], notifications(app)

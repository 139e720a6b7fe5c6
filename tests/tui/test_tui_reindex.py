"""Reindex from inside the app: a worker with a progress bar; the old index answers until the swap."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

import search
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


async def test_reindex_swaps_in_new_articles_while_searches_keep_answering(own_index, history_path, monkeypatch):
    seeds, index, engine = own_index
    (seeds / "calabazas-es.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    release = threading.Event()
    real_build = search.build_index

    def paused_build(*args, **kwargs):
        relay = kwargs["progress"]

        def progress(report):
            relay(report)
            release.wait(30)  # hold the build after its first report

        return real_build(*args, **{**kwargs, "progress": progress})

    monkeypatch.setattr(search, "build_index", paused_build)
    app = create_app(index_dir=index, seeds_dir=seeds, engine=engine, history_path=history_path)
    try:
        await check_reindex(app, engine, release)
    finally:
        release.set()


async def check_reindex(app, engine, release: threading.Event) -> None:
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
        release.set()
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

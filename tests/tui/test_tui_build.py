"""First run: no index yet, so a progress screen builds it from the seeds folder, then the search opens."""

from __future__ import annotations

import threading

import search
from tui_helpers import notifications, search_for, settle, status_text, wait_until
from tui.app import create_app
from tui.screens.build import BuildScreen


async def test_first_run_builds_the_index_with_a_progress_screen(seeds_dir, tmp_path, history_path, monkeypatch):
    index = tmp_path / "new-index"
    release = threading.Event()
    real_build = search.build_index

    def held_build(*args, **kwargs):
        release.wait(30)  # keep the progress screen up until the test has looked at it
        return real_build(*args, **kwargs)

    monkeypatch.setattr(search, "build_index", held_build)
    app = create_app(index_dir=index, seeds_dir=seeds_dir, history_path=history_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, BuildScreen)
            assert "Building the search index" in str(app.screen.query_one("#build-title").render())
            release.set()
            await wait_until(pilot, lambda: not isinstance(app.screen, BuildScreen), "the build to finish")
            await settle(pilot)
            assert search.index_exists(index)
            documents = search.open_index(index).stats().documents
            assert f"{documents:,} documents in the index" in status_text(app)
            await search_for(pilot, "deportacion")
            assert app.results.hits
    finally:
        release.set()


async def test_a_failed_first_build_says_why_and_does_not_crash(tmp_path, history_path):
    missing = tmp_path / "no-such-seeds"
    app = create_app(index_dir=tmp_path / "index", seeds_dir=missing, history_path=history_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, BuildScreen)
        await wait_until(pilot, lambda: "could not be built" in str(screen.query_one("#build-title").render()), "the error")
        assert str(missing) in str(screen.query_one("#build-phase").render())
        assert any(severity == "error" for severity, _ in notifications(app))
        await pilot.press("q")
        await wait_until(pilot, lambda: app._exit, "the app to quit")

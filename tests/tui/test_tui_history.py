"""Query history: saved across runs, walked with up/down in the search box."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import search_for, settle
from tui.app import create_app
from tui.history import QueryHistory, default_history_path


def test_history_file_keeps_queries_newest_last_without_duplicates(tmp_path: Path):
    path = tmp_path / "deep" / "history"
    history = QueryHistory(path)
    for query in ["mexico", "deportacion", "mexico", "  ", "el   salvador"]:
        assert history.add(query) is None
    assert path.read_text(encoding="utf-8").splitlines() == ["deportacion", "mexico", "el salvador"]
    assert QueryHistory(path).entries == ["deportacion", "mexico", "el salvador"]


def test_history_is_capped(tmp_path: Path):
    history = QueryHistory(tmp_path / "history", limit=3)
    for number in range(5):
        history.add(f"query {number}")
    assert QueryHistory(tmp_path / "history", limit=3).entries == ["query 2", "query 3", "query 4"]


def test_walking_the_history_returns_to_the_draft(tmp_path: Path):
    history = QueryHistory(tmp_path / "history")
    history.add("first")
    history.add("second")
    assert history.previous("draft") == "second"
    assert history.previous("second") == "first"
    assert history.previous("first") is None
    assert history.next() == "second"
    assert history.next() == "draft"
    assert history.next() is None


def test_an_unwritable_history_gives_one_line(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    error = QueryHistory(blocker / "history").add("mexico")
    assert error is not None and "\n" not in error and "could not be saved" in error


def test_default_location_follows_xdg_state_home(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("NEWS_SEARCH_HISTORY", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert default_history_path() == tmp_path / "news-search" / "history"


async def test_history_survives_a_restart_and_up_down_recall_it(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "mexico")
        await pilot.press("enter")
        await pilot.press("slash", "escape")  # back to the search box, which Esc clears
        await search_for(pilot, "deportacion")
        await pilot.press("enter")
    assert history_path.read_text(encoding="utf-8").splitlines() == ["mexico", "deportacion"]

    again = create_app(engine=engine, history_path=history_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("up")
        assert again.search_box.value == "deportacion"
        await pilot.press("up")
        assert again.search_box.value == "mexico"
        await settle(pilot)
        assert again.result_request.query == "mexico"  # a recalled query is searched
        await pilot.press("down", "down")
        assert again.search_box.value == ""

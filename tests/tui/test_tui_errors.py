"""The app's words for engine errors: its own fields and keys (Date from, F5), never the command line's."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from search import errors
from tui.app import create_app
from tui.errors import describe

from tui_helpers import notifications, search_for, settle, status_text, type_burst

WIDE = (120, 40)


async def test_dates_in_the_wrong_order_name_the_filter_fields(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=WIDE) as pilot:
        await search_for(pilot, "border")
        app.query_one("#since", Input).focus()
        await type_burst(pilot, "2018")
        await settle(pilot)
        app.query_one("#until", Input).focus()
        await type_burst(pilot, "2017")
        await settle(pilot)
        shown = status_text(app)
        assert "Date from 2018-01-01 is after Date to 2017-12-31: swap them" in shown, shown
        assert "--since" not in shown and "search-cli" not in shown


async def test_damage_found_while_searching_says_to_press_f5(engine, history_path, monkeypatch):
    app = create_app(engine=engine, history_path=history_path)

    def damaged(query, **kwargs):
        raise errors.IndexDamaged(engine.engine.index_dir, "EOFError")

    async with app.run_test(size=WIDE) as pilot:
        monkeypatch.setattr(engine, "search", damaged)
        await search_for(pilot, "border")
        shown = status_text(app)
        assert "is damaged (EOFError): press F5 to rebuild it" in shown, shown
        assert "search-cli" not in shown


@pytest.mark.parametrize("error, fix", [
    (errors.IndexNotFound("/ix"), "restart the app to build it"),
    (errors.IndexVersionError("/ix", 0, 9), "press F5 to rebuild it"),
    (errors.IndexDamaged("/ix", "EOFError"), "press F5 to rebuild it"),
    (errors.IndexLocked("/ix", 120), "press F5 to try again once it finishes"),
    (errors.InvalidInput("{argument} '{value}' is not a date: use YYYY-MM-DD", "until", "x"), "Date to 'x' is not a date"),
    (errors.UnknownSource("zzz", []), "choose one in the Sources list (F2)"),
    (errors.ArticleNotFound("a-1", "/ix"), "the index changed: search again"),
    (errors.SeedsNotFound("/s", exists=False), "start the app with --seeds"),
    (errors.SeedsFolderMismatch("/ix", "/a", "/b"), "start the app without --seeds"),
    (errors.ConfigError("/c.toml", "cannot be read (denied)"), "fix it or remove it"),
    (errors.NotAnIndexFolder("/f", ["notes.txt"]), "start the app with --index on an empty or new folder"),
    (errors.DiskFull("/d", 2_000_000, 10), "free some space and press F5"),
    (errors.WriterProcessDied(-9), "press F5 to try again"),
])
def test_each_kind_gets_the_apps_own_fix(error, fix):
    line = describe(error)
    assert fix in line and (isinstance(error, errors.InvalidInput) or line.startswith(str(error)))
    assert "search-cli" not in line and "--rebuild" not in line and "--since" not in line and "--until" not in line

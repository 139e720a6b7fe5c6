"""The help screen: F1 or ? lists the keys and the query syntax with examples."""

from __future__ import annotations

from textual.widgets import Static

from tui_helpers import settle, type_burst
from tui.app import create_app
from tui.screens.help import HelpScreen


def help_text(app) -> str:
    return str(app.screen.query_one("#help-text", Static).render())


async def test_f1_opens_help_with_keys_and_query_syntax(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        for key in ("ctrl+p", "F5", "$PAGER", "n / N", "Esc", "F1  or  ?"):
            assert key in text
        assert '"third country"' in text and "deportacion" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_question_mark_opens_help_outside_the_search_box(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_burst(pilot, "mexico?")
        await settle(pilot)
        assert app.search_box.value == "mexico?"  # typed into the query, not a shortcut
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("enter")  # into the results
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert not isinstance(app.screen, HelpScreen)

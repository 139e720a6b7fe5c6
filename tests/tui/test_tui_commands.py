"""The command palette (ctrl+p): reindex, clear filters, toggle theme and the rest of the app's commands."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Checkbox

from tui_helpers import run_command, search_for, settle, wait_until
from tui.app import create_app
from tui.commands import COMMANDS


async def test_palette_lists_the_app_commands(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: CommandPalette.is_open(app), "the command palette")
        options = app.screen.query_one("CommandList")
        await wait_until(pilot, lambda: options.option_count >= 3, "the command list")
        shown = {str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)}
        # Every command of the app, each bound to an action the app has (a command naming a missing
        # action stops the list there).
        assert {name for name, _help, _action in COMMANDS} <= shown, shown
        assert {"Reindex", "Clear filters", "Copy URL", "Other language", "Fold language versions"} <= shown
        # One theme command: Textual's own.
        assert [name for name in shown if "theme" in name.lower()] == ["Theme"]


async def test_the_theme_key_switches_dark_and_light(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != before
        await pilot.press("ctrl+t")
        assert app.theme == before


async def test_clear_filters(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "mexico")
        everything = app.results.total
        await pilot.click("#lang-en")
        await pilot.click("#sort-date")
        await settle(pilot)
        assert app.results.total < everything
        await run_command(pilot, "Clear filters")
        assert app.results.total == everything
        assert not app.query_one("#lang-en", Checkbox).value
        assert app.filter_panel.filters.sort == "relevance"
        assert not app.filter_panel.filters.active

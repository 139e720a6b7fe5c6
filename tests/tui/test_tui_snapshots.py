"""Snapshots of the main screens at 80x24, 100x30 and 120x35, dark and light (no timings shown, cursor blink off)."""

from __future__ import annotations

from optional import needs_apertium
from tui_helpers import search_for, settle
from tui.app import create_app


def snapshot_app(engine, history_path):
    return create_app(engine=engine, history_path=history_path, show_timings=False)


def typed(query: str, *keys: str, theme: str | None = None):
    """A run_before that searches for ``query`` and then presses ``keys``, settling after each."""

    async def run_before(pilot) -> None:
        pilot.app.search_box.cursor_blink = False
        if theme is not None:
            pilot.app.theme = theme
        await settle(pilot)
        await search_for(pilot, query)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_results_and_preview_100x30(snap_compare, engine, history_path):
    assert snap_compare(snapshot_app(engine, history_path), terminal_size=(100, 30), run_before=typed("deportacion"))


def test_results_and_preview_80x24(snap_compare, engine, history_path):
    assert snap_compare(snapshot_app(engine, history_path), terminal_size=(80, 24), run_before=typed("deportacion"))


def test_preview_after_jumping_to_the_next_match(snap_compare, engine, history_path):
    app = snapshot_app(engine, history_path)
    assert snap_compare(app, terminal_size=(100, 30), run_before=typed("deportacion", "enter", "down", "enter", "n"))


def test_did_you_mean(snap_compare, engine, history_path):
    assert snap_compare(snapshot_app(engine, history_path), terminal_size=(100, 30), run_before=typed("deportasion"))


def test_filter_panel_at_80x24(snap_compare, engine, history_path):
    assert snap_compare(snapshot_app(engine, history_path), terminal_size=(80, 24), run_before=typed("mexico", "f2"))


def test_help_screen_80x24(snap_compare, engine, history_path):
    assert snap_compare(snapshot_app(engine, history_path), terminal_size=(80, 24), run_before=typed("", "f1"))


@needs_apertium  # what these show depends on the translation of the query
def test_results_and_preview_120x35(snap_compare, engine, history_path):
    assert snap_compare(snapshot_app(engine, history_path), terminal_size=(120, 35), run_before=typed("salvador"))


def test_results_and_preview_80x24_light(snap_compare, engine, history_path):
    app = snapshot_app(engine, history_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=typed("deportacion", theme="textual-light"))


@needs_apertium  # what these show depends on the translation of the query
def test_results_and_preview_120x35_light(snap_compare, engine, history_path):
    app = snapshot_app(engine, history_path)
    assert snap_compare(app, terminal_size=(120, 35), run_before=typed("salvador", "enter", "enter", theme="textual-light"))


@needs_apertium  # what these show depends on the translation of the query
def test_other_language_version_120x35(snap_compare, engine, history_path):
    app = snapshot_app(engine, history_path)
    assert snap_compare(app, terminal_size=(120, 35), run_before=typed("salvador", "enter", "enter", "l"))

"""Copy the selected article's path or id; open it in $PAGER."""

from __future__ import annotations

import contextlib
import shlex
import sys
import webbrowser
from pathlib import Path

from tui_helpers import notifications, search_for, settle
from tui.app import create_app
from tui.pager import start_at


async def test_copy_path_and_id_of_the_selected_article(engine, history_path, seeds_dir):
    app = create_app(engine=engine, history_path=history_path, seeds_dir=seeds_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "canales")
        await pilot.press("enter", "enter")  # into the results, then the preview
        await settle(pilot)
        hit = app.results.highlighted_hit
        assert hit.path.endswith(".txt")
        await pilot.press("c")
        assert app.clipboard == str(seeds_dir / hit.path)
        assert Path(app.clipboard).is_file()
        await pilot.press("i")
        assert app.clipboard == hit.id
        assert any(message == f"Copied id: {hit.id}" for _, message in notifications(app))


async def test_copy_path_of_a_jsonl_record_copies_its_id(engine, history_path, seeds_dir):
    app = create_app(engine=engine, history_path=history_path, seeds_dir=seeds_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "harvest")
        await pilot.press("enter", "enter")
        await settle(pilot)
        article = app.preview.article
        assert article.path == "extra.jsonl"
        await pilot.press("c")
        assert app.clipboard == article.id
        assert any(f"Copied record id: {article.id}" in message for _, message in notifications(app))


async def test_the_url_is_shown_copied_and_opened(engine, history_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *args, **kwargs: opened.append(url) or True)
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await search_for(pilot, "shelters")
        await pilot.press("enter", "enter")
        await settle(pilot)
        url = app.preview.article.url
        assert url == "https://www.bbc.example/news/border-towns"
        assert url in str(app.preview.query_one("#preview-meta").render())
        await pilot.press("u")
        assert app.clipboard == url
        await pilot.press("b")
        await pilot.pause()
        assert opened == [url]


async def test_copy_keys_type_into_the_search_box(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "ci")
        assert app.search_box.value == "ci"
        assert app.clipboard == ""


async def test_open_in_pager_pipes_the_article(engine, history_path, tmp_path, monkeypatch):
    output = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text(f"import sys\nopen({str(output)!r}, 'w').write(sys.stdin.read())\n")
    monkeypatch.setenv("PAGER", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    app = create_app(engine=engine, history_path=history_path)
    # The headless test driver cannot hand the terminal over; the tmux test covers a real one.
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "frontera")
        await pilot.press("enter", "enter")  # results, then the preview
        await settle(pilot)
        article = app.preview.article
        await pilot.press("o")
    paged = output.read_text()
    assert paged.startswith(article.title)
    assert article.body in paged


def test_the_pager_opens_at_the_line_of_the_match():
    assert start_at(["less", "-R"], 12) == ["less", "-R", "+12g"]
    assert start_at(["/usr/bin/more"], 12) == ["/usr/bin/more", "+12"]
    assert start_at(["most"], 12) == ["most"]  # a pager we do not know: from the top
    assert start_at(["less"], None) == ["less"]


async def test_a_missing_pager_is_a_notification(engine, history_path, monkeypatch):
    monkeypatch.setenv("PAGER", "/nonexistent/pager")
    app = create_app(engine=engine, history_path=history_path)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "frontera")
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("o")
        errors = [message for severity, message in notifications(app) if severity == "error"]
        assert errors and "/nonexistent/pager" in errors[0] and "$PAGER" in errors[0]

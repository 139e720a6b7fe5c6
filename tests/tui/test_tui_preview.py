"""The preview pane: whole article as text, every match highlighted, n / N jump between matches."""

from __future__ import annotations

from unidecode import unidecode

from tui_helpers import search_for, settle, visible_highlights, visible_lines
from tui.app import create_app
from tui.widgets.preview import ArticleView, wrap_lines

MATCH = "article-view--match"
CURRENT = "article-view--current"


def folded(text: str) -> str:
    return unidecode(text).lower()


async def open_hit(pilot, app, predicate) -> None:
    """Move the results cursor to the first hit matching ``predicate`` and open it in the preview."""
    await pilot.press("enter")  # into the results
    for _ in range(len(app.results.hits)):
        if predicate(app.results.highlighted_hit):
            break
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)


async def test_preview_highlights_every_visible_match(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "deportacion")
        await open_hit(pilot, app, lambda hit: hit.id == "efe-frontera")
        view = app.query_one(ArticleView)
        assert view.match_count >= 3
        shown = visible_highlights(view, CURRENT) + visible_highlights(view, MATCH)
        assert len(shown) >= 3
        assert all(folded(text).startswith("deport") for text in shown)
        assert "match 1/" in str(app.preview.border_subtitle)


async def test_jump_keys_move_between_matches_and_scroll(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await search_for(pilot, "deportacion")
        await open_hit(pilot, app, lambda hit: hit.title.startswith("El equipo de Trump"))
        view = app.query_one(ArticleView)
        assert isinstance(app.focused, ArticleView)
        total = view.match_count
        assert total >= 2

        def current_line() -> int:
            return view.line_of(view.spans[view.current][0])

        lines_seen = []
        for number in range(total):
            assert view.current == number
            assert f"match {number + 1}/{total}" in str(app.preview.border_subtitle)
            # The current match is on screen, drawn in the current-match style.
            assert view.scroll_y <= current_line() < view.scroll_y + view.size.height
            current = visible_highlights(view, CURRENT)
            assert current and folded("".join(current)).startswith("deport")
            lines_seen.append(current_line())
            await pilot.press("n")
        assert view.current == 0  # wrapped around to the first match
        assert lines_seen == sorted(lines_seen) and lines_seen[-1] > lines_seen[0]
        await pilot.press("N")
        assert view.current == total - 1
        await pilot.press("N")
        assert view.current == total - 2


async def test_bracketed_text_shows_as_text_not_markup(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "frontera sur")
        await open_hit(pilot, app, lambda hit: hit.id == "efe-frontera")
        assert "[EFE]" in app.results.highlighted_hit.title
        assert any("[EFE]" in str(option.prompt) for option in app.results.options)
        view = app.query_one(ArticleView)
        view.scroll_home(animate=False, immediate=True)
        assert any("[EFE]" in line for line in visible_lines(view))
        assert "[EFE]" in str(app.query_one("#preview-title").render())


def test_wrapping_keeps_every_character_and_fits_the_width():
    text = "Una deportación más. " * 20 + "\n\n" + "x" * 50 + "\nfin"
    lines = wrap_lines(text, 17)
    assert "".join(text[start:end] for start, end in lines).replace("\n", "") == text.replace("\n", "")
    assert all(len(text[start:end].rstrip()) <= 17 for start, end in lines)
    assert [text[start:end] for start, end in lines][-1] == "fin"

"""The preview pane: whole article as text, every match highlighted, n / N jump between matches."""

from __future__ import annotations

from unidecode import unidecode

from tui_helpers import search_for, settle, type_burst, visible_highlights, visible_lines, wait_until
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


async def open_article(pilot, app, query: str, title_start: str) -> ArticleView:
    """Search ``query`` and open the hit whose title starts with ``title_start``; the article view."""
    await search_for(pilot, query)
    await open_hit(pilot, app, lambda hit: hit.title.startswith(title_start))
    return app.query_one(ArticleView)


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
        view = await open_article(pilot, app, "deportacion", "El equipo de Trump")
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


async def test_the_first_hit_is_previewed_once_the_typing_pauses(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "deportation")  # settles: the pause after the last keystroke included
        first = next(iter(app.results.hits))
        assert app.results.highlighted_hit.id == first
        assert app.preview.article is not None and app.preview.article.id == first
        assert engine.articles == [first]


async def test_no_article_is_read_while_typing_and_the_cursor_previews_at_once(engine, history_path):
    # A pause longer than the test: the first hit of each new answer waits for it.
    app = create_app(engine=engine, history_path=history_path, preview_delay=600)

    def shown(query: str):
        return lambda: app.result_request is not None and app.result_request.query == query

    async with app.run_test(size=(100, 30)) as pilot:
        await type_burst(pilot, "border")
        await wait_until(pilot, shown("border"), "the answer to 'border'")
        await type_burst(pilot, " mexico")
        await wait_until(pilot, shown("border mexico"), "the answer to 'border mexico'")
        await pilot.pause()
        assert len(app.results.hits) >= 2
        assert app.preview.article is None and engine.articles == []
        assert app.busy  # the preview is still to come
        await pilot.press("enter", "down")  # into the results, then the cursor moves: no waiting
        await settle(pilot)
        second = list(app.results.hits)[1]
        assert app.results.highlighted_hit.id == second
        assert app.preview.article is not None and app.preview.article.id == second
        assert engine.articles == [second]


async def test_an_answer_without_hits_clears_the_preview(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "deportation")
        assert app.preview.article is not None
        await pilot.press(*["backspace"] * len("deportation"))
        await type_burst(pilot, "qwxzv")
        await settle(pilot)
        assert not app.results.hits
        assert app.preview.article is None
        assert [str(option.prompt) for option in app.results.options] == ["No matches for qwxzv"]


def test_wrapping_keeps_every_character_and_fits_the_width():
    text = "Una deportación más. " * 20 + "\n\n" + "x" * 50 + "\nfin"
    lines = wrap_lines(text, 17)
    assert "".join(text[start:end] for start, end in lines).replace("\n", "") == text.replace("\n", "")
    assert all(len(text[start:end].rstrip()) <= 17 for start, end in lines)
    assert [text[start:end] for start, end in lines][-1] == "fin"


async def test_a_long_article_is_wrapped_at_the_width_left_by_its_scrollbar(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_article(pilot, app, "canales", "El equipo de Trump")
        assert view.show_vertical_scrollbar  # longer than the view
        assert not view.show_horizontal_scrollbar
        width = view.scrollable_content_region.width
        assert view._wrapped_width == width
        assert max(len(view.text[start:end].rstrip()) for start, end in view.lines) <= width
        assert all(len(line) <= width for line in visible_lines(view))

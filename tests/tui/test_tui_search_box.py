"""The search box: a query longer than the box scrolls with the cursor; the box keeps its size."""

from __future__ import annotations

from tui_helpers import settle, type_burst
from tui.app import create_app


def visible_text(box) -> str:
    return "".join("".join(segment.text for segment in box.render_line(y)) for y in range(box.size.height))


async def test_a_long_query_scrolls_with_the_cursor(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        box = app.search_box
        size = box.size
        query = "deportation flights border towns shelters " * 3
        await type_burst(pilot, query.rstrip())
        await settle(pilot)
        assert box.value == query.rstrip()
        assert box.size == size
        assert box.scroll_x > 0
        region = box.content_region
        assert region.x <= box.cursor_screen_offset.x <= region.right  # the end of the text: one cell for the cursor
        assert "shelters" in visible_text(box)
        await pilot.press("home")
        assert box.scroll_x == 0
        assert box.cursor_screen_offset.x == region.x
        assert "deportation" in visible_text(box)
        await pilot.press("end", *["backspace"] * 80)  # the text fits again: no scrolling left over
        await settle(pilot)
        assert len(box.value) < region.width
        assert box.scroll_x == 0
        assert box.value in visible_text(box)

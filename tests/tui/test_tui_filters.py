"""The filter panel: language toggles and sources with hit counts, a date range, sort order."""

from __future__ import annotations

import re

from textual.widgets import Checkbox, Input, RadioButton, SelectionList

from tui_helpers import option_texts, search_for, settle, status_text, type_burst, visible_lines
from optional import needs_apertium
from tui.app import create_app

WIDE = (120, 40)


def shown_count(label: object) -> int:
    """The hit count printed at the end of a filter label, e.g. "es 2" -> 2."""
    match = re.search(r"([\d,]+)$", str(label))
    assert match, f"no count in {label!r}"
    return int(match.group(1).replace(",", ""))


async def test_language_toggle_filters_hits_and_matches_its_count(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=WIDE) as pilot:
        await search_for(pilot, "mexico")
        langs = {hit.lang for hit in app.results.hits.values()}
        assert langs == {"en", "es"}
        spanish = shown_count(app.query_one("#lang-es", Checkbox).label)
        english = shown_count(app.query_one("#lang-en", Checkbox).label)
        assert app.results.total == spanish + english
        await pilot.click("#lang-es")
        await settle(pilot)
        assert {hit.lang for hit in app.results.hits.values()} == {"es"}
        assert app.results.total == spanish
        assert f"{spanish:,} hit" in status_text(app)
        await pilot.click("#lang-es")  # toggled off again: every language
        await settle(pilot)
        assert app.results.total == spanish + english


async def test_source_selection_filters_hits_and_matches_its_count(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=WIDE) as pilot:
        await search_for(pilot, "border")
        sources = app.query_one("#sources", SelectionList)
        first_source = sources.get_option_at_index(0)
        count = shown_count(first_source.prompt)
        assert 0 < count < app.results.total
        sources.focus()
        sources.highlighted = 0
        await pilot.press("space")
        await settle(pilot)
        name = first_source.value
        assert {hit.source for hit in app.results.hits.values()} == {name}
        assert app.results.total == count


async def test_counts_follow_the_query(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=WIDE) as pilot:
        await search_for(pilot, "harvest")
        english = shown_count(app.query_one("#lang-en", Checkbox).label)
        assert english == app.results.total
        assert shown_count(app.query_one("#lang-es", Checkbox).label) == 0


async def test_date_range_filters_hits(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=WIDE) as pilot:
        await search_for(pilot, "border")
        before = app.results.total
        app.query_one("#since", Input).focus()
        await type_burst(pilot, "2017-01")
        await settle(pilot)
        dates = [hit.date for hit in app.results.hits.values()]
        assert dates and all(date is not None and date >= "2017-01-01" for date in dates)
        assert app.results.total < before


async def test_a_bad_date_is_flagged_and_ignored(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=WIDE) as pilot:
        await search_for(pilot, "border")
        before = list(app.results.hits)
        since = app.query_one("#since", Input)
        since.focus()
        await type_burst(pilot, "2017-13")
        await settle(pilot)
        assert since.has_class("-invalid")
        assert "not a real date" in str(app.query_one("#date-error").render())
        assert list(app.results.hits) == before


async def test_sort_by_date_orders_newest_first(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=WIDE) as pilot:
        await search_for(pilot, "border")
        relevance_order = list(app.results.hits)
        await pilot.click("#sort-date")
        await settle(pilot)
        dates = [hit.date for hit in app.results.hits.values() if hit.date]
        assert len(dates) >= 2 and dates == sorted(dates, reverse=True)
        assert sorted(app.results.hits) == sorted(relevance_order)
        assert engine.calls[-1]["sort"] == "date"


async def test_filter_panel_toggles_at_80_columns(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panel = app.filter_panel
        assert not panel.display
        await pilot.press("f2")
        await settle(pilot)
        assert panel.display
        assert panel.has_focus_within  # F2 goes into the filters
        await pilot.press("f2")
        assert not panel.display
        assert app.focused is app.search_box


async def test_f2_focuses_the_filters_shown_beside_wide_results(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=WIDE) as pilot:
        await search_for(pilot, "mexico")
        panel = app.filter_panel
        assert panel.display and not panel.has_focus_within
        await pilot.press("f2")
        await settle(pilot)
        assert panel.has_focus_within
        await pilot.press("space")  # the first setting: a language toggle
        await settle(pilot)
        assert app.filter_panel.filters.langs


async def test_language_counts_keep_the_toggle_as_wide_as_its_largest_count(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        panel = app.filter_panel
        stats = engine.stats()
        # An index of 12,345 English documents: its counts take six cells ("12,345").
        panel.set_vocabulary({**stats.langs, "en": 12345}, stats.sources)
        toggle = app.query_one("#lang-en", Checkbox)
        widths = set()
        for count in (12345, 7, 0, 980):
            panel.show_counts({"lang": {"en": count}, "source": {}})
            await pilot.pause()
            assert shown_count(toggle.label) == count
            assert str(toggle.label) == f"en {count:>6,}"
            shown = "".join(segment.text for segment in toggle.render_line(0))
            assert shown.rstrip().endswith(f"en {count:>6,}")  # the whole label, never cut
            widths.add(toggle.size.width)
        assert len(widths) == 1
        panel.show_counts(None)  # no query: no counts
        await pilot.pause()
        assert str(toggle.label) == "en"
        assert "".join(segment.text for segment in toggle.render_line(0)).rstrip().endswith("en")


async def test_checked_and_unchecked_boxes_look_different(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=WIDE) as pilot:
        await search_for(pilot, "mexico")
        english, spanish = app.query_one("#lang-en", Checkbox), app.query_one("#lang-es", Checkbox)
        await pilot.click("#lang-es")
        await settle(pilot)
        checked = spanish.get_visual_style("toggle--button")
        unchecked = english.get_visual_style("toggle--button")
        assert unchecked.foreground == unchecked.background  # the mark is invisible
        assert checked.foreground != checked.background and checked.background != unchecked.background


MANY_SOURCES = {f"Source {letter}": 30 - index for index, letter in enumerate("ABCDEFGHIJKLMNOPQRST")}
"""Twenty sources: more than the panel has lines for at 90×24."""


async def test_f2_at_90_columns_gives_one_scrollbar(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(90, 24)) as pilot:
        await search_for(pilot, "mexico")
        app.filter_panel.set_vocabulary(engine.stats().langs, MANY_SOURCES)
        await pilot.press("f2")
        await settle(pilot)
        panel, sources = app.filter_panel, app.query_one("#sources", SelectionList)
        assert panel.display and sources.size.height > 0
        scrollbars = [widget.id for widget in (panel, sources) if widget.show_vertical_scrollbar]
        assert scrollbars == ["sources"]  # the sources scroll inside a panel that fits its frame
        sort = app.query_one("#sort-date", RadioButton)
        assert panel.scrollable_content_region.contains_region(sort.region)  # every setting is in sight


async def test_a_chosen_source_stays_in_sight(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=WIDE) as pilot:
        await search_for(pilot, "mexico")
        panel = app.filter_panel
        panel.set_vocabulary(engine.stats().langs, MANY_SOURCES)
        await settle(pilot)
        sources = app.query_one("#sources", SelectionList)
        assert "Source T" not in "\n".join(visible_lines(sources))  # the last of twenty, below the list's lines
        sources.focus()
        sources.highlighted = sources.option_count - 1
        await pilot.press("space")
        await settle(pilot)
        assert panel.filters.sources == {"Source T"}
        await pilot.press("escape")  # back to the search box: the chosen source moves to the top
        await settle(pilot)
        assert "Source T" in visible_lines(sources)[0]
        panel.set_vocabulary(engine.stats().langs, MANY_SOURCES)  # as after an update of the index
        await settle(pilot)
        assert "Source T" in visible_lines(sources)[0]
        assert panel.filters.sources == {"Source T"} and sources.selected == ["Source T"]


@needs_apertium
async def test_an_english_query_lists_spanish_articles_marked_until_translation_is_off(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=WIDE) as pilot:
        await search_for(pilot, "deportation")
        hits = {hit.id: hit for hit in app.results.hits.values()}
        assert hits["extra.jsonl/efe-frontera#es"].cross_language and not hits["extra.jsonl/bbc-border#en"].cross_language
        lines = visible_lines(app.results)
        title = next(i for i, line in enumerate(lines) if "la frontera sur recibe a" in line)
        assert lines[title + 2].startswith("  ES  across languages ")  # the title takes two lines
        marked = [text for text in option_texts(app) if "across languages" in text]
        assert len(marked) == sum(hit.cross_language for hit in hits.values()) >= 2
        assert "also as 'deportación' (es)" in status_text(app)
        await pilot.click("#translate")
        await settle(pilot)
        assert {hit.lang for hit in app.results.hits.values()} == {"en"}
        assert not any("across languages" in line for line in visible_lines(app.results))
        assert "also as" not in status_text(app)
        assert engine.calls[-1].get("translate") is False
        await pilot.click("#translate")  # on again: both languages
        await settle(pilot)
        assert "extra.jsonl/efe-frontera#es" in app.results.hits

"""Plain text helpers: spans become styles (never markup), whitespace squeezed, snippets windowed."""

from __future__ import annotations

import pytest

from tui.state import Filters, parse_date_bound
from tui.text import clip_spans, highlighted, squeeze
from tui.widgets.results import window


def test_highlighted_keeps_brackets_and_styles_the_spans():
    content = highlighted("Madrid [EFE] deportación [bold]x[/bold]", [(13, 24)], "bold")
    assert content.plain == "Madrid [EFE] deportación [bold]x[/bold]"
    assert [(span.start, span.end) for span in content.spans] == [(13, 24)]


def test_spans_are_clipped_sorted_and_merged():
    assert clip_spans([(5, 9), (-3, 2), (8, 12), (40, 50), (3, 3)], 20) == [(0, 2), (5, 12)]


def test_squeeze_moves_spans_with_the_text():
    text, spans = squeeze("la\n\n  deportación   masiva", [(6, 17)])
    assert text == "la deportación masiva"
    assert text[spans[0][0]:spans[0][1]] == "deportación"


@pytest.mark.parametrize(
    "text",
    ["", " ", "a", "  lead", "trail  ", "a \n\t b", "x\x00\x00y", "no\u00a0\u2003break \u3000 here", "\x85\x1f end"],
)
def test_squeeze_matches_a_character_by_character_squeeze(text):
    def by_character(text, spans):
        new_offset, pieces, previous_space = [], [], False
        for character in text:
            new_offset.append(len(pieces))
            space = character.isspace() or ord(character) < 0x20 or 0x7F <= ord(character) <= 0x9F
            if not (space and previous_space):
                pieces.append(" " if space else character)
            previous_space = space
        new_offset.append(len(pieces))
        moved = [(new_offset[max(0, min(s, len(text)))], new_offset[max(0, min(e, len(text)))]) for s, e in spans]
        return "".join(pieces), moved

    spans = [(start, end) for start in range(-1, len(text) + 2) for end in range(start, len(text) + 2)]
    assert squeeze(text, spans) == by_character(text, spans)


def test_window_cuts_around_the_first_match():
    text = "palabra " * 30 + "deportación " + "fin " * 30
    start = text.index("deportación")
    cut, spans, before, after = window(text, [(start, start + len("deportación"))], size=60)
    assert before and after and len(cut) <= 60
    assert cut[spans[0][0]:spans[0][1]] == "deportación"


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [("2017", False, "2017-01-01"), ("2017", True, "2017-12-31"), ("2016-02", True, "2016-02-29"),
     ("2017-3-5", False, "2017-03-05"), ("", False, None)],
)
def test_partial_dates_expand_to_the_range_they_mean(text, end, expected):
    assert parse_date_bound(text, end=end) == expected


@pytest.mark.parametrize("text", ["2017-13", "yesterday", "2017-02-30", "17-01-01"])
def test_bad_dates_say_what_to_write(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date_bound(text, end=False)


def test_filters_become_engine_arguments():
    filters = Filters(langs=frozenset({"es"}), sources=frozenset({"BBC", "EFE"}), since="2017-01-01", sort="date")
    assert filters.engine_kwargs() == {
        "sort": "date", "lang": "es", "source": ["BBC", "EFE"], "since": "2017-01-01",
    }
    assert Filters().engine_kwargs() == {"sort": "relevance"}
    assert not Filters().active and filters.active

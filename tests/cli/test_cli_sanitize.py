"""Terminal-safe text: which controls go, and match spans that still cover the same characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from search.cli.sanitize import UNSAFE, safe_line, safe_text

from cli_helpers import ESC


def marked(text: str, spans) -> list[str]:
    return [text[a:b] for a, b in spans]


def test_colour_codes_and_their_parameters_go() -> None:
    text = f"a {ESC}[1;31mred{ESC}[0m b"
    clean, spans = safe_text(text, [(text.index("red"), text.index("red") + 3)])
    assert clean == "a red b" and marked(clean, spans) == ["red"]


def test_osc_title_dcs_and_8bit_sequences_go() -> None:
    for sequence in (f"{ESC}]0;title{ESC}\\", f"{ESC}]2;title\x07", f"{ESC}Pq#0;data{ESC}\\",
                     "\x9b31m", "\x9d0;title\x9c", f"{ESC}c", f"{ESC}[2J"):
        assert safe_text(f"x{sequence}y")[0] == "xy", repr(sequence)


def test_other_controls_and_bidi_overrides_go_newlines_and_tabs_stay_in_a_block() -> None:
    text = "one\x07\x00 two\r\n\tthree \u202eevil\u202c \u2067x\u2069 caf\u00e9 \u200d"
    assert safe_text(text)[0] == "one two\n\tthree evil x caf\u00e9 \u200d"


def test_one_line_turns_breaks_into_spaces_keeping_spans() -> None:
    text = "México\nhoy\tya"
    clean, spans = safe_text(text, [(0, 6), (7, 10)], one_line=True)
    assert clean == "México hoy ya" and marked(clean, spans) == ["México", "hoy"]
    assert safe_line(f"a\nb{ESC}[5m\r") == "a b "


def test_a_span_inside_a_removed_sequence_is_dropped() -> None:
    text = f"ab{ESC}[31mcd"
    assert safe_text(text, [(3, 6), (0, 2)])[1] == [(0, 2)]


@given(st.lists(st.sampled_from(["word", " ", "\n", ESC, "[", "31m", "\x07", "]0;", "\u202e", "é", "\x9b"]),
                max_size=30), st.data())
def test_kept_characters_keep_their_spans(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    spans = [(a, b) for a, b in data.draw(st.lists(st.tuples(st.integers(0, len(text)),
                                                           st.integers(0, len(text))), max_size=5)) if a < b]
    clean, moved = safe_text(text, spans)
    assert UNSAFE.search(clean) is None
    for (a, b), (c, d) in zip([s for s in spans if _survives(text, s)], moved):
        kept = "".join(ch for i, ch in enumerate(text[a:b], start=a) if not _removed(text, i))
        assert clean[c:d] == kept


def _removed(text: str, index: int) -> bool:
    return any(m.start() <= index < m.end() for m in UNSAFE.finditer(text))


def _survives(text: str, span: tuple[int, int]) -> bool:
    return any(not _removed(text, i) for i in range(*span))

"""Article text as safe, styled Content: engine spans applied as styles, never parsed as markup."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from textual.content import Content

Span = tuple[int, int]

# Control characters (tabs and newlines included) become one space each, so spans stay valid.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(text: str) -> str:
    """``text`` with every control character (newlines too) replaced by a space, offsets unchanged."""
    return _CONTROL.sub(" ", text)


def printable(text: str) -> str:
    """``text`` with control characters other than newlines replaced by a space, offsets unchanged."""
    return _CONTROL.sub(lambda match: match.group() if match.group() == "\n" else " ", text)


def clip_spans(spans: Iterable[Span], length: int) -> list[Span]:
    """Spans sorted, clipped to ``[0, length)``, empty ones dropped and overlapping ones merged."""
    merged: list[Span] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlighted(text: str, spans: Sequence[Span], style: str, base_style: str = "") -> Content:
    """One line of plain ``text`` as Content with ``style`` over each span (the text is not markup)."""
    plain = one_line(text)
    content = Content(plain)
    if base_style:
        content = content.stylize(base_style)
    for start, end in clip_spans(spans, len(plain)):
        content = content.stylize(style, start, end)
    return content


def squeeze(text: str, spans: Sequence[Span]) -> tuple[str, list[Span]]:
    """``text`` with each run of whitespace (newlines too) made one space, ``spans`` moved to match."""
    new_offset = [0] * (len(text) + 1)
    pieces: list[str] = []
    length = 0
    previous_space = False
    for offset, character in enumerate(text):
        new_offset[offset] = length
        space = character.isspace() or _CONTROL.match(character) is not None
        if space and previous_space:
            continue
        pieces.append(" " if space else character)
        length += 1
        previous_space = space
    new_offset[len(text)] = length
    moved = [(new_offset[max(0, min(s, len(text)))], new_offset[max(0, min(e, len(text)))]) for s, e in spans]
    return "".join(pieces), moved

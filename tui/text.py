"""Article text as safe, styled Content: engine spans applied as styles, never parsed as markup."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from textual.content import Content

from search import merge_spans

Span = tuple[int, int]

# Control characters (tabs and newlines included) become one space each, so spans stay valid.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A run of whitespace or control characters (\s is what str.isspace() calls a space).
_SPACE_RUN = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


def one_line(text: str) -> str:
    """``text`` with every control character (newlines too) replaced by a space, offsets unchanged."""
    return _CONTROL.sub(" ", text)


def printable(text: str) -> str:
    """``text`` with control characters other than newlines replaced by a space, offsets unchanged."""
    return _CONTROL.sub(lambda match: match.group() if match.group() == "\n" else " ", text)


def clip_spans(spans: Iterable[Span], length: int) -> list[Span]:
    """Spans sorted, clipped to ``[0, length)``, empty ones dropped and overlapping ones merged."""
    clipped = ((max(0, start), min(length, end)) for start, end in spans)
    return merge_spans((start, end) for start, end in clipped if start < end)


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
    pieces: list[str] = []
    # Each run of two or more spaces: where it starts and ends in ``text``, and how many characters
    # were dropped up to its end.
    run_starts: list[int] = []
    run_ends: list[int] = []
    dropped_by: list[int] = []
    copied = dropped = 0
    for run in _SPACE_RUN.finditer(text):
        start, end = run.span()
        pieces += [text[copied:start], " "]
        copied = end
        if end - start > 1:
            dropped += end - start - 1
            run_starts.append(start)
            run_ends.append(end)
            dropped_by.append(dropped)
    pieces.append(text[copied:])

    def moved(offset: int) -> int:
        offset = max(0, min(offset, len(text)))
        run = bisect_left(run_ends, offset)  # the first run that ends at or after the offset
        before = dropped_by[run - 1] if run else 0
        if run < len(run_ends) and offset > run_starts[run]:
            return run_starts[run] - before + 1  # inside a run: just after its one space
        return offset - before

    return "".join(pieces), [(moved(start), moved(end)) for start, end in spans]


def language_badge(lang: str, others: Iterable[str] = ()) -> Content:
    """" EN · also ES ": the article's language and those of its other versions, as one badge."""
    label = lang.upper()
    also = sorted({other.upper() for other in others if other and other != lang})
    if also:
        label += " · also " + ", ".join(also)
    return Content(f" {one_line(label)} ").stylize("bold $text on $primary-muted")

"""Split article text into paragraphs: blank lines separate them, or each line is one."""

from __future__ import annotations

import re

_BLANK_LINES = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")
_SENTENCE_END = (".", "!", "?", "…", ":", ";", '"', "”", "»", "'", "’", ")")
_WRAPPED_MIN_CHARS = 50
"""A line at least this long that stops mid-sentence is a hard-wrapped line, not a paragraph."""
_WRAP_MIN_LINES = 6
_WRAP_MIN_WIDTH, _WRAP_MAX_WIDTH = 50, 100
"""Hard wrapping is at a width like 60, 72 or 80 columns."""
_WRAP_FULL_SHARE = 0.75
"""A line this close to the width counts as a full wrapped line."""


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of ``text``, stripped, empty ones dropped.

    With blank lines in the text, a block between them is one paragraph, unless its lines are
    separate items (a slug over a caption, a subheading over a caption). Without blank lines,
    each line is a paragraph.
    """
    text = text.strip()
    if not text:
        return []
    if not _BLANK_LINES.search(text):
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        return _rejoin_wrapped(lines) if _hard_wrapped(lines) else lines
    paragraphs: list[str] = []
    for block in _BLANK_LINES.split(text):
        paragraphs.extend(_block_paragraphs(block))
    return paragraphs


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines broken at a fixed width (wire copy, e-mail): most lines near one length, most of
    them stopping mid-sentence. One-line paragraphs vary in length and end their sentences."""
    if len(lines) < _WRAP_MIN_LINES:
        return False
    width = _wrap_width(lines)
    if not _WRAP_MIN_WIDTH <= width <= _WRAP_MAX_WIDTH:
        return False
    full = [line for line in lines if len(line) >= _WRAP_FULL_SHARE * width]
    mid_sentence = [line for line in full if not line.endswith(_SENTENCE_END)]
    return len(full) >= 0.5 * len(lines) and len(mid_sentence) >= 0.5 * len(full)


def _wrap_width(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines)
    return lengths[int(0.9 * (len(lengths) - 1))]


def _rejoin_wrapped(lines: list[str]) -> list[str]:
    """Hard-wrapped lines joined back into paragraphs.

    A wrapper fills each line as far as it can: when the next line's first word would have fitted
    on this one, this line ended its paragraph (a headline, a short last line, a full stop)."""
    width = max(len(line) for line in lines)
    paragraphs: list[str] = []
    current: list[str] = []
    for line, following in zip(lines, [*lines[1:], ""]):
        current.append(line)
        next_word = following.split(maxsplit=1)[0] if following else ""
        if not following or len(line) + 1 + len(next_word) <= width:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _block_paragraphs(block: str) -> list[str]:
    lines = [line.strip() for line in block.split("\n") if line.strip()]
    if len(lines) <= 1:
        return lines
    out = [lines[0]]
    for line in lines[1:]:
        if _continues(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` is the rest of the paragraph ``previous`` (a hard wrap) or a new item."""
    if line[0].islower() or line[0].isdigit() and not previous.endswith(_SENTENCE_END):
        return True
    return len(previous) >= _WRAPPED_MIN_CHARS and not previous.endswith(_SENTENCE_END)

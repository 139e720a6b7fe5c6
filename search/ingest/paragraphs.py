"""Split article text into paragraphs: blank lines separate them, or each line is one."""

from __future__ import annotations

import re

_BLANK_LINES = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")
_SENTENCE_END = (".", "!", "?", "…", ":", ";", '"', "”", "»", "'", "’", ")")
_WRAPPED_MIN_CHARS = 50
"""A line at least this long that stops mid-sentence is a hard-wrapped line, not a paragraph."""


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
        return [line.strip() for line in text.split("\n") if line.strip()]
    paragraphs: list[str] = []
    for block in _BLANK_LINES.split(text):
        paragraphs.extend(_block_paragraphs(block))
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

"""The passage of an article most similar to the query: the snippet of a hit no query word matches."""

from __future__ import annotations

import re
from typing import Any

from search.models import Snippet
from search.semantic import encoder

PASSAGE_CHARS = 220
"""About a snippet's length (search.highlight.snippets.SNIPPET_CHARS)."""
MAX_PASSAGES = 12
"""Passages compared per article, from its start: one encoder call of ~2,600 characters (~25 ms)."""

_PARAGRAPH = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def passages(text: str, chars: int = PASSAGE_CHARS, limit: int = MAX_PASSAGES) -> list[tuple[int, str]]:
    """(offset, text) of the passages of ``text`` from its start: its paragraphs (lines), a long one cut
    into pieces of about ``chars`` at sentence ends (else at a word)."""
    out: list[tuple[int, str]] = []
    for paragraph in _PARAGRAPH.finditer(text):
        start, stop = paragraph.start(), paragraph.end()
        while start < stop and len(out) < limit:
            while start < stop and text[start].isspace():
                start += 1
            end = min(stop, start + chars)
            if end < stop:
                cuts = [m.start() for m in _SENTENCE_END.finditer(text, start + chars // 3, end)]
                space = text.rfind(" ", start + chars // 2, end)
                end = cuts[-1] if cuts else space if space > 0 else end
            piece = text[start:end].rstrip()
            if piece:
                out.append((start, piece))
            start = end
        if len(out) >= limit:
            break
    return out


def most_similar(text: str, query: Any) -> Snippet | None:
    """The passage of ``text`` closest in meaning to the query vector ``query``; None without text."""
    found = passages(text)
    if not found:
        return None
    try:
        similarity = encoder.encode([passage for _start, passage in found]) @ query
    except encoder.Unavailable:
        return None
    start, passage = found[int(similarity.argmax())]
    return Snippet(text=passage, spans=[], start=start)

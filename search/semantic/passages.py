"""An article cut into the passages that are embedded: paragraphs, short ones joined, long ones split."""

from __future__ import annotations

import hashlib
import re

MIN_CHARS = 120
"""A paragraph shorter than this (a dateline, a one-line quote) joins the next one."""
MAX_CHARS = 1200
"""A longer paragraph is split at sentence ends: one vector for a whole page blurs its topics."""
MAX_PASSAGES = 200
"""Passages embedded per article; the rest of an enormous article is found by its words only."""

_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")

Passage = tuple[int, int]
"""[start, end) of a passage in the article body."""


def passages(body: str) -> list[Passage]:
    """The passages of ``body`` as spans, in reading order, at most ``MAX_PASSAGES``."""
    out: list[Passage] = []
    start = None
    for begin, end in _paragraphs(body):
        if start is None:
            start = begin
        if end - start < MIN_CHARS:
            continue
        out.extend(_split_long(body, start, end))
        start = None
        if len(out) >= MAX_PASSAGES:
            return out[:MAX_PASSAGES]
    if start is not None:
        if out and end - start < MIN_CHARS and out[-1][1] - out[-1][0] + end - start <= MAX_CHARS:
            out[-1] = (out[-1][0], end)  # a short tail joins the passage before it
        else:
            out.extend(_split_long(body, start, end))
    return out[:MAX_PASSAGES]


def embedding_text(title: str, body: str, passage: Passage, first: bool) -> str:
    """What is embedded for a passage: the first one is headed by the title, which names the
    article's subject; the others are their text alone, so a paragraph that several articles share
    (a wire story's copies, boilerplate) is embedded once."""
    text = body[passage[0]: passage[1]]
    return f"{title}\n{text}" if title and first else text


def text_key(text: str) -> bytes:
    """The key a vector is stored and reused under: a digest of exactly the text embedded."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()


def _paragraphs(body: str) -> list[Passage]:
    spans, pos = [], 0
    for match in _PARAGRAPH.finditer(body):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(body)))
    return [_strip(body, a, b) for a, b in spans if body[a:b].strip()]


def _strip(body: str, start: int, end: int) -> Passage:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def _split_long(body: str, start: int, end: int) -> list[Passage]:
    if end - start <= MAX_CHARS:
        return [(start, end)]
    out, piece = [], start
    for match in _SENTENCE_END.finditer(body, start, end):
        if match.start() - piece >= MAX_CHARS // 2:
            out.append((piece, match.start()))
            piece = match.end()
    while end - piece > MAX_CHARS:  # no sentence end for a long stretch: cut at a space
        cut = body.rfind(" ", piece, piece + MAX_CHARS)
        cut = cut if cut > piece else piece + MAX_CHARS
        out.append((piece, cut))
        piece = cut + 1 if body[cut:cut + 1] == " " else cut
    if piece < end:
        out.append((piece, end))
    return out

"""Snippets and match spans cut from an article's original text (fragmenter → scorer → formatter)."""

from __future__ import annotations

from collections.abc import Iterable

from whoosh.highlight import BasicFragmentScorer, Formatter, Fragment, top_fragments

from search.highlight.fragments import context_fragments, matches
from search.models import Snippet, Span

SNIPPET_CHARS = 220
SNIPPET_CONTEXT = 70
SNIPPET_CHARLIMIT = 200_000
"""Characters of a body examined for snippets; the article view marks the whole body."""
LEAD_CHARS = 200


class SpanFormatter(Formatter):
    """Formats fragments as plain ``Snippet`` data: the text and the match spans inside it."""

    def format_fragment(self, fragment: Fragment, replace: bool = False) -> Snippet:  # type: ignore[override]
        start, end = fragment.startchar, fragment.endchar
        spans = merge_spans((t.startchar - start, t.endchar - start) for t in fragment.matches)
        return Snippet(text=fragment.text[start:end], spans=spans, start=start)

    def format(self, fragments: Iterable[Fragment], replace: bool = False) -> list[Snippet]:  # type: ignore[override]
        return [self.format_fragment(f) for f in fragments]


_SCORER = BasicFragmentScorer()
_FORMATTER = SpanFormatter()


def _by_position(fragment: Fragment) -> int:
    return fragment.startchar


def snippets(text: str, lang: str, terms: frozenset[str], count: int) -> list[Snippet]:
    """Up to ``count`` passages of ``text`` around the matched terms, in reading order.

    When nothing in the text matches (a hit on the title alone, say), the lead of the text.
    """
    if count <= 0 or not text:
        return []
    if terms:
        candidates = context_fragments(text, lang, terms, SNIPPET_CHARS, SNIPPET_CONTEXT, SNIPPET_CHARLIMIT)
        fragments = top_fragments(candidates, count, _SCORER, _by_position, minscore=1)
        if fragments:
            return _FORMATTER.format(fragments)
    return [lead(text)]


def lead(text: str, chars: int = LEAD_CHARS) -> Snippet:
    """The opening of a text, cut at a word boundary."""
    if len(text) <= chars:
        return Snippet(text=text, spans=[], start=0)
    cut = text.rfind(" ", 0, chars)
    return Snippet(text=text[: cut if cut > chars // 2 else chars], spans=[], start=0)


def match_spans(text: str, lang: str, terms: frozenset[str]) -> list[Span]:
    """Every matched word of ``text`` as (start, end) spans, in order, without overlaps."""
    if not terms or not text:
        return []
    return merge_spans((m.startchar, m.endchar) for m in matches(text, lang, terms))


def has_match(text: str, lang: str, terms: frozenset[str]) -> bool:
    """Whether any word of ``text`` matches ``terms``."""
    return bool(terms and text) and next(matches(text, lang, terms), None) is not None


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with duplicates and overlaps merged."""
    out: list[Span] = []
    for start, end in sorted(set(spans)):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out

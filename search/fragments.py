"""Matched words and context fragments of a text, in one pass over its words (Whoosh's rules, faster)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from whoosh.highlight import Fragment, mkfrag

from search.analysis import HIGHLIGHT_STEM_MARK, fold, stem, tokenizer

_WORD = tokenizer().expression
_FORMS: dict[str, dict[str, tuple[str, str]]] = {}
_MAX_FORMS = 200_000
"""Spellings remembered per language (folded form and marked stem) before the memo starts over."""


class Match:
    """A matched word: what ``whoosh.highlight.Fragment`` and ``BasicFragmentScorer`` read."""

    __slots__ = ("text", "startchar", "endchar", "boost")

    def __init__(self, text: str, startchar: int, endchar: int) -> None:
        self.text, self.startchar, self.endchar, self.boost = text, startchar, endchar, 1.0


def _forms(lang: str) -> dict[str, tuple[str, str]]:
    forms = _FORMS.get(lang)
    if forms is None or len(forms) > _MAX_FORMS:
        forms = _FORMS[lang] = {}
    return forms


def _form(forms: dict[str, tuple[str, str]], word: str, lang: str) -> tuple[str, str]:
    """``word`` as the highlight analyzer emits it: the folded text and the marked stem."""
    folded = fold(word)
    form = forms[word] = (folded, HIGHLIGHT_STEM_MARK + stem(folded, lang))
    return form


def matches(text: str, lang: str, terms: frozenset[str]) -> Iterator[Match]:
    """Every word of ``text`` whose folded form or marked stem is in ``terms``."""
    forms = _forms(lang)
    for found in _WORD.finditer(text):
        word = found.group()
        folded, stem_form = forms.get(word) or _form(forms, word, lang)
        if folded in terms or stem_form in terms:
            yield Match(folded, *found.span())


def context_fragments(
    text: str, lang: str, terms: frozenset[str], maxchars: int, surround: int, charlimit: int
) -> Iterator[Fragment]:
    """What ``ContextFragmenter(maxchars, surround, charlimit).fragment_tokens`` yields for the
    highlight analyzer's tokens of ``text`` marked against ``terms``: the same loop, with the
    analysis inlined and each spelling folded and stemmed once."""
    forms = _forms(lang)
    matching: dict[str, bool] = {}
    first = None
    firsts: deque[int] = deque()
    countdown = -1
    tks: list[Match] = []
    endchar = None
    currentlen = 0
    for found in _WORD.finditer(text):
        startchar, endchar = found.span()
        tlength = endchar - startchar
        if charlimit and endchar > charlimit:
            break
        word = found.group()
        matched = matching.get(word)
        if matched is None:
            folded, stem_form = forms.get(word) or _form(forms, word, lang)
            matched = matching[word] = folded in terms or stem_form in terms
        if countdown < 0 and not matched:
            firsts.append(startchar)
            while firsts and endchar - firsts[0] > surround:
                firsts.popleft()
        elif currentlen + tlength > maxchars:
            countdown = 0
        elif matched:
            countdown = surround
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = startchar
                    countdown += surround
            tks.append(Match(forms[word][0], startchar, endchar))
        if countdown >= 0:
            currentlen += tlength
            countdown -= tlength
            if countdown <= 0:
                yield mkfrag(text, tks, startchar=first, endchar=endchar)
                tks = []
                firsts = deque()
                first = None
                currentlen = 0
    if tks:
        yield mkfrag(text, tks, startchar=first, endchar=endchar)

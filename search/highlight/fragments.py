"""Matched words and context fragments of a text (Whoosh's ContextFragmenter rules, computed faster)."""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Iterator
from itertools import accumulate, compress

from whoosh.highlight import Fragment, mkfrag

from search.analysis import HIGHLIGHT_STEM_MARK, TOKEN_PATTERN, fold, stem

_SPLIT = re.compile(f"({TOKEN_PATTERN})")
"""Splits a text into gap, word, gap, word, …, gap: the tokenizer's words, found in C."""
_MAX_FORMS = 200_000
"""Spellings remembered per language before the memo starts over."""
_SPLIT_MARGIN = 4096
"""Characters read past ``charlimit``: enough for the word that crosses it, except in freak texts."""


class Match:
    """A matched word: what ``whoosh.highlight.Fragment`` and ``BasicFragmentScorer`` read."""

    __slots__ = ("text", "startchar", "endchar", "boost")

    def __init__(self, text: str, startchar: int, endchar: int) -> None:
        self.text, self.startchar, self.endchar, self.boost = text, startchar, endchar, 1.0


class _Words:
    """The words of (the start of) a text: their spellings, start and end offsets."""

    __slots__ = ("words", "starts", "ends", "cut", "distinct")

    def __init__(self, text: str, charlimit: int = 0) -> None:
        words, starts, ends = _split(text[: charlimit + _SPLIT_MARGIN] if charlimit else text)
        self.cut: int | None = None
        """End of the first word past ``charlimit`` (the words kept all end within it); None if none."""
        if charlimit:
            count = bisect_left(ends, charlimit + 1)
            if count >= len(words) - 1 and len(text) > charlimit + _SPLIT_MARGIN:
                words, starts, ends = _split(text)  # the last word read may continue past the margin
                count = bisect_left(ends, charlimit + 1)
            if count < len(words):
                self.cut = ends[count]
                words, starts, ends = words[:count], starts[:count], ends[:count]
        self.words, self.starts, self.ends = words, starts, ends
        self.distinct = set(words)


_LOCK = threading.Lock()
"""Guards the module's memos when several engines search from several threads."""
_RECENT: dict[tuple[str, int], _Words] = {}
_RECENT_WORDS = 0
_MAX_RECENT_WORDS = 150_000
"""Words kept split for texts seen lately: typing a query shows the same articles key after key."""


def _words(text: str, charlimit: int = 0) -> _Words:
    """``_Words(text, charlimit)``, from the recent texts when it is one of them."""
    global _RECENT_WORDS
    key = (text, charlimit)
    with _LOCK:
        split = _RECENT.pop(key, None)
        if split is not None:
            _RECENT[key] = split  # most recent last
            return split
    split = _Words(text, charlimit)
    with _LOCK:
        if key not in _RECENT:
            _RECENT[key] = split
            _RECENT_WORDS += len(split.words)
            while _RECENT_WORDS > _MAX_RECENT_WORDS and len(_RECENT) > 1:
                _RECENT_WORDS -= len(_RECENT.pop(next(iter(_RECENT))).words)
    return split


def _split(text: str) -> tuple[list[str], list[int], list[int]]:
    parts = _SPLIT.split(text)
    offsets = list(accumulate(map(len, parts)))
    return parts[1::2], offsets[0:-1:2], offsets[1::2]


class _Forms:
    """Per language, every spelling seen so far, and which spellings fold or stem to a form."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.folded: dict[str, str] = {}
        """Spelling → folded form (what a matched word's text is)."""
        self.spellings: dict[str, set[str]] = {}
        """Folded form or marked stem → the spellings that have it."""

    def matching(self, split: _Words, terms: frozenset[str]) -> tuple[set[str], dict[str, str]]:
        """The spellings in ``split`` whose folded form or marked stem is in ``terms``, and a
        spelling → folded form map that holds them all."""
        distinct = split.distinct
        with _LOCK:
            unseen = distinct.difference(self.folded)
            if unseen:
                if len(self.folded) + len(unseen) > _MAX_FORMS:
                    self.folded, self.spellings = {}, {}
                    unseen = distinct
                self._learn(unseen)
            found: set[str] = set()
            for term in terms:
                if term in self.spellings:
                    found |= self.spellings[term]
            return found & distinct, self.folded

    def _learn(self, words: set[str]) -> None:
        for word in words:
            folded = self.folded[word] = fold(word)
            self.spellings.setdefault(folded, set()).add(word)
            self.spellings.setdefault(HIGHLIGHT_STEM_MARK + stem(folded, self.lang), set()).add(word)


_FORMS: dict[str, _Forms] = {}


def _forms(lang: str) -> _Forms:
    forms = _FORMS.get(lang)
    if forms is None:
        forms = _FORMS[lang] = _Forms(lang)
    return forms


def matches(text: str, lang: str, terms: frozenset[str]) -> Iterator[Match]:
    """Every word of ``text`` whose folded form or marked stem is in ``terms``."""
    split = _words(text)
    forms = _forms(lang)
    matching, folded = forms.matching(split, terms)
    for i in compress(range(len(split.words)), map(matching.__contains__, split.words)):
        yield Match(folded[split.words[i]], split.starts[i], split.ends[i])


def context_fragments(
    text: str, lang: str, terms: frozenset[str], maxchars: int, surround: int, charlimit: int
) -> Iterator[Fragment]:
    """What ``ContextFragmenter(maxchars, surround, charlimit).fragment_tokens`` yields for the
    highlight analyzer's tokens of ``text`` marked against ``terms``.

    Whoosh's loop visits every word; outside a fragment a word only moves the window of words
    that may open the next one, so this jumps from the end of one fragment to the next match and
    finds that window by bisection. Inside fragments it runs Whoosh's loop word by word.
    """
    split = _words(text, charlimit)
    words, starts, ends = split.words, split.starts, split.ends
    forms = _forms(lang)
    matching, folded = forms.matching(split, terms)
    if not matching:
        return
    flags = list(map(matching.__contains__, words))
    matched = list(compress(range(len(words)), flags))
    next_match = 0  # index into ``matched``
    first: int | None = None
    countdown = -1
    tks: list[Match] = []
    currentlen = 0
    since_reset = 0  # first word that may open the next fragment (Whoosh's ``firsts`` deque)
    i, count = 0, len(words)
    while i < count:
        if countdown < 0:
            while next_match < len(matched) and matched[next_match] < i:
                next_match += 1
            if next_match == len(matched):
                break  # no match left: the words after this one cannot yield anything
            i = matched[next_match]
            # The deque holds the words since the reset that start within ``surround`` of the
            # end of the word before this match.
            lead = None
            if i > since_reset:
                j = bisect_left(starts, ends[i - 1] - surround, since_reset, i)
                lead = starts[j] if j < i else None
        else:
            lead = None
        startchar, endchar = starts[i], ends[i]
        tlength = endchar - startchar
        if currentlen + tlength > maxchars:
            countdown = 0
        elif flags[i]:
            countdown = surround
            if first is None:
                if lead is not None:
                    first = lead
                else:
                    first = startchar
                    countdown += surround
            tks.append(Match(folded[words[i]], startchar, endchar))
        if countdown >= 0:
            currentlen += tlength
            countdown -= tlength
            if countdown <= 0:
                yield mkfrag(text, tks, startchar=first, endchar=endchar)
                tks = []
                first = None
                currentlen = 0
                since_reset = i + 1
        i += 1
    if tks:
        yield mkfrag(text, tks, startchar=first, endchar=split.cut if split.cut is not None else ends[-1])

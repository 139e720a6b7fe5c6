"""Whoosh analysis pipelines: accent folding, English/Spanish stop words and light stems.

Whoosh pickles these analyzers into the index schema, so this module is part of the on-disk
format: its import path and class names must stay stable. A change that alters the tokens an
existing index holds must bump ``search.backends.whoosh.schema.SCHEMA_VERSION``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import Stemmer
from unidecode import unidecode
from whoosh.analysis import Filter, RegexTokenizer, Token

from . import stemming

LANGUAGES = ("en", "es")
_SNOWBALL_NAMES = {"en": "english", "es": "spanish"}

# Words with an apostrophe or inner dots stay whole ("U.S", "don't"); hyphens split.
TOKEN_PATTERN = r"\w+(?:[.'’]\w+)*"

HIGHLIGHT_STEM_MARK = "\x01"
"""Prefix of the stem forms the highlight analyzer emits beside each folded word."""


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lowercase ASCII transliteration: ``México`` → ``mexico``, ``año`` → ``ano``."""
    if word.isascii():
        return word.lower()
    return unidecode(word).lower().replace(" ", "")


def _load_stopwords(lang: str) -> frozenset[str]:
    from whoosh.lang.stopwords import stoplists

    return frozenset(fold(w) for w in stoplists[lang])


STOPWORDS: dict[str, frozenset[str]] = {lang: _load_stopwords(lang) for lang in LANGUAGES}


def is_stopword(folded: str) -> bool:
    """True when a folded word is a stop word in English or Spanish."""
    return folded in STOPWORDS["en"] or folded in STOPWORDS["es"]


class _Stemmers:
    """One PyStemmer object per language, made on first use (they cannot be pickled)."""

    _cache: dict[str, Stemmer.Stemmer] = {}

    @classmethod
    def get(cls, lang: str) -> Stemmer.Stemmer:
        stemmer = cls._cache.get(lang)
        if stemmer is None:
            stemmer = cls._cache[lang] = Stemmer.Stemmer(_SNOWBALL_NAMES[lang], 100_000)
        return stemmer


def stem(word: str, lang: str) -> str:
    """The stem of an already folded word (``search.analysis.stemming``)."""
    return stemming.stem(word, lang)


class FoldFilter(Filter):
    """Replaces each token's text by its folded form (see :func:`fold`)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold(t.text)
            yield t


class AccentVariantFilter(Filter):
    """Folds each token and, when folding changed it, also emits the accented lowercase form.

    Both forms share a position, so ``mexico`` matches ``México`` while a query typed as
    ``méxico`` can rank the exact accented spelling above the folded one.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            original = t.text.lower()
            folded = fold(original)
            t.text = folded
            yield t
            if folded != original:
                t.text = original
                yield t


class LangStopFilter(Filter):
    """Drops the stop words of one language (compared in folded form)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stops = STOPWORDS[self.lang]
        for t in tokens:
            if t.text in stops:
                if not t.removestops:
                    t.stopped = True
                    yield t
                continue
            t.stopped = False
            yield t


class SnowballFilter(Filter):
    """Stems folded tokens with PyStemmer's Snowball stemmer for one language.

    No longer in the schema (``StemFilter`` is); kept so that an index of schema version 1 still
    unpickles and can be told to rebuild.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stemmer = _Stemmers.get(self.lang)
        for t in tokens:
            if not t.stopped:
                t.text = stemmer.stemWord(t.text)
            yield t


class StemFilter(Filter):
    """Stems folded tokens with the light stemmer of one language (``search.analysis.stemming``)."""

    stemmer = staticmethod(stemming.stem)

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        lang, stemmer = self.lang, self.stemmer
        for t in tokens:
            if not t.stopped:
                t.text = stemmer(t.text, lang)
            yield t


class RootFilter(StemFilter):
    """Stems folded tokens to their root in one language (``search.analysis.stemming.root``)."""

    stemmer = staticmethod(stemming.root)


class HighlightFormsFilter(Filter):
    """For highlighting: folds each token and attaches its marked stem in one language.

    One token per word (``token.stem_form`` beside ``token.text``) keeps fragment lengths true.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        lang = self.lang
        for t in tokens:
            folded = fold(t.text)
            t.text = folded
            t.stem_form = HIGHLIGHT_STEM_MARK + stemming.stem(folded, lang)
            yield t


def tokenizer() -> RegexTokenizer:
    return RegexTokenizer(TOKEN_PATTERN)


def stem_analyzer(lang: str):
    """Language field: folded, stop words of ``lang`` removed, light-stemmed."""
    return tokenizer() | FoldFilter() | LangStopFilter(lang) | StemFilter(lang)


def root_analyzer(lang: str):
    """Root field: folded, stop words of ``lang`` removed, Snowball roots (derivations joined)."""
    return tokenizer() | FoldFilter() | LangStopFilter(lang) | RootFilter(lang)


def exact_analyzer():
    """Exact field: folded words plus their accented forms, no stemming, stop words kept."""
    return tokenizer() | AccentVariantFilter()


def highlight_analyzer(lang: str):
    """Tokens for highlighting a text of ``lang``: folded words and marked stems."""
    return tokenizer() | HighlightFormsFilter(lang)

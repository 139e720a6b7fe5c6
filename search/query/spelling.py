""""Did you mean": the closest index words to a misspelled one, spelled as the articles spell them."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from whoosh.support.levenshtein import damerau_levenshtein

from search.analysis import LANGUAGES, TOKEN_PATTERN, fold, is_stopword, stem
from search.analysis.fields import EXACT_FIELD, STEM_FIELDS

MAX_SUGGESTED_WORD = 30
"""Longer "words" (pasted hashes, URLs) get no spelling suggestion: they would only cost time."""
MAX_CORRECTED_WORDS = 8
"""Misspelled words of one query given alternatives (each costs a vocabulary scan and a few reads)."""
MAX_ACRONYM = 6
"""A word typed in capitals up to this long (``EFE``, ``NATO``) is a name, not a misspelling."""
SPELLING_DOCS = 10
"""Articles read to learn how a suggested word is written (case, accents)."""
_WORD = re.compile(TOKEN_PATTERN)


def misspelled(query: str, reader: Any, limit_words: int) -> list[tuple[str, str]]:
    """(as typed, folded) for each distinct word of ``query`` the index does not hold."""
    out: dict[str, str] = {}
    for match in _WORD.finditer(query):
        typed = match.group()
        folded = fold(typed)
        if folded in out or not 3 <= len(folded) <= MAX_SUGGESTED_WORD or is_stopword(folded):
            continue
        if typed.isupper() and len(typed) <= MAX_ACRONYM or folded.isdigit():
            continue
        if reader.doc_frequency(EXACT_FIELD, folded) == 0:
            out[folded] = typed
        if len(out) >= limit_words:
            break
    return [(typed, folded) for folded, typed in out.items()]


def candidates(reader: Any, word: str, lang: str | None, limit: int) -> list[str]:
    """Index words (folded) near ``word``: fewest edits first (a swap of two letters is one), then
    words of the query's language, then the most frequent."""
    maxdist = 2 if len(word) > 4 else 1
    prefix = _prefix(word)
    found = sorted({term for term in reader.terms_near(EXACT_FIELD, word, maxdist, prefix)
                    if fold(term) == term and len(term) >= 2 and not is_stopword(term)})
    frequency = dict(zip(found, reader.doc_frequencies(EXACT_FIELD, found)))
    languages = _languages(reader, found) if lang is not None else {}

    def rank(term: str) -> tuple[int, int, int, int, str]:
        other_language = lang is not None and languages[term] not in (None, lang)
        # Equally close: a letter mistyped (same length) before one missing or extra.
        return (damerau_levenshtein(word, term), abs(len(term) - len(word)), other_language,
                -frequency[term], term)

    return sorted(found, key=rank)[:limit]


def _prefix(word: str) -> int:
    """Letters a candidate shares with the word. Whoosh compares every word sharing them: at
    68,000 articles one letter costs 0.5-1.5 s a word, three under 0.1 s; a typo in the first
    letters of a long word is rare."""
    return 1 if len(word) <= 4 else 2 if len(word) <= 7 else 3


def _languages(reader: Any, folded: list[str]) -> dict[str, str | None]:
    """For each word, the language whose articles use it more (by its stem's document count; None
    when none does), with one read per language."""
    counts = {lang: reader.doc_frequencies(STEM_FIELDS[lang], [stem(w, lang) for w in folded]) for lang in LANGUAGES}
    out: dict[str, str | None] = {}
    for n, word in enumerate(folded):
        best = max(LANGUAGES, key=lambda lang: counts[lang][n])
        out[word] = best if counts[best][n] else None
    return out


def article_spelling(reader: Any, folded: str, typed: str) -> str:
    """How the articles write a folded word: the form closest to what was typed (``Méxicoo`` →
    ``México``, ``mexcio`` → ``Mexico``), lower case before a capital (a sentence start is not
    a name), then the most common. ``reader`` is a backend reader (``search.backends.base``)."""
    term = folded
    if not typed.isascii():  # the index holds each accented form beside the folded one
        accented = [v for v in reader.terms_near(EXACT_FIELD, typed.lower(), 2, _prefix(typed))
                    if v != folded and fold(v) == folded]
        if accented:
            term = max(accented, key=lambda v: reader.doc_frequency(EXACT_FIELD, v))
    forms: Counter[str] = Counter()
    for doc in reader.term_documents(EXACT_FIELD, term, SPELLING_DOCS):
        for text in (doc.title, doc.body):
            forms.update(w for w in _WORD.findall(text) if fold(w) == folded)
    if not forms:
        return folded
    typed = typed.lower()
    return min(forms, key=lambda form: (damerau_levenshtein(typed, form.lower()), not form.islower(),
                                        -forms[form], form))

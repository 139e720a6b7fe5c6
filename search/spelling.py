""""Did you mean": the closest index words to a misspelled one, spelled as the articles spell them."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from whoosh.support.levenshtein import damerau_levenshtein

from search.analysis import LANGUAGES, TOKEN_PATTERN, fold, is_stopword, stem
from search.schema import EXACT_FIELD, STEM_FIELDS

MAX_SUGGESTED_WORD = 30
"""Longer "words" (pasted hashes, URLs) get no spelling suggestion: they would only cost time."""
MAX_ACRONYM = 6
"""A word typed in capitals up to this long (``EFE``, ``NATO``) is a name, not a misspelling."""
SPELLING_DOCS = 5
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
    found = set()
    for term in reader.terms_within(EXACT_FIELD, word, maxdist, prefix=1):
        if fold(term) == term and len(term) >= 2 and not is_stopword(term):
            found.add(term)

    def rank(term: str) -> tuple[int, int, int, str]:
        other_language = lang is not None and word_language(reader, term) not in (None, lang)
        return damerau_levenshtein(word, term), other_language, -reader.doc_frequency(EXACT_FIELD, term), term

    return sorted(found, key=rank)[:limit]


def word_language(reader: Any, folded: str) -> str | None:
    """The language whose articles use the word more, by its stem's document count."""
    counts = {lang: reader.doc_frequency(STEM_FIELDS[lang], stem(folded, lang)) for lang in LANGUAGES}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def article_spelling(searcher: Any, folded: str) -> str:
    """How the articles write a folded word most often (``mexico`` → ``México``)."""
    reader = searcher.reader()
    try:
        docnums = list(reader.postings(EXACT_FIELD, folded).all_ids())[:SPELLING_DOCS]
    except Exception:  # the term vanished with a refresh: the folded form will do
        return folded
    forms: Counter[str] = Counter()
    for docnum in docnums:
        stored = searcher.stored_fields(docnum)
        for text in (stored.get("title") or "", stored.get("body") or ""):
            forms.update(w for w in _WORD.findall(text) if fold(w) == folded)
    if not forms:
        return folded
    # Among equally common forms the lower-case one: a capital at a sentence start is not a name.
    return min(forms, key=lambda form: (-forms[form], not form.islower(), form))

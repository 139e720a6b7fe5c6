"""Which queries cross the language border, and the query's text in each other language."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from search.analysis import LANGUAGES, fold
from search.crosslang import translate as apertium
from search.query import tree as t
from search.query.parse import parse

MAX_CACHED = 256
"""Translations remembered: search as you type asks for the same prefix texts again."""
MAX_WORDS = 32
"""Longer queries are not translated (one Apertium call stays well inside its timeout)."""

_NOT_WORDISH = re.compile(r"[^\w\s'-]+|(?<!\w)[-']+|[-']+(?!\w)")
_OPERATOR = re.compile(r"(?<!\S)OR(?!\S)")
# English and Spanish words and their punctuation; other characters (other scripts, symbols, controls,
# unassigned code points) never make a query worth translating, and some stall Apertium's analyser.
_LATIN_TEXT = re.compile(r"[0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F \t.,;:!?¿¡'’\"()-]*")
_cache: OrderedDict[tuple[str, str, str], str | None] = OrderedDict()
_cache_lock = threading.Lock()


def translatable(text: str) -> bool:
    """A query of plain English or Spanish words only (see ``plain_words``)."""
    return bool(_LATIN_TEXT.fullmatch(text)) and plain_words(text)


def plain_words(text: str) -> bool:
    """A query of plain words, no more than MAX_WORDS: fields, phrases, patterns and operators keep
    their exact meaning, which a translation or a match by meaning could not keep."""
    terms = t.flat_terms(parse(text))
    return bool(terms) and len(terms) <= MAX_WORDS and all(
        term.field == "text" and term.boost == 1.0 for term in terms)


def translations(text: str, query_lang: str | None, targets: tuple[str, ...] = LANGUAGES) -> dict[str, str]:
    """The query in each language of ``targets`` other than its own, when Apertium has the pair and
    the translation changes a word; a query of unknown language is read as each other language."""
    if not translatable(text):
        return {}
    text = " ".join(_OPERATOR.sub(" ", text).split())
    out = {}
    for target in targets:
        if target == query_lang:
            continue
        sources = [query_lang] if query_lang else [lang for lang in LANGUAGES if lang != target]
        for source in sources:
            translated = _translate(text, source, target)
            if translated and _words(translated) != _words(text):
                out[target] = translated
                break
    return out


def start_translators() -> None:
    """Start every language pair's pipeline, not waiting for it to load its dictionaries (~0.4 s)."""
    for source in LANGUAGES:
        for target in LANGUAGES:
            if source != target:
                apertium.start(source, target)


def _translate(text: str, source: str, target: str) -> str | None:
    key = (text, source, target)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    found = apertium.translate(text, source, target)
    if found is not None:
        # operators, quotes and keywords a translation might produce must not change the query's shape
        found = " ".join(_NOT_WORDISH.sub(" ", found).lower().split()) or None
    with _cache_lock:
        _cache[key] = found
        while len(_cache) > MAX_CACHED:
            _cache.popitem(last=False)
    return found


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))

"""Per-document postings of the analyzed fields, computed without Whoosh's token pipeline.

``FieldType.index()`` runs a chain of generators per word per field. A build instead tokenizes a
document's text once, reuses it for the exact and stem fields, and looks each distinct word's
forms up in caches. The result must equal, term for term, what the schema's analyzers index
(``tests/search/test_postings.py`` checks that): same terms, frequencies, weights, positions and
field lengths.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import compress, groupby
from typing import Any

from whoosh.system import pack_uint

from search.analysis import STOPWORDS, fold, stem, tokenizer
from search.backends.whoosh.schema import EXACT_FIELD, ROOT_FIELDS, STEM_FIELDS, TITLE_FIELD
from search.analysis.stemming import root

Posting = tuple[bytes, int, float, bytes]
"""(term, frequency, weight, encoded value): one item of ``FieldType.index()``."""

_WORDS = tokenizer().expression.findall
_CACHE_LIMIT = 500_000
"""Distinct words cached per cache before it is emptied (bounds memory in long-lived processes)."""


class _FoldedTerms(dict):
    """Word → its folded term in the exact fields; fills ``_ACCENTED`` beside it."""

    def __missing__(self, word: str) -> bytes:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
            _ACCENTED.clear()
        original = word.lower()
        folded = fold(original)
        # The accented form is never ASCII and the folded one always is: the two never collide.
        _ACCENTED[word] = None if folded == original else original.encode("utf-8")
        term = self[word] = folded.encode("utf-8")
        return term


class _Stems(dict):
    """Word → its stem (or root) term in one language, or None for a stop word of that language."""

    def __init__(self, lang: str, stemmer: Any = stem) -> None:
        super().__init__()
        self.lang = lang
        self.stops = STOPWORDS[lang]
        self.stemmer = stemmer

    def __missing__(self, word: str) -> bytes | None:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        folded = fold(word)
        term = None if folded in self.stops else self.stemmer(folded, self.lang).encode("utf-8")
        self[word] = term
        return term


_FOLDED = _FoldedTerms()
_ACCENTED: dict[str, bytes | None] = {}
"""Word → its accented lowercase term when folding changes it, else None (see ``_FOLDED``)."""
_SINGLE_POSITIONS: dict[Any, dict[int, bytes]] = {}
"""Encoder → position → the encoded value of that one position."""
_PACKED = [pack_uint(n) for n in range(256)]
_STEMS = {lang: _Stems(lang) for lang in STEM_FIELDS}
_ROOTS = {lang: _Stems(lang, root) for lang in ROOT_FIELDS}


def exact_postings(words: list[str], field_boost: float, encode: Any) -> tuple[list[Posting], int]:
    """Postings with positions of the exact analyzer (folded words plus accented forms), and the length."""
    folded = list(map(_FOLDED.__getitem__, words))
    accented = list(map(_ACCENTED.__getitem__, words))
    variants = list(compress(range(len(words)), accented))
    groups = _positions(folded.__getitem__, range(len(words)))
    if variants:
        groups += _positions(accented.__getitem__, variants)
    # Most words occur once in a document: their encoded positions are shared, not rebuilt.
    single = _SINGLE_POSITIONS.get(encode)
    if single is None:
        single = _SINGLE_POSITIONS[encode] = {}
    postings = []
    for term, poses in groups:
        count = len(poses)
        if count == 1:
            value = single.get(poses[0])
            if value is None:
                value = single[poses[0]] = encode(poses)
        else:
            value = encode(poses)
        postings.append((term, count, count * 1.0 * field_boost, value))
    return postings, len(words) + len(variants)


def _positions(term_at: Any, positions: Iterable[int]) -> list[tuple[bytes, list[int]]]:
    """(term, its positions in order) for the given positions, grouped by ``term_at(position)``."""
    return [(term, list(group)) for term, group in groupby(sorted(positions, key=term_at), term_at)]


def stem_postings(words: list[str], lang: str, field_boost: float,
                  stems: dict[str, _Stems] = _STEMS) -> tuple[list[Posting], int]:
    """Frequency postings of the stem analyzer of ``lang`` (stop words dropped), and the length;
    of the root analyzer with ``stems=_ROOTS``."""
    counts = Counter(map(stems[lang].__getitem__, words))
    counts.pop(None, None)
    postings = [
        (stem, freq, freq * 1.0 * field_boost, _PACKED[freq] if freq < 256 else pack_uint(freq))
        for stem, freq in counts.items()
    ]
    return postings, sum(counts.values())


def document_postings(schema: Any, title: str, full_text: str, lang: str) -> dict[str, tuple[list[Posting], int]]:
    """Field name → (postings, length) of a document's title, exact, stem and root fields."""
    words = _WORDS(full_text)
    title_field, exact_field = schema[TITLE_FIELD], schema[EXACT_FIELD]
    stem_field = schema[STEM_FIELDS[lang]]
    postings = {
        TITLE_FIELD: exact_postings(_WORDS(title), title_field.format.field_boost, title_field.format.encode),
        EXACT_FIELD: exact_postings(words, exact_field.format.field_boost, exact_field.format.encode),
        STEM_FIELDS[lang]: stem_postings(words, lang, stem_field.format.field_boost),
    }
    if lang in ROOT_FIELDS:
        root_field = schema[ROOT_FIELDS[lang]]
        postings[ROOT_FIELDS[lang]] = stem_postings(words, lang, root_field.format.field_boost, _ROOTS)
    return postings

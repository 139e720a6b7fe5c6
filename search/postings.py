"""Per-document postings of the analyzed fields, computed without Whoosh's token pipeline.

``FieldType.index()`` runs a chain of generators per word per field. A build instead tokenizes a
document's text once, reuses it for the exact and stem fields, and looks each distinct word's
forms up in caches. The result must equal, term for term, what the schema's analyzers index
(``tests/search/test_postings.py`` checks that): same terms, frequencies, weights, positions and
field lengths.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from whoosh.system import pack_uint

from search.analysis import STOPWORDS, _Stemmers, fold, tokenizer
from search.schema import EXACT_FIELD, STEM_FIELDS, TITLE_FIELD

Posting = tuple[bytes, int, float, bytes]
"""(term, frequency, weight, encoded value): one item of ``FieldType.index()``."""

_WORDS = tokenizer().expression.findall
_CACHE_LIMIT = 500_000
"""Distinct words cached per cache before it is emptied (bounds memory in long-lived processes)."""


class _ExactForms(dict):
    """Word → its terms in the exact fields: (folded,) or (folded, accented lowercase)."""

    def __missing__(self, word: str) -> tuple[str, ...]:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        original = word.lower()
        folded = fold(original)
        forms = self[word] = (folded,) if folded == original else (folded, original)
        return forms


class _Stems(dict):
    """Word → its stem in one language, or None for a stop word of that language."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.stops = STOPWORDS[lang]

    def __missing__(self, word: str) -> str | None:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        folded = fold(word)
        stem = self[word] = None if folded in self.stops else _Stemmers.get(self.lang).stemWord(folded)
        return stem


_EXACT = _ExactForms()
_SINGLE_POSITIONS: dict[Any, dict[int, bytes]] = {}
"""Encoder → position → the encoded value of that one position."""
_PACKED = [pack_uint(n) for n in range(256)]
_STEMS = {lang: _Stems(lang) for lang in STEM_FIELDS}


def exact_postings(words: list[str], field_boost: float, encode: Any) -> tuple[list[Posting], int]:
    """Postings with positions of the exact analyzer (folded words plus accented forms), and the length."""
    forms_of = _EXACT.__getitem__
    positions: dict[str, list[int]] = {}
    length = 0
    for pos, forms in enumerate(map(forms_of, words)):
        length += len(forms)
        for form in forms:
            found = positions.get(form)
            if found is None:
                positions[form] = [pos]
            else:
                found.append(pos)
    # Most words occur once in a document: their encoded positions are shared, not rebuilt.
    single = _SINGLE_POSITIONS.get(encode)
    if single is None:
        single = _SINGLE_POSITIONS[encode] = {}
    postings = []
    for form, poses in positions.items():
        if len(poses) == 1:
            pos = poses[0]
            value = single.get(pos)
            if value is None:
                value = single[pos] = encode(poses)
        else:
            value = encode(poses)
        postings.append((form.encode("utf-8"), len(poses), len(poses) * 1.0 * field_boost, value))
    return postings, length


def stem_postings(words: list[str], lang: str, field_boost: float) -> tuple[list[Posting], int]:
    """Frequency postings of the stem analyzer of ``lang`` (stop words dropped), and the length."""
    counts = Counter(map(_STEMS[lang].__getitem__, words))
    counts.pop(None, None)
    postings = [
        (stem.encode("utf-8"), freq, freq * 1.0 * field_boost, _PACKED[freq] if freq < 256 else pack_uint(freq))
        for stem, freq in counts.items()
    ]
    return postings, sum(counts.values())


def document_postings(schema: Any, title: str, full_text: str, lang: str) -> dict[str, tuple[list[Posting], int]]:
    """Field name → (postings, length) of a document's title, exact and stem fields."""
    words = _WORDS(full_text)
    title_field, exact_field = schema[TITLE_FIELD], schema[EXACT_FIELD]
    stem_field = schema[STEM_FIELDS[lang]]
    return {
        TITLE_FIELD: exact_postings(_WORDS(title), title_field.format.field_boost, title_field.format.encode),
        EXACT_FIELD: exact_postings(words, exact_field.format.field_boost, exact_field.format.encode),
        STEM_FIELDS[lang]: stem_postings(words, lang, stem_field.format.field_boost),
    }

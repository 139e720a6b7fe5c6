"""One query's hybrid ranking: its own words, their translation (when Apertium is installed) and the
passage vectors, fused; and how each hit that no word of the query matched was found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from search.semantic import translate
from search.semantic.fusion import (
    ADMIT_SIMILARITY,
    ADMIT_WITHOUT_WORDS,
    MISSING_NOTICE,
    SemanticIndex,
    fused_scores,
)

LexicalScorer = Callable[[str], tuple[dict[int, float], dict[str, frozenset[str]]]]
"""Text → (lexical score per document, highlight terms per document language), as the engine
scores a plain query."""


@dataclass(frozen=True)
class Found:
    """How a hit that no word of the query matched was found."""

    terms: frozenset[str] = frozenset()
    """Words of the translated query that it holds (highlighted in its snippets), or none."""
    passage: tuple[int, int] | None = None
    """Its most similar passage, when no translated word matched either."""


@dataclass
class Hybrid:
    scores: dict[int, float]
    found: dict[int, Found] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def hybrid_scores(words: str, query_lang: str | None, lexical: dict[int, float], score_text: LexicalScorer,
                  doc_langs: list[str | None], allowed_langs: set[str] | None,
                  semantic: SemanticIndex) -> Hybrid:
    """Fuse ``lexical`` (the query's own words) with the translated query and the passage vectors.

    A translation counts for documents in the language translated into; the fused score is
    ``fusion``'s mix of the better lexical score and the passage similarity."""
    combined = dict(lexical)
    translated_terms: dict[str, frozenset[str]] = {}
    target = _other_language(query_lang)
    translating = target is not None and (allowed_langs is None or target in allowed_langs)
    if translating:
        translate.start(query_lang, target)  # the first query: both load at once
    semantic.warm()
    if translating:
        translation = translate.translate(words, query_lang, target)
        if translation:
            scores, highlight = score_text(translation)
            translated_terms = highlight
            for docnum, score in scores.items():
                if doc_langs[docnum] == target and score > combined.get(docnum, 0.0):
                    combined[docnum] = score
    result = Hybrid(combined)
    if semantic.available:
        # When no word (nor translated word) is in the index, only a close passage is a hit: a
        # misspelling or stop words alone get "did you mean", not the nearest passages.
        fused = semantic.fuse(words, combined, doc_langs, query_lang, allowed_langs,
                              admit=ADMIT_SIMILARITY if combined else ADMIT_WITHOUT_WORDS)
        result.scores = fused.scores
        passages = fused.passages
    else:
        result.notices.append(MISSING_NOTICE)
        passages = {}
        if combined != lexical:
            # Translated matches are weighed against the query's own as with vectors: raw, a
            # translation's scores would overtake the query-language documents.
            result.scores = fused_scores(combined, {}, doc_langs, query_lang, allowed_langs)
    for docnum in result.scores:
        if docnum in lexical:
            continue
        if docnum in passages:
            result.found[docnum] = Found(passage=passages[docnum])
        else:
            result.found[docnum] = Found(terms=translated_terms.get(doc_langs[docnum], frozenset()))
    return result


def _other_language(lang: str | None) -> str | None:
    return {"en": "es", "es": "en"}.get(lang or "")

"""Hybrid ranking: lexical scores and passage similarities, each normalised per document language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search.highlight import SNIPPET_CHARS, lead
from search.models import Snippet
from search.semantic import encoder, vectors

CANDIDATES = 100
"""Documents the semantic side adds beside the lexical matches, most similar first."""
SIMILARITY_FLOOR = 0.3
"""Passage similarity below which a document is no semantic match (unrelated text scores about
0.0-0.2 with this encoder, a passage on the query's subject 0.4 and more, across languages too)."""
LEXICAL_WEIGHT = 0.5
SEMANTIC_WEIGHT = 0.5
OTHER_LANGUAGE_FACTOR = 0.9
"""Without a language filter, a document in the query's language stays ahead of its translation."""
MISSING_NOTICE = ("this index has no semantic vectors, so results are lexical only (no matches across "
                  "languages); add them by running the index command again")


@dataclass(frozen=True)
class Fused:
    """Fused scores of every candidate, and the best passage of each document without a word match."""

    scores: dict[int, float]
    passages: dict[int, tuple[int, int]]
    """Document number → (start, end) of its most similar passage, for documents only the semantic
    side found."""


class SemanticIndex:
    """The vectors of one generation, loaded on first use; the encoder loads only when they exist."""

    def __init__(self, gen_path: Path) -> None:
        self.gen_path = gen_path
        self.available = vectors.exists(gen_path)
        self._loaded = False
        self._matrix: np.ndarray | None = None
        self._firsts: np.ndarray | None = None  # first row of each document's passages
        self._docs: np.ndarray | None = None  # document number of each group
        self._starts: np.ndarray | None = None
        self._ends: np.ndarray | None = None

    def _load(self) -> bool:
        if not self._loaded:
            self._loaded = True
            table = vectors.read(self.gen_path) if self.available else None
            if table is None or not len(table):
                self.available = table is not None
                return False
            self._matrix = np.ascontiguousarray(table.vectors, dtype=np.float32)
            self._docs, self._firsts = np.unique(table.docnums, return_index=True)
            self._starts, self._ends = table.starts, table.ends
        return self._matrix is not None

    def fuse(self, text: str, lexical: dict[int, float], doc_langs: list[str | None],
             query_lang: str | None, allowed_langs: set[str] | None) -> Fused:
        """Rank the lexical matches and the documents most similar to ``text`` together."""
        if not self._load() or not text.strip():
            return Fused(dict(lexical), {})
        query = encoder.encode([text])[0]
        row_sims = self._matrix @ query
        doc_sims = np.maximum.reduceat(row_sims, self._firsts)
        eligible = doc_sims >= SIMILARITY_FLOOR
        if allowed_langs is not None:
            eligible &= np.fromiter((doc_langs[d] in allowed_langs for d in self._docs.tolist()),
                                    dtype=bool, count=len(self._docs))
        picked = np.flatnonzero(eligible)
        if len(picked) > CANDIDATES:
            picked = picked[np.argpartition(-doc_sims[picked], CANDIDATES - 1)[:CANDIDATES]]
        group_of = dict(zip(self._docs.tolist(), range(len(self._docs))))
        semantic = {int(self._docs[g]): float(doc_sims[g]) for g in picked.tolist()}
        for docnum in lexical:
            group = group_of.get(docnum)
            if group is not None and doc_sims[group] >= SIMILARITY_FLOOR:
                semantic.setdefault(docnum, float(doc_sims[group]))
        scores = _fused_scores(lexical, semantic, doc_langs, query_lang)
        found_by_meaning = {d: self._best_passage(group_of[d], row_sims) for d in semantic if d not in lexical}
        return Fused(scores, found_by_meaning)

    def _best_passage(self, group: int, row_sims: np.ndarray) -> tuple[int, int]:
        first = int(self._firsts[group])
        last = int(self._firsts[group + 1]) if group + 1 < len(self._firsts) else len(row_sims)
        row = first + int(np.argmax(row_sims[first:last]))
        return int(self._starts[row]), int(self._ends[row])


def _fused_scores(lexical: dict[int, float], semantic: dict[int, float], doc_langs: list[str | None],
                  query_lang: str | None) -> dict[int, float]:
    """Each side divided by its best score among the documents of the same language (score
    interleaving: neither language's scale drowns the other's), then mixed."""
    lex_best: dict[str | None, float] = {}
    for docnum, score in lexical.items():
        lang = doc_langs[docnum]
        lex_best[lang] = max(lex_best.get(lang, 0.0), score)
    sem_best: dict[str | None, float] = {}
    for docnum, sim in semantic.items():
        lang = doc_langs[docnum]
        sem_best[lang] = max(sem_best.get(lang, 0.0), sim)
    fused: dict[int, float] = {}
    for docnum in lexical.keys() | semantic.keys():
        lang = doc_langs[docnum]
        lex = lexical.get(docnum, 0.0)
        lex_part = lex / lex_best[lang] if lex and lex_best.get(lang) else 0.0
        sim = semantic.get(docnum)
        sem_part = 0.0
        if sim is not None and sem_best[lang] > SIMILARITY_FLOOR:
            sem_part = (sim - SIMILARITY_FLOOR) / (sem_best[lang] - SIMILARITY_FLOOR)
        score = LEXICAL_WEIGHT * lex_part + SEMANTIC_WEIGHT * sem_part
        if query_lang is not None and lang != query_lang:
            score *= OTHER_LANGUAGE_FACTOR
        fused[docnum] = score
    return fused


def passage_snippet(body: str, passage: tuple[int, int], count: int) -> list[Snippet]:
    """The snippet of a hit found by meaning: the opening of its most similar passage."""
    if count <= 0:
        return []
    start, end = passage
    cut = lead(body[start:end], SNIPPET_CHARS)
    return [Snippet(text=cut.text, spans=[], start=start)]

"""Hybrid ranking: lexical scores and passage similarities, each normalised per document language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from search.highlight import SNIPPET_CHARS, lead
from search.models import Snippet
from search.semantic import encoder, vectors

if TYPE_CHECKING:  # numpy loads on first use: a query on an index without vectors never pays for it
    import numpy as np

CANDIDATES = 100
"""Documents the semantic side adds beside the lexical matches, most similar first."""
SIMILARITY_FLOOR = 0.1
"""Similarities are scaled from here: below it a passage counts as unrelated. (Over XQuAD, a
question and a random paragraph score 0.05 at the median; its judged paragraph 0.2 or more in
nine cases of ten, across languages too.)"""
ADMIT_SIMILARITY = 0.15
"""A document that no word of the query matched becomes a hit only from this similarity on: the
best passage for a query about nothing in the index ("xyzzy", "the weather") stays below it."""
ADMIT_WITHOUT_WORDS = 0.3
"""The same when no word of the query is in the index at all: a misspelling ("Salvdaor") or stop
words alone reach 0.15 against some passage, an English word against the Spanish passage on its
subject 0.35 or more."""
LEXICAL_WEIGHT = {"same": 0.7, "other": 0.5, "unknown": 0.6}
"""Share of the lexical side in a document's score (the rest is the semantic side's), by the
document's language against the query's: words are the stronger evidence within a language, the
passage vectors across languages."""
OTHER_LANGUAGE_FACTOR = 0.7
"""Without a language filter, a document in the query's language stays ahead of its translation
(0.9 let the Spanish twin overtake the English paragraph for English questions: en→en fell below
the lexical ranking's)."""
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
        self._group_of: dict[int, int] = {}
        self._langs: tuple[list[str | None], np.ndarray] | None = None  # (column, language per group)

    def _load(self) -> bool:
        import numpy as np
        if not self._loaded:
            self._loaded = True
            table = vectors.read(self.gen_path) if self.available else None
            if table is None or not len(table):
                self.available = table is not None
                return False
            self._matrix = np.ascontiguousarray(table.vectors, dtype=np.float32)
            self._docs, self._firsts = np.unique(table.docnums, return_index=True)
            self._starts, self._ends = table.starts, table.ends
            self._group_of = dict(zip(self._docs.tolist(), range(len(self._docs))))
        return self._matrix is not None

    def warm(self) -> None:
        """Load the vectors and the encoder, if the generation has vectors."""
        if self._load():
            encoder.load()

    def fuse(self, text: str, lexical: dict[int, float], doc_langs: list[str | None],
             query_lang: str | None, allowed_langs: set[str] | None,
             admit: float = ADMIT_SIMILARITY) -> Fused:
        """Rank the lexical matches and the documents most similar to ``text`` together (those
        without a lexical match from similarity ``admit`` on)."""
        import numpy as np
        if not self._load() or not text.strip():
            return Fused(dict(lexical), {})
        query = encoder.encode([text])[0]
        row_sims = self._matrix @ query
        doc_sims = np.maximum.reduceat(row_sims, self._firsts)
        eligible = doc_sims >= admit
        if allowed_langs is not None:
            eligible &= np.isin(self._group_langs(doc_langs), sorted(allowed_langs))
        picked = np.flatnonzero(eligible)
        if len(picked) > CANDIDATES:
            picked = picked[np.argpartition(-doc_sims[picked], CANDIDATES - 1)[:CANDIDATES]]
        group_of = self._group_of
        semantic = {int(self._docs[g]): float(doc_sims[g]) for g in picked.tolist()}
        for docnum in lexical:
            group = group_of.get(docnum)
            if group is not None:
                semantic.setdefault(docnum, float(doc_sims[group]))
        scores = fused_scores(lexical, semantic, doc_langs, query_lang, allowed_langs)
        found_by_meaning = {d: self._best_passage(group_of[d], row_sims) for d in semantic if d not in lexical}
        # (``lexical`` here includes translated matches: those get word snippets, not a passage.)
        return Fused(scores, found_by_meaning)

    def _group_langs(self, doc_langs: list[str | None]) -> np.ndarray:
        """The language of each document group (the engine's column is one list per generation)."""
        import numpy as np
        if self._langs is None or self._langs[0] is not doc_langs:
            self._langs = (doc_langs, np.array([doc_langs[d] or "" for d in self._docs.tolist()]))
        return self._langs[1]

    def _best_passage(self, group: int, row_sims: np.ndarray) -> tuple[int, int]:
        import numpy as np
        first = int(self._firsts[group])
        last = int(self._firsts[group + 1]) if group + 1 < len(self._firsts) else len(row_sims)
        row = first + int(np.argmax(row_sims[first:last]))
        return int(self._starts[row]), int(self._ends[row])


def fused_scores(lexical: dict[int, float], semantic: dict[int, float], doc_langs: list[str | None],
                  query_lang: str | None, allowed_langs: set[str] | None) -> dict[int, float]:
    """Both sides scaled to [0, 1], then mixed. Lexical scores are divided by the best among the
    documents the filters let through: the lexical ranking already weighs the query's language
    against the other. Similarities are scaled per document language (score interleaving), since
    across languages they run lower: the best Spanish passage for an English query is a full
    semantic match, not a weak one."""
    lex_best = max((score for docnum, score in lexical.items()
                    if allowed_langs is None or doc_langs[docnum] in allowed_langs), default=0.0)
    sem_best: dict[str | None, float] = {}
    for docnum, sim in semantic.items():
        lang = doc_langs[docnum]
        sem_best[lang] = max(sem_best.get(lang, 0.0), sim)
    fused: dict[int, float] = {}
    for docnum in lexical.keys() | semantic.keys():
        lang = doc_langs[docnum]
        lex_part = lexical.get(docnum, 0.0) / lex_best if lex_best > 0 else 0.0
        sim = semantic.get(docnum)
        sem_part = 0.0
        if sim is not None and sim > SIMILARITY_FLOOR:
            sem_part = (sim - SIMILARITY_FLOOR) / (sem_best[lang] - SIMILARITY_FLOOR)
        relation = "unknown" if query_lang is None else "same" if lang == query_lang else "other"
        weight = LEXICAL_WEIGHT[relation]
        score = weight * lex_part + (1 - weight) * sem_part
        if relation == "other":
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

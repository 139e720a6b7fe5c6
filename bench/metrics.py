"""Rank metrics at a cutoff for queries with one judged document: MRR, Recall and nDCG."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CUTOFF = 10


def first_relevant_rank(ranking: Sequence[str], relevant: Iterable[str], cutoff: int = CUTOFF) -> int | None:
    """1-based rank of the first relevant id within the cutoff, or None.

    With several relevant ids (the "either language" set) they are versions of one paragraph:
    the query is answered by whichever version ranks first.
    """
    wanted = set(relevant)
    for rank, doc_id in enumerate(ranking[:cutoff], 1):
        if doc_id in wanted:
            return rank
    return None


def reciprocal_rank(rank: int | None) -> float:
    return 0.0 if rank is None else 1.0 / rank


def recall(rank: int | None) -> float:
    """One judged document: recall@k is 1 when it is in the top k, else 0."""
    return 0.0 if rank is None else 1.0


def ndcg(rank: int | None) -> float:
    """One judged document of gain 1: the ideal DCG is 1, so nDCG@k = 1 / log2(rank + 1)."""
    return 0.0 if rank is None else 1.0 / math.log2(rank + 1)


@dataclass(frozen=True)
class Scores:
    queries: int
    mrr: float
    recall: float
    ndcg: float


def score(rankings: Sequence[Sequence[str]], relevant: Sequence[Iterable[str]], cutoff: int = CUTOFF) -> Scores:
    """Mean MRR@k, Recall@k and nDCG@k over queries (rankings[i] judged against relevant[i])."""
    if len(rankings) != len(relevant):
        raise ValueError(f"{len(rankings)} rankings but {len(relevant)} judgments")
    if not rankings:
        return Scores(0, 0.0, 0.0, 0.0)
    ranks = [first_relevant_rank(ranking, wanted, cutoff) for ranking, wanted in zip(rankings, relevant)]
    count = len(ranks)
    return Scores(
        queries=count,
        mrr=sum(map(reciprocal_rank, ranks)) / count,
        recall=sum(map(recall, ranks)) / count,
        ndcg=sum(map(ndcg, ranks)) / count,
    )

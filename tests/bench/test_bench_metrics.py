"""MRR@10, Recall@10 and nDCG@10 on hand-made rankings with one judged document per query."""

from __future__ import annotations

import math

import pytest

from bench.metrics import first_relevant_rank, score


def test_first_place_scores_one_everywhere():
    result = score([["a", "b", "c"]], [["a"]])
    assert (result.mrr, result.recall, result.ndcg) == (1.0, 1.0, 1.0)


def test_third_place():
    result = score([["x", "y", "a"]], [["a"]])
    assert result.mrr == pytest.approx(1 / 3)
    assert result.recall == 1.0
    assert result.ndcg == pytest.approx(1 / math.log2(4))


def test_missing_or_below_the_cutoff_scores_zero():
    below = [f"d{i}" for i in range(10)] + ["a"]
    result = score([["x", "y"], below], [["a"], ["a"]])
    assert (result.mrr, result.recall, result.ndcg) == (0.0, 0.0, 0.0)


def test_tenth_place_still_counts():
    ranking = [f"d{i}" for i in range(9)] + ["a"]
    result = score([ranking], [["a"]])
    assert result.mrr == pytest.approx(0.1)
    assert result.recall == 1.0


def test_either_version_counts_at_the_first_one_ranked():
    ranking = ["p#1@es", "x", "p#1@en"]
    assert first_relevant_rank(ranking, ["p#1@en", "p#1@es"]) == 1
    assert first_relevant_rank(ranking, ["p#1@en"]) == 3


def test_means_over_queries():
    result = score([["a"], ["x", "b"], ["x"]], [["a"], ["b"], ["c"]])
    assert result.queries == 3
    assert result.mrr == pytest.approx((1 + 0.5 + 0) / 3)
    assert result.recall == pytest.approx(2 / 3)
    assert result.ndcg == pytest.approx((1 + 1 / math.log2(3)) / 3)


def test_rankings_and_judgments_must_pair_up():
    with pytest.raises(ValueError, match="2 rankings but 1 judgments"):
        score([["a"], ["b"]], [["a"]])

"""Neighbours joined to a query tree: which count, and on what scale they score."""

from __future__ import annotations

import pytest

from search.query import tree as t
from search.semantic import match

NEAR = [("x", 0.6), ("y", 0.35), ("z", 0.2), ("w", -0.1)]


def test_similar_enough_neighbours_are_matches_of_their_own_and_lexical_ones_count_at_any_similarity():
    assert match.neighbours(NEAR, {"z": 0.2, "w": -0.1}) == [("x", 0.6), ("y", 0.35), ("z", 0.2)]
    assert match.neighbours(NEAR, {}) == [("x", 0.6), ("y", 0.35)]


def test_every_lexical_match_of_the_window_counts_its_similarity_also_far_from_the_nearest():
    assert match.neighbours(NEAR, {"v": 0.12, "u": 0.0}) == [("x", 0.6), ("y", 0.35), ("v", 0.12)]
    assert match.neighbours([], {"v": 0.12}) == [("v", 0.12)]


def test_the_most_similar_neighbour_is_worth_its_share_of_the_best_lexical_score():
    words = t.Term("text", "wheat")
    joined = match.with_neighbours(words, [("x", 0.6), ("y", 0.3)], best_lexical=10.0)
    assert isinstance(joined, t.Or) and joined.items[0] == words
    scores = {term.text: term.boost for term in joined.items[1].items}
    ratio = match.SHARE / (1 - match.SHARE)
    assert scores["x"] == pytest.approx(10.0 * ratio) and scores["y"] == pytest.approx(5.0 * ratio)
    assert all(term.field == "id" for term in joined.items[1].items)


def test_without_lexical_matches_the_neighbours_score_their_normalised_similarity():
    joined = match.with_neighbours(t.Nothing(), [("x", 0.5), ("y", 0.25)], best_lexical=0.0)
    assert {term.text: term.boost for term in joined.items} == {"x": 1.0, "y": 0.5}
    assert match.with_neighbours(t.Nothing(), [], 0.0) == t.Nothing()


def test_query_vectors_are_remembered_by_their_words():
    match._cache.clear()
    first = match.query_vector("wheat  harvest")
    assert match.query_vector(" wheat harvest ") is first
    assert len(match._cache) == 1

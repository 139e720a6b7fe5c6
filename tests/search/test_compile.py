"""Analysed trees compiled to Whoosh: the same query objects the one-pass scorer recognises."""

from __future__ import annotations

from datetime import datetime

import pytest
from whoosh import query as wq

from search.backends.whoosh.compile import compile_tree
from search.backends.whoosh.ranking import flat_terms
from search.query import tree as t


def test_a_plain_disjunction_compiles_flat_with_its_boosts_multiplied() -> None:
    words = t.Or((t.Or((t.Term("text", "a", 0.6), t.Term("stem_en", "a")), 2.0), t.Nothing(),
                  t.Or((t.Term("text", "b", 0.6),))))
    q = compile_tree(words)
    assert flat_terms(q) == [("text", "a", 1.2), ("stem_en", "a", 2.0), ("text", "b", 0.6)]
    assert [(term.field, term.text, term.boost) for term in t.flat_terms(words)] == flat_terms(q)


def test_each_node_compiles_to_its_whoosh_query() -> None:
    day = datetime(2024, 1, 1)
    tree = t.AndNot(
        t.AndMaybe(t.And((t.Phrase("text", ("a", "b"), slop=2), t.DateRange("date", day, None))),
                   t.Term("root_es", "r")),
        t.Or((t.Not(t.Term("lang", "es")), t.Every("lang"))),
    )
    assert compile_tree(tree) == wq.AndNot(
        wq.AndMaybe(wq.And([wq.Phrase("text", ["a", "b"], slop=2), wq.DateRange("date", day, None)]),
                    wq.Term("root_es", "r")),
        wq.Or([wq.Not(wq.Term("lang", "es")), wq.Every("lang")]),
    )
    assert compile_tree(t.Or((t.Nothing(),))) is wq.NullQuery
    assert compile_tree(t.Every()) == wq.Every()


def test_a_pattern_left_in_the_tree_is_a_bug_not_a_silent_miss() -> None:
    with pytest.raises(TypeError, match="not an analysed query node"):
        compile_tree(t.Prefix("text", "mex"))

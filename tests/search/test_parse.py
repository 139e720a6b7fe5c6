"""The query parser: the documented syntax becomes the tree it means; no input makes it raise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.query.parse import parse
from search.query.tree import (
    And, AndMaybe, AndNot, Every, Fuzzy, Not, Nothing, Or, Phrase, Prefix, Range, Term, Wildcard,
)


def text(word: str, boost: float = 1.0) -> Term:
    return Term("text", word, boost)


@pytest.mark.parametrize(("query", "tree"), [
    ("chile", text("chile")),
    ("Chile elecciones", Or((text("chile"), text("elecciones")))),
    ("U.S.-Mexico", Or((text("u.s"), text("mexico")))),
    ('"Mexico City"~3', Phrase("text", ("mexico", "city"), slop=3)),
    ('"unclosed quote', Or((text("unclosed"), text("quote")))),
    ("a AND b c", Or((And((text("a"), text("b"))), text("c")))),
    ("a OR b AND c", Or((text("a"), And((text("b"), text("c")))))),
    ("a NOT b", Or((text("a"), Not(text("b"))))),
    ("a AND NOT b", And((text("a"), Not(text("b"))))),
    ("NOT NOT a", text("a")),
    ("NOT (NOT a)", text("a")),
    ("+a b -c", AndNot(AndMaybe(text("a"), text("b")), text("c"))),
    ("MS-13 U.S.-made", Or((text("ms"), text("13"), text("u.s"), text("made")))),
    ("-a", Nothing()),
    ("title:(a b)", Or((Term("title", "a"), Term("title", "b")))),
    ("headline:Trump", Term("title", "trump")),
    ('source:"El Pais"', Term("source", "El Pais")),
    ("language:ES", Term("lang", "ES")),
    ("foo:bar", Or((text("foo"), text("bar")))),
    ("mex*", Prefix("text", "mex")),
    ("wom?n *ab", Or((Wildcard("text", "wom?n"), Wildcard("text", "*ab")))),
    ("mexico~ mexico~2/3", Or((Fuzzy("text", "mexico", 1, 0), Fuzzy("text", "mexico", 2, 3)))),
    ("[mexico TO]", Range("text", "mexico", None)),
    ("title:{a TO z]", Range("title", "a", "z", True, False)),
    ("date:[2023 TO 2024-06]", Range("date", "2023", "2024-06")),
    ("date:2023", Term("date", "2023")),
    ("trump^2", text("trump", 2.0)),
    ("*", Every("text")),
    ("((a) b", Or((text("a"), text("b")))),
    ("a) AND", text("a")),
    ("¿Quien? Rin?", Or((text("quien"), text("rin")))),
    ("", Nothing()),
])
def test_the_syntax_becomes_the_tree_it_means(query: str, tree) -> None:
    assert parse(query) == tree


def test_parentheses_past_the_depth_limit_are_punctuation() -> None:
    deep = "(" * 5000 + "x" + ")" * 5000 + " y"
    assert parse(deep) == Or((text("x"), text("y")))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "()[]{}+-*?~^:TOANDNOR\\/é¿\u0301\ud800')) | st.characters(),
               max_size=60))
def test_no_input_makes_the_parser_raise(query: str) -> None:
    parse(query)

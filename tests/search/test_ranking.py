"""Term-by-term scoring gives Whoosh's own scores and match sets, including over deleted documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import query as wq

import search
from search.query import prepare
from search.ranking import TermScorer, flat_terms, top

QUESTIONS = [
    "How many people were deported from Mexico?",
    "¿Cuántas personas deportó México?",
    "trump",
    "El Salvador safe third country agreement",
    "no such wordzzz",
]


def whoosh_scores(searcher, q: wq.Query) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(q, limit=None, terms=False)}


def assert_same_as_whoosh(engine) -> None:
    searcher = engine._searcher
    scorer = TermScorer(searcher)
    for question in QUESTIONS:
        q = prepare(question, searcher.reader()).query
        if q is wq.NullQuery:
            continue
        ours = scorer.scores(q)
        assert ours is not None, question
        theirs = whoosh_scores(searcher, q)
        assert ours.keys() == theirs.keys(), question
        for docnum, score in theirs.items():
            assert ours[docnum] == pytest.approx(score, rel=1e-12), question


def test_flat_terms_accepts_only_plain_disjunctions_of_terms():
    a, b = wq.Term("text", "a", boost=0.5), wq.Term("stem_en", "b")
    assert flat_terms(a) == [("text", "a", 0.5)]
    assert flat_terms(wq.Or([a, b])) == [("text", "a", 0.5), ("stem_en", "b", 1.0)]
    assert flat_terms(wq.Or([a, b], scale=0.9)) is None
    assert flat_terms(wq.Or([a, wq.Phrase("text", ["a", "b"])])) is None
    assert flat_terms(wq.And([a, b])) is None
    assert flat_terms(wq.NullQuery) is None


def test_scores_and_matches_equal_whoosh(seed_engine):
    assert_same_as_whoosh(seed_engine)


def test_updated_documents_are_not_scored_twice(seeds_copy: Path, tmp_path: Path):
    index = tmp_path / "index"
    search.build_index(seeds_copy, index)
    for path in seeds_copy.iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace("Trump", "Trump Trump"), encoding="utf-8")
        break
    search.build_index(seeds_copy, index)
    with search.open_index(index) as engine:
        assert_same_as_whoosh(engine)
        assert len({h.id for h in engine.search("trump", limit=50).hits}) == engine.search("trump").total


def test_top_orders_by_score_then_lower_document_number():
    scores = {5: 1.0, 3: 2.0, 9: 2.0, 1: 0.5}
    assert top(scores, list(scores), 3) == [3, 9, 5]

"""Term-by-term scoring gives Whoosh's own scores and match sets, including over deleted documents."""

from __future__ import annotations

import heapq
import random
import sys
from pathlib import Path

import pytest
from whoosh import query as wq

import search
from corpus_data import write_filler
from search.backends.whoosh.compile import compile_tree
from search.query import tree as t
from search.query.prepare import prepare
from search.backends.whoosh import ranking
from search.backends.whoosh.ranking import _ENTRY_COST, TermScorer, flat_terms, top

QUESTIONS = [
    "How many people were deported from Mexico?",
    "¿Cuántas personas deportó México?",
    "trump",
    "El Salvador safe third country agreement",
    "no such wordzzz",
]


@pytest.fixture(autouse=True, params=["lists", "arrays"])
def scoring_mode(request, monkeypatch) -> str:
    """Every test scores both ways: in a dictionary (small queries) and in numpy arrays over every
    document (large ones), which must give the same floats."""
    monkeypatch.setattr(ranking, "DENSE_MIN_POSTINGS", 0 if request.param == "arrays" else sys.maxsize)
    return request.param


def whoosh_scores(searcher, q: wq.Query) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(q, limit=None, terms=False)}


def term_order_scores(searcher, q: wq.Query) -> dict[int, float]:
    """Whoosh's own score of each posting, times the term's boost, summed per document in the
    query's term order: the exact floats ``TermScorer`` must give. An ``AndMaybe`` (the roots of a
    Spanish query's words) adds its second part's total to the documents of its first."""
    if type(q) is wq.AndMaybe:
        totals = term_order_scores(searcher, q.a)
        for docnum, score in term_order_scores(searcher, q.b).items():
            if docnum in totals:
                totals[docnum] = totals[docnum] + score
        return totals
    totals: dict[int, float] = {}
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        for fieldname, text, boost in flat_terms(q):
            btext = subsearcher.schema[fieldname].to_bytes(text)
            if (fieldname, btext) not in reader:
                continue
            scorer = subsearcher.weighting.scorer(subsearcher, fieldname, btext)
            matcher = reader.postings(fieldname, btext, scorer=scorer)
            while matcher.is_active():
                score = matcher.score()
                if boost != 1.0:
                    score *= boost
                docnum = matcher.id() + offset
                totals[docnum] = totals.get(docnum, 0.0) + score
                matcher.next()
    return totals


def assert_same_as_whoosh(engine) -> None:
    searcher = engine._reader._searcher
    scorer = TermScorer(searcher)
    for question in QUESTIONS:
        q = compile_tree(prepare(question, engine._reader).tree)
        if q is wq.NullQuery:
            continue
        ours = scorer.scores(q)
        assert ours is not None, question
        theirs = whoosh_scores(searcher, q)
        assert ours.keys() == theirs.keys(), question
        for docnum, score in theirs.items():
            assert ours[docnum] == pytest.approx(score, rel=1e-12), question
        assert ours == term_order_scores(searcher, q), question


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


@pytest.mark.parametrize("max_cached_postings", [1_000_000, 40, 0])
def test_remembered_terms_give_the_same_floats_as_fresh_ones(seeds_copy: Path, tmp_path: Path,
                                                             max_cached_postings: int):
    index = tmp_path / "index"
    write_filler(seeds_copy)
    search.build_index(seeds_copy, index)
    first = next(p for p in seeds_copy.iterdir() if p.name.endswith("-en-es.txt"))
    first.write_text(first.read_text(encoding="utf-8").replace("Trump", "Trump Trump"), encoding="utf-8")
    search.build_index(seeds_copy, index)  # two segments, deleted documents in the first
    typed = [q[:n] for q in QUESTIONS for n in range(1, len(q) + 1, 2)]
    with search.open_index(index) as engine:
        searcher = engine._reader._searcher
        assert len(list(searcher.leaf_searchers())) == 2 and searcher.reader().has_deletions()
        scorer = TermScorer(searcher, max_cached_postings=max_cached_postings)
        for text in typed + typed[::-1]:
            q = compile_tree(prepare(text, engine._reader).tree)
            if q is wq.NullQuery:
                continue
            assert scorer.scores(q) == term_order_scores(searcher, q), text
        remembered = scorer._cache.values()
        assert scorer._cached == sum(len(docnums) + _ENTRY_COST for docnums, _ in remembered) <= max_cached_postings


def test_top_is_the_sorted_prefix_whoosh_would_give():
    rng = random.Random(7)
    for _ in range(200):
        scores = {d: float(rng.randint(0, 4)) for d in rng.sample(range(500), rng.randint(0, 40))}
        docnums = [d for d in scores if rng.random() < 0.8]
        for count in (0, 1, 3, 10, 100):
            expected = heapq.nlargest(count, docnums, key=lambda d: (scores[d], -d))
            assert top(scores, docnums, count) == expected


def test_terms_of_an_unscored_field_score_their_boost_in_one_pass_as_in_whoosh(seed_engine):
    """The semantic layer's neighbours are ``id`` terms with a boost: still one pass over the postings."""
    searcher = seed_engine._reader._searcher
    ids = [searcher.stored_fields(docnum)["id"] for docnum in range(3)]
    q = wq.Or([wq.Term("stem_en", "deport"), *(wq.Term("id", doc_id, boost=0.25 * (n + 1)) for n, doc_id in enumerate(ids))])
    ours = TermScorer(searcher).scores(q)
    assert ours is not None
    theirs = whoosh_scores(searcher, q)
    assert ours.keys() == theirs.keys()
    for docnum, score in theirs.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-12)
    assert ours == term_order_scores(searcher, q)


def test_a_query_or_its_spanish_translation_is_scored_in_one_pass_as_in_whoosh(seed_engine):
    """An Or of terms and AndMaybe parts (a Spanish tree's optional roots): one pass, Whoosh's scores."""
    reader = seed_engine._reader
    searcher = reader._searcher
    english = prepare("deportation flights", reader).tree
    spanish = prepare("vuelos de deportación", reader).tree
    q = compile_tree(t.Or((english, spanish)))
    assert type(q) is wq.Or and any(type(sub) is wq.AndMaybe for sub in q.subqueries)
    ours = TermScorer(searcher).scores(q)
    assert ours is not None
    theirs = whoosh_scores(searcher, q)
    assert ours.keys() == theirs.keys() and theirs
    for docnum, score in theirs.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-9)


def test_a_mixed_query_over_its_budget_keeps_its_rarest_terms(seed_engine):
    reader = seed_engine._reader
    searcher = reader._searcher
    q = compile_tree(t.Or((prepare("trump deportation", reader).tree, prepare("vuelos de deportación", reader).tree)))
    scorer = TermScorer(searcher)
    everything, none_dropped = scorer.scores_within(q, None)
    kept, dropped = scorer.scores_within(q, 5)
    assert none_dropped == 0 and dropped > 0
    assert set(kept) <= set(everything) and len(kept) < len(everything)
    # the same as Whoosh answering the query without the terms the budget left out
    terms = [term for sub in q.subqueries for term in (
        flat_terms(sub) if type(sub) is not wq.AndMaybe else flat_terms(sub.a) + flat_terms(sub.b))]
    sizes = {(f, text): searcher.reader().doc_frequency(f, text) for f, text, _b in terms}
    from search.backends.terms import left_out
    gone = left_out(sizes, 5)
    parts = []
    for sub in q.subqueries:
        if type(sub) is wq.AndMaybe:
            a = [wq.Term(f, x, boost=b) for f, x, b in flat_terms(sub.a) if (f, x) not in gone]
            b = [wq.Term(f, x, boost=w) for f, x, w in flat_terms(sub.b) if (f, x) not in gone]
            if a:
                parts.append(wq.AndMaybe(wq.Or(a), wq.Or(b)) if b else wq.Or(a))
        elif (sub.fieldname, sub.text) not in gone:
            parts.append(sub)
    theirs = whoosh_scores(searcher, wq.Or(parts))
    assert kept.keys() == theirs.keys()
    for docnum, score in theirs.items():
        assert kept[docnum] == pytest.approx(score, rel=1e-9)


def test_a_term_s_document_frequency_is_looked_up_once_per_searcher_and_never_for_an_id(seed_engine, monkeypatch):
    reader = seed_engine._reader
    searcher = reader._searcher
    words = prepare("trump deportation", reader).tree
    ids = t.Or((t.Term("id", "trump-mexico-el-salvador-deportations-en-es.txt#en", 2.0),
                t.Term("id", "no-such-document#es", 1.0)))
    q = compile_tree(t.Or((words, ids)))
    asked = []
    whoosh_reader = searcher.reader()
    counted = whoosh_reader.doc_frequency
    monkeypatch.setattr(whoosh_reader, "doc_frequency", lambda f, text: asked.append((f, text)) or counted(f, text))
    scorer = TermScorer(searcher)
    first = scorer.scores_within(q, 10_000)
    looked_up = list(asked)
    assert looked_up and all(field != "id" for field, _text in looked_up)
    assert len(set(looked_up)) == len(looked_up)
    assert scorer.scores_within(q, 10_000) == first and asked == looked_up  # the second search: none


def test_large_queries_are_added_up_in_arrays_and_small_ones_in_a_dictionary(seed_engine, monkeypatch, scoring_mode):
    """The threshold decides: a query of more postings than DENSE_MIN_POSTINGS is scored term by
    term over every segment at once (remembered under no segment), a smaller one segment by segment."""
    searcher = seed_engine._reader._searcher
    q = compile_tree(prepare("How many people were deported from Mexico?", seed_engine._reader).tree)
    scorer = TermScorer(searcher)
    scores = scorer.scores_within(q, 10_000)[0]
    assert scores == term_order_scores(searcher, q)
    whole = {key for key in scorer._cache if key[0] == -1}
    assert bool(whole) == (scoring_mode == "arrays")


def test_an_and_maybe_adds_its_second_part_only_where_its_first_matched(seed_engine):
    searcher = seed_engine._reader._searcher
    q = wq.AndMaybe(wq.Or([wq.Term("stem_en", "deport")]), wq.Or([wq.Term("stem_en", "trump"), wq.Term("text", "mexico")]))
    alone = TermScorer(searcher).scores(wq.Or([wq.Term("stem_en", "trump"), wq.Term("text", "mexico")]))
    ours = TermScorer(searcher).scores(q)
    assert set(alone) - set(ours), "the second part matches documents the first does not"
    assert ours == term_order_scores(searcher, q)
    assert ours.keys() == whoosh_scores(searcher, q).keys()


def test_a_changed_whoosh_internal_leaves_the_query_to_whoosh_in_either_mode(seed_engine, monkeypatch):
    """A private name of Whoosh's missing: None (the reader then asks Whoosh's own search), never half scores."""
    searcher = seed_engine._reader._searcher
    q = compile_tree(prepare("How many people were deported from Mexico?", seed_engine._reader).tree)

    def gone(*_args):
        raise AttributeError("_read_data")

    monkeypatch.setattr(TermScorer, "_postings", gone)
    assert TermScorer(searcher).scores_within(q, 10_000) is None
    with search.open_index(seed_engine._reader._generation.path.parent) as engine:
        assert engine.search("deported from Mexico").total > 0

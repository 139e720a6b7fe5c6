"""The one-pass fragmenter yields what Whoosh's ContextFragmenter yields over the highlight analyzer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.highlight import ContextFragmenter

from search.highlight import fragments
from search.analysis import HIGHLIGHT_STEM_MARK, highlight_analyzer, stem
from search.highlight.fragments import context_fragments, matches

TERMS = frozenset({"mexico", "deportacion", HIGHLIGHT_STEM_MARK + stem("deportaciones", "es"), "trump"})
WORDS = ["México", "deportaciones", "Deportación", "trump", "el", "gobierno", "de", "la", "U.S", "año", "x" * 40]
SEPARATORS = [" ", ", ", ". ", " " * 90, "-", "\n\n", " … ", ".", "'", "’"]


def whoosh_marked(text: str, lang: str, terms: frozenset[str]):
    for token in highlight_analyzer(lang)(text, chars=True, mode="query"):
        token.matched = token.text in terms or token.stem_form in terms
        yield token


def shape(fragments) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    return [(f.startchar, f.endchar, [(m.text, m.startchar, m.endchar) for m in f.matches]) for f in fragments]


texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=120).map(
    lambda pairs: "".join(word + sep for word, sep in pairs)
)


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from([(220, 70, 200_000), (40, 10, 300), (200, 20, 0)]))
def test_fragments_equal_whoosh_context_fragmenter(text, limits):
    maxchars, surround, charlimit = limits
    expected = ContextFragmenter(maxchars=maxchars, surround=surround, charlimit=charlimit).fragment_tokens(
        text, whoosh_marked(text, "es", TERMS)
    )
    assert shape(context_fragments(text, "es", TERMS, maxchars, surround, charlimit)) == shape(expected)


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(min_value=1, max_value=400), st.integers(min_value=0, max_value=8))
def test_a_word_across_the_char_limit_cuts_where_whoosh_cuts(text, charlimit, margin):
    """Only the start of a long text is split; the word that crosses the limit is read whole."""
    expected = ContextFragmenter(maxchars=60, surround=15, charlimit=charlimit).fragment_tokens(
        text, whoosh_marked(text, "es", TERMS)
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fragments, "_SPLIT_MARGIN", margin)
        patch.setattr(fragments, "_RECENT", {})
        assert shape(context_fragments(text, "es", TERMS, 60, 15, charlimit)) == shape(expected)


def test_a_text_seen_again_gives_the_same_fragments_for_other_terms():
    text = "México y las deportaciones. " * 30 + "Trump habló de México."
    first = shape(context_fragments(text, "es", TERMS, 80, 20, 0))
    again = shape(context_fragments(text, "es", TERMS, 80, 20, 0))
    others = frozenset({"trump"})
    expected = ContextFragmenter(maxchars=80, surround=20).fragment_tokens(text, whoosh_marked(text, "es", others))
    assert again == first
    assert shape(context_fragments(text, "es", others, 80, 20, 0)) == shape(expected)
    assert [m.text for m in matches(text, "es", others)] == ["trump"]


def test_the_texts_kept_split_stay_within_their_word_budget(monkeypatch):
    monkeypatch.setattr(fragments, "_RECENT", {})
    monkeypatch.setattr(fragments, "_RECENT_WORDS", 0)
    monkeypatch.setattr(fragments, "_MAX_RECENT_WORDS", 50)
    texts = [f"México número {n} y las deportaciones de {n}" for n in range(20)]  # 8 words each
    for text in texts + texts[-3:] + texts:
        list(context_fragments(text, "es", TERMS, 60, 15, 0))
        kept = sum(len(split.words) for split in fragments._RECENT.values())
        assert kept == fragments._RECENT_WORDS <= 50
    assert [key[0] for key in fragments._RECENT] == texts[-6:]


@settings(max_examples=100, deadline=None)
@given(texts)
def test_matches_are_the_marked_tokens(text):
    expected = [(t.text, t.startchar, t.endchar) for t in whoosh_marked(text, "es", TERMS) if t.matched]
    assert [(m.text, m.startchar, m.endchar) for m in matches(text, "es", TERMS)] == expected


def test_a_stem_matches_every_inflection_and_the_folded_word_only_itself():
    text = "La deportación, las deportaciones y México; mexicano no."
    assert [m.text for m in matches(text, "es", TERMS)] == ["deportacion", "deportaciones", "mexico"]

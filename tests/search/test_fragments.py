"""The one-pass fragmenter yields what Whoosh's ContextFragmenter yields over the highlight analyzer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.highlight import ContextFragmenter

from search.analysis import HIGHLIGHT_STEM_MARK, highlight_analyzer, stem
from search.fragments import context_fragments, matches

TERMS = frozenset({"mexico", "deportacion", HIGHLIGHT_STEM_MARK + stem("deportaciones", "es"), "trump"})
WORDS = ["México", "deportaciones", "Deportación", "trump", "el", "gobierno", "de", "la", "U.S", "año", "x" * 40]
SEPARATORS = [" ", ", ", ". ", " " * 90, "-", "\n\n", " … "]


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


@settings(max_examples=100, deadline=None)
@given(texts)
def test_matches_are_the_marked_tokens(text):
    expected = [(t.text, t.startchar, t.endchar) for t in whoosh_marked(text, "es", TERMS) if t.matched]
    assert [(m.text, m.startchar, m.endchar) for m in matches(text, "es", TERMS)] == expected


def test_a_stem_matches_every_inflection_and_the_folded_word_only_itself():
    text = "La deportación, las deportaciones y México; mexicano no."
    assert [m.text for m in matches(text, "es", TERMS)] == ["deportacion", "deportaciones", "mexico"]

"""The query tree's helpers: the terms a tree holds, and a tree without some of them."""

from search.query import tree as t

MEXICO = t.Or((t.Term("text", "mexico", 0.6), t.Term("stem_es", "mexic")))
WALL = t.Or((t.Term("text", "wall", 0.6), t.Term("stem_en", "wall")))
MURO = t.Or((t.Term("text", "muro", 0.6), t.Term("stem_es", "mur")))


def test_terms_of_every_kind_of_node():
    tree = t.AndMaybe(t.And((MEXICO, t.Not(WALL))), t.AndNot(MURO, t.Phrase("text", ("a", "b"))))
    assert t.terms_of(tree) == {("text", "mexico"), ("stem_es", "mexic"), ("text", "wall"), ("stem_en", "wall"),
                                ("text", "muro"), ("stem_es", "mur")}
    assert t.terms_of(t.Every()) == set()


def test_without_terms_drops_shared_words_and_what_is_left_empty():
    known = t.terms_of(t.Or((MEXICO, WALL)))
    translated = t.AndMaybe(t.Or((MEXICO, MURO)), t.Or((t.Term("root_es", "mur"), t.Term("stem_es", "mexic"))))
    assert t.without_terms(translated, known) == t.AndMaybe(t.Or((MURO,)), t.Or((t.Term("root_es", "mur"),)))
    assert isinstance(t.without_terms(t.Or((MEXICO, WALL)), known), t.Nothing)
    # a conjunction needs every part: one gone, nothing is left of it
    assert isinstance(t.without_terms(t.And((MURO, MEXICO)), known), t.Nothing)
    assert t.without_terms(t.AndMaybe(MURO, MEXICO), known) == MURO
    # a boost on an Or is kept
    assert t.without_terms(t.Or((MEXICO, MURO), 2.0), known) == t.Or((MURO,), 2.0)

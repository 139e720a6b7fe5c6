"""Fusion of per-language windows: each language on its own scale, the query's own language first."""

from search.crosslang.fuse import OTHER_LANGUAGE_WEIGHT, OWN_FIRST, interleave


def keys(ranked):
    return [key for key, _score, _lang in ranked]


def test_each_language_is_normalised_by_its_own_best():
    # Spanish scores are ten times larger: on one scale they would push every English hit down
    windows = {"en": [("e1", 4.0), ("e2", 3.8), ("e3", 3.6), ("e4", 1.0)], "es": [("s1", 40.0), ("s2", 38.0)]}
    ranked = interleave(windows, "en")
    assert OWN_FIRST == 3 and keys(ranked) == ["e1", "e2", "e3", "s1", "s2", "e4"]
    scores = {key: score for key, score, _lang in ranked}
    assert scores["e1"] == 1.0 and scores["e4"] == 0.25
    assert scores["s1"] == OTHER_LANGUAGE_WEIGHT
    assert scores["s2"] == OTHER_LANGUAGE_WEIGHT * 0.95
    assert {key: lang for key, _score, lang in ranked}["s2"] == "es"


def test_the_own_language_best_stay_ahead_of_a_stronger_other_language():
    windows = {"en": [("e1", 5.0), ("e2", 0.5)], "es": [("s1", 3.0), ("s2", 2.9)]}
    assert keys(interleave(windows, "en")) == ["e1", "e2", "s1", "s2"]
    assert keys(interleave(windows, "es")) == ["s1", "s2", "e1", "e2"]
    # only by score past the protected ones
    assert keys(interleave(windows, "en", own_first=1)) == ["e1", "s1", "s2", "e2"]


def test_ties_keep_window_order_and_put_the_own_language_first():
    windows = {"es": [("s1", 1.0), ("s2", 1.0)], "en": [("e1", 1.0), ("e2", 1.0)]}
    # equal fused scores: rank in its window first, then the own language
    assert keys(interleave(windows, "es", other_weight=1.0, own_first=0)) == ["s1", "e1", "s2", "e2"]


def test_unknown_query_language_weighs_every_language_alike():
    windows = {"en": [("e1", 1.0), ("e2", 0.2)], "es": [("s1", 5.0), ("s2", 4.0)]}
    assert keys(interleave(windows, None)) == ["e1", "s1", "s2", "e2"]


def test_unscored_and_empty_windows_rank_last_without_dividing_by_zero():
    windows = {"en": [("e1", None), ("e2", 0.0)], "es": [("s1", 2.0)]}
    ranked = interleave(windows, "en", own_first=0)
    assert keys(ranked) == ["s1", "e1", "e2"]
    assert [score for _key, score, _lang in ranked] == [OTHER_LANGUAGE_WEIGHT, 0.0, 0.0]
    assert interleave({}, "en") == []
    assert interleave({"en": [], "es": []}, "es") == []

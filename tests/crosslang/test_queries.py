"""Which queries are translated, and into what (Apertium's own output where it is installed)."""

import pytest

from search.crosslang import queries
from optional import needs_apertium
from search.crosslang import translate as tr


@pytest.fixture(autouse=True)
def _empty_cache():
    queries._cache.clear()
    yield
    queries._cache.clear()


@pytest.mark.parametrize("text", ["deportation", "wheat harvest", "ley OR decreto", "U.S. border", "covid-19"])
def test_plain_words_are_translatable(text):
    assert queries.translatable(text)


@pytest.mark.parametrize("text", [
    '"safe third country"',  # a phrase keeps its exact words
    "title:deportation",  # a field search
    "deport*",  # a pattern
    "deportat~",  # a fuzzy word
    "border wall -mexico",  # an exclusion
    "muro NOT frontera",
    "",
    "   ",
    "Москва",  # another script
    "\x8d®n å\x97",  # controls and symbols (some stalled Apertium for its whole timeout)
    "frontera\u2028muro",  # a line separator

    "*",
    " ".join(f"word{i}" for i in range(queries.MAX_WORDS + 1)),
])
def test_exact_and_long_queries_are_not_translated(text, monkeypatch):
    assert not queries.translatable(text)
    monkeypatch.setattr(tr, "translate", lambda *a, **k: pytest.fail("translated a query it must not"))
    assert queries.translations(text, "en") == {}


def test_translation_is_asked_only_for_other_languages_and_cached(monkeypatch):
    asked = []

    def fake(text, source, target, timeout=tr.TIMEOUT_S):
        asked.append((text, source, target))
        return "Cosecha de trigo"

    monkeypatch.setattr(tr, "translate", fake)
    assert queries.translations("wheat harvest", "en") == {"es": "cosecha de trigo"}
    assert queries.translations("wheat harvest", "en") == {"es": "cosecha de trigo"}
    assert asked == [("wheat harvest", "en", "es")]
    assert queries.translations("wheat harvest", "en", ("en",)) == {}


def test_a_query_of_unknown_language_is_read_as_the_other_language(monkeypatch):
    monkeypatch.setattr(tr, "translate", lambda text, source, target, timeout=1.0: f"{source}>{target}")
    assert queries.translations("wheat", None) == {"en": "es en", "es": "en es"}


def test_unchanged_words_and_failures_give_no_translation(monkeypatch):
    # Apertium gives names back unchanged (accents and case aside): searching them again is useless
    monkeypatch.setattr(tr, "translate", lambda text, source, target, timeout=1.0: "MÉXICO")
    assert queries.translations("mexico", "en") == {}
    monkeypatch.setattr(tr, "translate", lambda *a, **k: None)  # not installed, timed out, crashed
    assert queries.translations("deportation", "en") == {}


def test_operators_a_translation_produces_cannot_change_the_query(monkeypatch):
    monkeypatch.setattr(tr, "translate", lambda *a, **k: 'la "casa*" (blanca) -title: NOT bien-estar OR l\'agua^2')
    assert queries.translations("white house", "en") == {"es": "la casa blanca title not bien-estar or l'agua 2"}


def test_only_the_words_are_sent_to_the_translator(monkeypatch):
    asked = []
    monkeypatch.setattr(tr, "translate", lambda text, *a, **k: asked.append(text) or "ley")
    queries.translations("law OR decree", "en")
    assert asked == ["law decree"]
    assert not queries.translatable("deportation^2")


@needs_apertium
def test_real_translations_both_ways():
    assert queries.translations("deportation", "en")["es"] == "deportación"
    assert "harvest" in queries.translations("cosecha de trigo", "es")["en"].lower()
    assert queries.translations("Bukele", "en") == {}

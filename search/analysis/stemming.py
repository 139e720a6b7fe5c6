"""Stemmers for folded words: plural and gender forms meet, unrelated words stay apart.

Snowball's Spanish stemmer also cuts derivational suffixes, so *deportación* and *deporte* (sport)
share the stem ``deport``; on the scale corpus ``deportacion`` then found mostly sport. Elasticsearch's
Spanish analyzer uses Savoy's light stemmer for this reason (Lucene's ``SpanishLightStemmer``), but
on its own it lowered es→es MRR on XQuAD from 0.958 to 0.950: questions and answers often differ
only by a verb ending (*fundó* / *fundada*), which only Snowball joins. So a Spanish word that ends
in one of Snowball's derivational suffixes (*-ación*, *-idad*, *-ista*, *-ivo*...) gets the light
stem (plural and gender only) and every other word Snowball's stem; English likewise with
Porter2 and a plural-only stemmer (Lucene's ``minimal_english``) (measured: the pair lists in
``tests/search/test_stemming.py``, the bench's collision precision and MRR in bench/RESULTS.md).
Spanish documents also hold every word's Snowball root (:func:`root`, its own field): it only adds
to the score of documents the query's words already match, so *aceptación* ranks a text saying
*aceptar* higher without making *deportación* find sport (es→es MRR on XQuAD 0.956 → 0.958,
bench/RESULTS.md).
Known limit: a noun that is also a verb form still meets it (*partido* / *parte*, *calle* /
*callar*), and the light rules join gender pairs of unrelated nouns (*casa* / *caso*).
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_SNOWBALL: dict[str, Stemmer.Stemmer] = {}
"""One PyStemmer object per language, made on first use (they cannot be pickled)."""
DERIVATIONAL = re.compile(
    r"(?:anzas?|ic[oa]s?|ismos?|ables?|ibles?|istas?|os[oa]s?|[ai]mientos?|ador(?:a|es|as)?"
    r"|acion(?:es)?|antes?|ancias?|logias?|ucion(?:es)?|encias?|mente|idad(?:es)?|iv[oa]s?)$"
)
"""Snowball's Spanish step-1 suffixes, folded, with their plural and gender forms."""
DERIVATIONAL_EN = re.compile(r"(?:it(?:y|ies)|ations?|ives?|isms?|ists?|ical|izations?)$")
"""English derivational endings Porter2 cuts down to another word's stem (*university* /
*universe*, *authority* / *author*, *executive* / *execute*)."""


def spanish_light(word: str) -> str:
    """Savoy's light Spanish stemmer: drops a final gender vowel or plural ending.

    ``deportaciones`` → ``deportacion``, ``migrantes`` → ``migrant``, ``luces`` → ``luz``; words of
    fewer than five letters are kept whole (``mes``, ``pais``).
    """
    size = len(word)
    if size < 5:
        return word
    last = word[-1]
    if last in "aeo":
        return word[:-1]
    if last == "s":
        if word[-2] == "e" and word[-3] == "s" and word[-4] == "e":  # -eses: meses → mes
            return word[:-2]
        if word[-2] == "e" and word[-3] == "c":  # -ces: luces → luz, veces → vez
            return word[:-3] + "z"
        if word[-2] in "aeo":
            return word[:-2]
    return word


def snowball(word: str, lang: str) -> str:
    """The Snowball stem of a folded word (``english`` is Porter2)."""
    stemmer = _SNOWBALL.get(lang)
    if stemmer is None:
        stemmer = _SNOWBALL[lang] = Stemmer.Stemmer({"en": "english", "es": "spanish"}[lang], 100_000)
    return stemmer.stemWord(word)


def spanish(word: str) -> str:
    """A derived Spanish word's light stem (``deportaciones`` → ``deportacion``), else Snowball's
    stem of its singular (``fundó``, ``fundada`` → ``fund``; ``mujeres`` → ``mujer`` → ``muj``)."""
    if DERIVATIONAL.search(word):
        return spanish_light(word)
    return spanish_root(word)


def spanish_singular(word: str) -> str:
    """Undoes the plurals Snowball leaves apart from their singular: ``luces`` → ``luz``,
    ``mujeres`` → ``mujer``, ``ciudades`` → ``ciudad``; and ``gobiernos`` → ``gobierno``, which
    Snowball reads as an infinitive with ``nos`` attached (``gobi``)."""
    if len(word) < 5 or word[-1] != "s":
        return word
    if word.endswith("ces"):
        return word[:-3] + "z"
    if word[-2] == "e" and word[-3] not in "aeiou" and word[-3] != "s":
        return word[:-2]
    if word.endswith(("rnos", "rnas")):
        return word[:-1]
    return word


def english(word: str) -> str:
    """A derived English word's plural-only stem (``authorities`` → ``authority``), else Porter2's
    (``elected``, ``elects`` → ``elect``). Porter2 alone: en→en MRR 0.9666 on XQuAD; plural-only
    for every word: 0.9622; this: 0.9670."""
    if DERIVATIONAL_EN.search(word):
        return english_minimal(word)
    return snowball(word, "en")


def english_minimal(word: str) -> str:
    """Lucene's ``minimal_english`` (Harman's S-stemmer) plus the possessive: plurals only."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    size = len(word)
    if size < 3 or word[-1] != "s" or word[-2] in "us":
        return word
    if word[-2] == "e":
        if size > 3 and word[-3] == "i" and word[-4] not in "ae":  # -ies: policies → policy
            return word[:-3] + "y"
        if word[-3] in "iaoe":  # -ies after a/e, -aes, -oes, -ees: kept
            return word
    return word[:-1]


def spanish_root(word: str) -> str:
    """Snowball's stem of a Spanish word's singular, derived or not (``aceptacion``, ``aceptar`` →
    ``acept``): what :func:`spanish` joins and more, for the root field only."""
    return snowball(spanish_singular(word), "es")


_STEMMERS = {"en": english, "es": spanish}
ROOTERS = {"es": spanish_root}
"""Languages whose documents also hold a root field, and its stemmer."""


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """The stem of an already folded word in ``lang`` (``en`` or ``es``)."""
    return _STEMMERS[lang](word)


@lru_cache(maxsize=200_000)
def root(word: str, lang: str) -> str:
    """The root of an already folded word in a language of ``ROOTERS``."""
    return ROOTERS[lang](word)

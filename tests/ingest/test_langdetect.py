"""Language detection on real English and Spanish text: paragraphs, short lines, headlines, queries."""

from __future__ import annotations

import re

import pytest
from unidecode import unidecode
from ingest_helpers import corpus_records

from search.ingest import detect_language

SAMPLE = 600


def sentences(records, field: str = "body", per_record: int = 3) -> list[str]:
    out = []
    for record in records:
        parts = re.split(r"(?<=[.!?])\s+", record.get(field) or "")
        out.extend(part for part in parts[:per_record] if len(part.split()) >= 2)
    return out[:SAMPLE]


def accuracy(texts: list[str], lang: str) -> float:
    assert texts, "no sample text"
    return sum(detect_language(text)[0] == lang for text in texts) / len(texts)


@pytest.mark.corpora
def test_news_sentences_and_headlines_are_english(corpora):
    records = list(corpus_records(corpora, "news-en-2017.jsonl", 300))
    assert accuracy(sentences(records), "en") >= 0.98
    assert accuracy([r["title"] for r in records if r.get("title")], "en") >= 0.97


@pytest.mark.corpora
def test_parliament_sentences_and_titles_are_spanish(corpora):
    records = list(corpus_records(corpora, "congreso-es.jsonl", 300))
    assert accuracy(sentences(records), "es") >= 0.97
    assert accuracy([r["title"] for r in records if r.get("title")], "es") >= 0.98


@pytest.mark.corpora
def test_short_bible_verses_in_both_languages(corpora):
    records = list(corpus_records(corpora, "bible-en-es.jsonl", 2 * SAMPLE))
    for lang in ("en", "es"):
        verses = [r["body"] for r in records if r["lang"] == lang]
        short = [v for v in verses if len(v.split()) <= 12]
        assert len(short) >= 20
        assert accuracy(verses, lang) >= 0.99
        assert accuracy(short, lang) >= 0.95


@pytest.mark.corpora
def test_translated_handbook_sentences(corpora):
    english = list(corpus_records(corpora, "handbook-en.jsonl", 150))
    assert accuracy(sentences(english), "en") >= 0.95
    # handbook-es still holds untranslated English: only lines with a Spanish mark are known Spanish.
    spanish = [s for s in sentences(list(corpus_records(corpora, "handbook-es.jsonl", 300)))
               if re.search(r"[ñáéíóú¿¡]", s)]
    assert accuracy(spanish, "es") >= 0.95


@pytest.mark.corpora
@pytest.mark.parametrize("strip_accents", [False, True])
def test_xquad_questions_as_queries(corpora, strip_accents):
    for lang in ("en", "es"):
        path = corpora / "xquad" / f"queries.{lang}.tsv"
        if not path.is_file():
            pytest.skip(f"{path} is missing")
        questions = [line.split("\t", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()]
        if strip_accents:
            questions = [unidecode(q) for q in questions]
        verdicts = [detect_language(q) for q in questions[:SAMPLE]]
        assert sum(found == lang for found, _ in verdicts) / len(verdicts) >= 0.98
        assert not [q for q, (found, confidence) in zip(questions, verdicts) if found != lang and confidence >= 0.5]


@pytest.mark.parametrize(("text", "lang"), [
    ("El equipo de Trump establece canales de comunicación con México y El Salvador sobre deportaciones", "es"),
    ("Trump Eyes Asylum Contract with El Salvador to deport migrants there", "en"),
    ("Trump shuts down CBP One asylum app", "en"),
    ("¿Dónde está?", "es"),
    ("the wall", "en"),
    ("deportaciones", "es"),
    ("presidential election", "en"),
    ("elecciones presidenciales", "es"),
])
def test_headlines_and_queries(text, lang):
    detected, confidence = detect_language(text)
    assert detected == lang
    assert 0 < confidence <= 1


@pytest.mark.parametrize(("query", "lang"), [
    ("raid y lvm", "es"), ("raid por software", "es"), ("deportacion", "es"), ("the wall", "en"),
    ("presidential election", "en"),
])
def test_one_telling_word_makes_a_query_confident(query, lang):
    assert detect_language(query)[0] == lang
    assert detect_language(query)[1] >= 0.5


@pytest.mark.parametrize("query", ["trump el salvador", "mexico", "los angeles lakers", "asylum", "migrantes"])
def test_names_and_single_hints_are_not_confident(query):
    assert detect_language(query)[1] < 0.5


def test_no_evidence_means_no_confidence():
    assert detect_language("") == ("en", 0.0)
    assert detect_language("12345 !!!")[1] == 0.0
    assert detect_language("Trump")[1] < 0.5


def test_confident_on_a_clear_paragraph():
    assert detect_language("The Mexican government declined to comment on the plan, officials said.") == ("en", 1.0)
    spanish = "El gobierno mexicano declinó comentar sobre el plan, dijeron los funcionarios."
    assert detect_language(spanish) == ("es", 1.0)

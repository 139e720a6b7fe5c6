"""Stemming: plural and gender forms meet, unrelated words that Snowball merges stay apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import search
from bench.stem_pairs import ENGLISH_APART, ENGLISH_SAME, SPANISH_APART, SPANISH_SAME, SPANISH_STILL_MERGED
from search.analysis import fold, stem_analyzer
from search.cli import main
from search.backends.whoosh.postings import stem_postings
from search.analysis.stemming import snowball

CASES = [("es", SPANISH_SAME, SPANISH_APART), ("en", ENGLISH_SAME, ENGLISH_APART)]


def analyzed(word: str, lang: str) -> list[str]:
    """What the index's language field holds for one word (the Whoosh pipeline itself)."""
    return [t.text for t in stem_analyzer(lang)(word)]


def test_the_lists_are_large_enough():
    for _lang, same, apart in CASES:
        assert len(same) >= 40 and len(apart) >= 40


@pytest.mark.parametrize("lang, same, apart", CASES)
def test_plural_gender_and_possessive_forms_meet(lang, same, apart):
    missed = [(a, b) for a, b in same if analyzed(a, lang) != analyzed(b, lang)]
    assert missed == []


@pytest.mark.parametrize("lang, same, apart", CASES)
def test_unrelated_words_keep_apart(lang, same, apart):
    merged = [(a, b) for a, b in apart if analyzed(a, lang) == analyzed(b, lang)]
    assert merged == []


@pytest.mark.parametrize("lang, same, apart", CASES)
def test_snowball_alone_merges_most_of_those_pairs(lang, same, apart):
    """The lists measure what was wrong: Snowball joins nearly all the unrelated pairs."""
    merged = [(a, b) for a, b in apart if snowball(fold(a), lang) == snowball(fold(b), lang)]
    assert len(merged) >= 0.6 * len(apart)


def test_the_known_limits_are_what_the_docs_say():
    assert all(analyzed(a, "es") == analyzed(b, "es") for a, b in SPANISH_STILL_MERGED)


@pytest.mark.parametrize("lang, same, apart", CASES)
def test_the_build_path_stems_every_listed_word_as_the_analyzer_does(lang, same, apart):
    words = sorted({w for pair in [*same, *apart] for w in pair})
    for word in words:
        postings, _length = stem_postings([word], lang, 1.0)
        assert [p[0].decode("utf-8") for p in postings] == analyzed(word, lang), word


def ranked_ids(tmp_path: Path, capsys, records: list[dict], *queries: str) -> list[list[str]]:
    """The record ids ``search-cli query --json`` lists for each query, in order, over ``records``."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    search.build_index(seeds, tmp_path / "index")
    ranked = []
    for query in queries:
        assert main(["query", query, "--json", "--index", str(tmp_path / "index")]) == 0
        ranked.append([json.loads(line)["id"].removeprefix("a.jsonl/").rsplit("#", 1)[0]
                       for line in capsys.readouterr().out.splitlines()])
    return ranked


def test_deportacion_finds_deportations_not_sport(tmp_path: Path, capsys):
    records = [
        {"id": "deport1", "lang": "es", "title": "Deportaciones masivas", "body": "El gobierno anunció deportaciones de migrantes."},
        {"id": "deport2", "lang": "es", "title": "Una deportación", "body": "La deportación del migrante fue anulada."},
        {"id": "sport1", "lang": "es", "title": "El deporte rey", "body": "El deporte y los deportes de invierno atraen turistas."},
        {"id": "sport2", "lang": "es", "title": "Deportes", "body": "Resultados deportivos del fin de semana."},
    ]
    deportacion, migrante = ranked_ids(tmp_path, capsys, records, "deportacion", "migrante")
    assert set(deportacion) == {"deport1", "deport2"}
    assert set(migrante) == {"deport1", "deport2"}


def test_a_derivation_ranks_its_root_higher_without_finding_more(tmp_path: Path, capsys):
    """The root field (Snowball's stems) lifts a text saying *aceptar* for a question asking about
    *aceptación*, but only among the documents the question's own words find."""
    records = [
        {"id": "other", "lang": "es", "title": "Árbitros", "body": "El castigo del árbitro fue duro."},
        {"id": "root", "lang": "es", "title": "Penas", "body": "Los reos deben aceptar el castigo que impone la ley."},
        {"id": "unmatched", "lang": "es", "title": "Votos", "body": "Los diputados aceptaron la propuesta."},
    ] + [{"id": f"filler{n}", "lang": "es", "title": "Tiempo", "body": f"Lluvia y viento el día {n}."} for n in range(6)]
    [ranked] = ranked_ids(tmp_path, capsys, records, "¿Por qué es necesaria la aceptación del castigo?")
    assert ranked == ["root", "other"]

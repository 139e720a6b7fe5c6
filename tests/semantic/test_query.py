"""``search-cli query`` across languages: the Spanish article for an English query, marked, with the
passage that matched as its snippet; --same-language keeps to the query's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.cli import main
from search.semantic import translate

from conftest import SPANISH

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def query(capsys, *args: str) -> tuple[int, list[dict], str]:
    capsys.readouterr()
    code = main(["query", *args, "--json"])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


@pytest.fixture
def bilingual_index(bilingual_seeds: Path, tmp_path: Path) -> Path:
    index_dir = tmp_path / "index"
    assert main(["index", str(bilingual_seeds), "--index", str(index_dir)]) == 0
    return index_dir


def second_paragraph_start() -> int:
    body_start = SPANISH.index("Las lluvias")
    return SPANISH.index("El gobierno") - body_start


def test_an_english_word_finds_the_spanish_article_by_meaning(bilingual_index: Path, no_translation, capsys) -> None:
    code, hits, _err = query(capsys, "deportation", "--index", str(bilingual_index))
    assert code == 0
    spanish = [h for h in hits if h["path"] == "costa.txt"]
    assert spanish, hits
    hit = spanish[0]
    assert hit["lang"] == "es" and hit["cross_language"] is True
    # The snippet is the passage about deportations, not the article's first lines (the floods).
    snippet = hit["snippets"][0]
    assert snippet["text"].startswith("El gobierno anunció nuevas deportaciones")
    assert snippet["start"] == second_paragraph_start()
    assert snippet["spans"] == []


def test_the_readable_output_marks_a_hit_found_across_languages(bilingual_index: Path, no_translation, capsys) -> None:
    capsys.readouterr()
    assert main(["query", "deportation", "--index", str(bilingual_index), "--color", "never"]) == 0
    out = capsys.readouterr().out
    meta = [line for line in out.splitlines() if "costa.txt" in line]
    assert meta and meta[0].rstrip().endswith("· found across languages")
    assert "El gobierno anunció nuevas deportaciones" in out
    assert "Las lluvias" not in out


def test_a_word_match_in_the_query_language_is_not_marked(bilingual_index: Path, no_translation, capsys) -> None:
    _code, hits, _err = query(capsys, "harvest festival", "--index", str(bilingual_index))
    assert hits[0]["path"] == "festival.txt"
    assert hits[0]["cross_language"] is False
    assert hits[0]["snippets"][0]["spans"]


def test_a_query_about_nothing_in_the_index_finds_nothing(bilingual_index: Path, no_translation, capsys) -> None:
    code, hits, _err = query(capsys, "xyzzy", "--index", str(bilingual_index))
    assert code == 1 and hits == []


def test_same_language_keeps_the_hits_in_the_query_language(bilingual_index: Path, no_translation, capsys) -> None:
    code, hits, _err = query(capsys, "deportation", "--index", str(bilingual_index), "--same-language")
    assert all(h["lang"] == "en" for h in hits)
    assert not any(h["path"] == "costa.txt" for h in hits)
    assert code == (0 if hits else 1)


def test_the_bundled_seeds_answer_deportation_with_the_spanish_article(tmp_path: Path, no_translation, capsys) -> None:
    index_dir = tmp_path / "index"
    assert main(["index", str(SEEDS), "--index", str(index_dir)]) == 0
    code, hits, _err = query(capsys, "deportation", "--index", str(index_dir))
    assert code == 0
    by_id = {h["id"]: h for h in hits}
    spanish = by_id["trump-mexico-el-salvador-deportations-en-es#es"]
    assert spanish["cross_language"] is True
    assert "deport" in spanish["snippets"][0]["text"].lower()
    assert all(not h["cross_language"] for h in hits if h["lang"] == "en")


@pytest.mark.skipif(not translate.available("en", "es"), reason="Apertium's eng-spa pair is not installed")
def test_with_apertium_the_translated_words_are_highlighted_in_the_spanish_snippet(
        bilingual_index: Path, capsys) -> None:
    _code, hits, _err = query(capsys, "deportation", "--index", str(bilingual_index))
    hit = next(h for h in hits if h["path"] == "costa.txt")
    assert hit["cross_language"] is True
    snippet = hit["snippets"][0]
    marked = [snippet["text"][a:b] for a, b in snippet["spans"]]
    assert "deportaciones" in marked

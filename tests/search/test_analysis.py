"""English and Spanish analysis seen from a user's side, on real text from the shared corpora:
which document a query finds, typed without accents, inflected differently, or in one language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import search
from corpus_data import read_jsonl
from search.ingest.ids import own_record_id

SAMPLE = 300


@pytest.fixture(scope="module")
def corpus_engine(tmp_path_factory: pytest.TempPathFactory, corpora: Path):
    """Real Spanish speeches, English news and the aligned Debian handbook, indexed together."""
    root = tmp_path_factory.mktemp("analysis")
    seeds = root / "seeds"
    seeds.mkdir()
    for name, limit in (("congreso-es.jsonl", SAMPLE), ("news-en-2017.jsonl", SAMPLE),
                        ("handbook-en.jsonl", None), ("handbook-es.jsonl", None)):
        rows = list(read_jsonl(corpora / name, limit))
        (seeds / name).write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    search.build_index(seeds, root / "index")
    with search.open_index(root / "index") as engine:
        yield engine


def first_record_with(corpora: Path, name: str, pattern: str) -> dict:
    regex = re.compile(pattern)
    for row in read_jsonl(corpora / name, SAMPLE):
        if regex.search(row.get("body") or ""):
            return row
    pytest.skip(f"no record of {name} matches {pattern}")


def ids(engine, query: str, **filters) -> list[str]:
    """The records' own ids (a hit's id also names its file: ``news-en-2017.jsonl/news-en-3#en``)."""
    return [own_record_id(hit.id, hit.path) for hit in engine.search(query, limit=100, snippets=0, **filters).hits]


@pytest.mark.parametrize(
    ("pattern", "typed"),
    [
        (r"\bvotación\b", "votacion"),  # accent dropped
        (r"\bvotación\b", "votaciones"),  # plural of the singular in the text
        (r"\bGobierno\b", "gobiernos"),
        (r"\bpolítica\b", "politicas"),  # both at once
    ],
)
def test_spanish_words_are_found_without_accents_and_in_other_forms(corpus_engine, corpora, pattern, typed):
    record = first_record_with(corpora, "congreso-es.jsonl", pattern)
    assert record["id"] in ids(corpus_engine, typed, lang="es")


@pytest.mark.parametrize(
    ("pattern", "typed"),
    [(r"\belections\b", "election"), (r"\bnegotiated\b", "negotiations"), (r"\bcountries\b", "country")],
)
def test_english_words_are_found_in_other_forms(corpus_engine, corpora, pattern, typed):
    record = first_record_with(corpora, "news-en-2017.jsonl", pattern)
    assert record["id"] in ids(corpus_engine, typed, lang="en")


@pytest.mark.parametrize("query_lang", ["es", "en"])
def test_a_query_ranks_its_own_language_version_above_the_twin(corpus_engine, corpora, query_lang):
    """The handbook's sections exist in both languages: a section title typed in one language must
    find that language's version first, not its cognate-laden translation."""
    checked = 0
    for en, es in zip(read_jsonl(corpora / "handbook-en.jsonl"), read_jsonl(corpora / "handbook-es.jsonl")):
        own, twin = (es, en) if query_lang == "es" else (en, es)
        title = re.sub(r"^[\d.]+\s*", "", own["title"])
        if len(title.split()) < 3 or title == re.sub(r"^[\d.]+\s*", "", twin["title"]):
            continue  # untranslated sections are not a language test
        found = ids(corpus_engine, title)
        if own["id"] in found and twin["id"] in found:
            assert found.index(own["id"]) < found.index(twin["id"]), title
            checked += 1
        if checked >= 20:
            break
    assert checked >= 10


def test_stop_words_alone_do_not_flood_results(corpus_engine):
    plain = corpus_engine.search("the president of the government")
    content = corpus_engine.search("president government")
    assert plain.total == content.total

"""Language versions through the engine API: folding them into one hit, opening one by language."""

from __future__ import annotations

import pytest

import search
from corpus_data import write_filler

BILINGUAL = "trump-mexico-el-salvador-deportations-en-es.txt"
SAFE_THIRD = "trump-el-salvador-safe-third-country-en.txt"


@pytest.mark.parametrize("query, sort", [("mexico", "relevance"), ("mexico", "date"),
                                         ('"El Salvador"', "relevance")])
def test_fold_keeps_the_best_ranked_version_of_each_article(seed_engine, query, sort):
    every = seed_engine.search(query, sort=sort)
    folded = seed_engine.search(query, sort=sort, fold=True)
    first_of = {}
    for hit in every.hits:
        first_of.setdefault(hit.path, hit.id)
    assert [hit.id for hit in folded.hits] == list(first_of.values())
    assert folded.total == len(first_of) == 2 < every.total
    [bilingual] = [hit for hit in folded.hits if hit.path == BILINGUAL]
    assert len(bilingual.versions) == 1, "the folded hit still names its other version"


def test_fold_pages_through_articles_not_versions(seed_engine):
    everything = [hit.id for hit in seed_engine.search("mexico", fold=True).hits]
    pages = [seed_engine.search("mexico", fold=True, limit=1, offset=n) for n in range(3)]
    assert [hit.id for page in pages for hit in page.hits] == everything
    assert [page.total for page in pages] == [2, 2, 2]


def test_fold_with_a_language_filter_has_nothing_to_fold(seed_engine):
    plain = seed_engine.search("mexico", lang="en")
    folded = seed_engine.search("mexico", lang="en", fold=True)
    assert [h.id for h in folded.hits] == [h.id for h in plain.hits] and folded.total == plain.total


def test_article_in_another_language_is_its_other_version(seed_engine):
    english = next(h for h in seed_engine.search("mexico", lang="en").hits if h.path == BILINGUAL)
    spanish = seed_engine.article(english.id, query="mexico", lang="es")
    assert (spanish.lang, spanish.path) == ("es", BILINGUAL)
    assert spanish.id in english.versions and spanish.spans
    assert seed_engine.article(english.id, lang="en").id == english.id


def test_article_without_that_language_is_one_clear_error(seed_engine):
    only_english = next(h for h in seed_engine.search("asylum").hits if h.path == SAFE_THIRD)
    with pytest.raises(search.ArticleNotFound, match=r"has no 'es' version \(it has: en\)"):
        seed_engine.article(only_english.id, lang="es")
    with pytest.raises(search.InvalidInput, match="unknown language 'fr'"):
        seed_engine.article(only_english.id, lang="fr")


def test_fold_joins_versions_kept_in_different_segments(seeds_copy, tmp_path):
    """Editing only the Spanish half re-indexes only that version: the two live in two segments."""
    index = tmp_path / "index"
    write_filler(seeds_copy)  # so the update's segment is not merged into the first one
    search.build_index(seeds_copy, index)
    bilingual = seeds_copy / BILINGUAL
    text = bilingual.read_text(encoding="utf-8")
    bilingual.write_text(text.rstrip("\n") + " México respondió el martes.\n", encoding="utf-8")
    report = search.build_index(seeds_copy, index)
    assert report.updated == 1
    with search.open_index(index) as engine:
        assert len(engine._reader._searcher.reader().leaf_readers()) > 1, "precondition: several segments"
        folded = engine.search("mexico", fold=True)
        assert folded.total == 2 and sorted(h.path for h in folded.hits) == sorted([BILINGUAL, SAFE_THIRD])

"""What every backend answers alike: matching, ranking, filters, facets, sorting, folding, articles."""

from __future__ import annotations

from pathlib import Path

import pytest

import search
from seed_records import write_records

RECORDS = [
    # id, lang, title, body, source, date
    ("floods", "en", "Mexico City floods", "Heavy rain flooded Mexico City on Monday; the elections were postponed.",
     "AP", "2024-05-01"),
    ("lluvias", "es", "Inundaciones en México", "Las lluvias inundaron la Ciudad de México; las elecciones se aplazaron.",
     "EFE", "2024-05-02"),
    ("deport", "es", "Deportaciones", "El gobierno anunció nuevas deportaciones en la frontera.", "EFE", "2023-01-10"),
    ("sport", "es", "Deporte", "El deporte escolar recibe fondos nuevos.", "EFE", "2023-02-11"),
    ("city", "en", "A quiet town", "The city of Mexico is large, and a city council met.", "Reuters", None),
    ("pair", "en", "Trade talks", "Trade talks between the two countries resumed.", "AP", "2022-03-01"),
    ("pair", "es", "Negociaciones comerciales", "Las negociaciones comerciales se reanudaron.", "EFE", "2022-03-01"),
    ("guitars", "en", "Guitars", "A guitar shop sells guitars; guitar lessons too. Guitar guitar guitar.", "AP",
     "2021-06-06"),
    ("mention", "en", "Music shops", "The shop also sells one guitar among drums and pianos.", "Reuters",
     "2021-06-07"),
]


def write_seeds(folder: Path, records=RECORDS) -> Path:
    return write_records(folder, records)


@pytest.fixture(scope="module")
def engine(backend: str, tmp_path_factory: pytest.TempPathFactory):
    seeds = write_seeds(tmp_path_factory.mktemp("seeds"))
    report = search.build_index(seeds, backend)
    assert report.documents == len(RECORDS) and not report.skipped
    with search.open_index(backend) as opened:
        yield opened


def ids(result: search.SearchResult) -> list[str]:
    """The hits' record ids, without the file and language parts of the document ids."""
    return [hit.id.removeprefix("wire.jsonl/").split("#")[0] for hit in result.hits]


def test_accents_never_matter(engine) -> None:
    assert set(ids(engine.search("mexico"))) == set(ids(engine.search("México"))) >= {"floods", "lluvias", "city"}


def test_a_stem_meets_its_forms_but_not_an_unrelated_word(engine) -> None:
    assert ids(engine.search("deportacion")) == ["deport"]
    assert ids(engine.search("inundar", lang="es")) == ["lluvias"]


def test_stop_words_alone_do_not_decide_a_match(engine) -> None:
    assert ids(engine.search("the floods", translate=False)) == ids(engine.search("floods", translate=False)) == [
        "floods"]


def test_a_phrase_needs_its_words_in_order(engine) -> None:
    assert ids(engine.search('"Mexico City"')) == ["floods"]
    assert "city" in ids(engine.search("mexico city"))
    assert ids(engine.search('"deportacion"')) == ["deport"]  # one quoted word is the word, stems too


def test_prefix_wildcard_and_fuzzy_expand_to_index_words(engine) -> None:
    assert ids(engine.search("inund*")) == ["lluvias"]
    assert ids(engine.search("guit?rs")) == ["guitars"]
    assert ids(engine.search("floodd~1")) == ["floods"]


def test_field_restrictions_and_not(engine) -> None:
    assert ids(engine.search("title:deporte")) == ["sport"]
    assert set(ids(engine.search("mexico NOT floods"))) == {"lluvias", "city"}
    assert set(ids(engine.search("guitar -drums"))) == {"guitars"}
    assert {hit.lang for hit in engine.search("mexico lang:es").hits} == {"es"}


def test_ranking_puts_the_clear_match_first(engine) -> None:
    assert ids(engine.search("guitar")) == ["guitars", "mention"]


def test_filters_and_facets(engine) -> None:
    result = engine.search("mexico", lang="es")
    assert ids(result) == ["lluvias"] and result.total == 1
    assert result.facets["lang"] == {"en": 2, "es": 1}  # the language facet ignores the language filter
    assert result.facets["source"] == {"EFE": 1}
    assert ids(engine.search("mexico", source="reuters")) == ["city"]
    dated = engine.search("mexico", since="2024-05-02")
    assert ids(dated) == ["lluvias"] and dated.undated_left_out == 1
    assert set(ids(engine.search("mexico", since="2024-05-02", include_undated=True))) == {"lluvias", "city"}


def test_date_sort_is_newest_first_with_the_undated_last(engine) -> None:
    result = engine.search("mexico", sort="date")
    assert ids(result) == ["lluvias", "floods", "city"]
    assert result.hits[-1].date is None


def test_every_article_and_the_empty_query_with_a_filter(engine) -> None:
    assert engine.search("*", limit=100).total == len(RECORDS)
    listed = engine.search("", source="EFE", limit=100)
    assert listed.total == 4 and all(hit.score is None for hit in listed.hits)


def test_fold_keeps_one_hit_per_article(engine) -> None:
    plain = engine.search("trade OR negociaciones")
    folded = engine.search("trade OR negociaciones", fold=True)
    assert plain.total == 2 and folded.total == 1 and len(folded.hits) == 1
    assert folded.hits[0].versions == [h.id for h in plain.hits if h.id != folded.hits[0].id]


def test_versions_and_article_spans(engine) -> None:
    hit = engine.search("trade").hits[0]
    assert hit.versions == ["wire.jsonl/pair#es"] and hit.version_langs == {"wire.jsonl/pair#es": "es"}
    article = engine.article(hit.id, query="trade", lang="es")
    assert article.lang == "es" and article.versions == [hit.id]
    article = engine.article(hit.id, query="talks")
    assert [article.body[a:b] for a, b in article.spans] == ["talks"]
    assert [article.title[a:b] for a, b in article.title_spans] == ["talks"]


def test_snippets_mark_the_matched_words(engine) -> None:
    hit = engine.search("elecciones", lang="es").hits[0]
    assert any(s.text[a:b] == "elecciones" for s in hit.snippets for a, b in s.spans)


def test_suggestions_come_from_the_index_vocabulary(engine) -> None:
    assert engine.suggest("guitarz")[0] == "guitars"
    assert engine.search("guitarz").suggestion == "guitars"
    assert engine.suggest("mexicoo") == ["Mexico"]  # spelled as the articles spell it
    assert engine.suggest("Méxicoo") == ["México"]


def test_stats_and_sources(engine) -> None:
    stats = engine.stats()
    assert stats.documents == len(RECORDS)
    assert stats.langs == {"en": 5, "es": 4}
    assert stats.sources == {"AP": 3, "EFE": 4, "Reuters": 2}
    assert engine.sources() == ["AP", "EFE", "Reuters"]


def test_an_unknown_id_or_missing_version_is_article_not_found(engine) -> None:
    with pytest.raises(search.ArticleNotFound):
        engine.article("wire.jsonl/nope#en")
    with pytest.raises(search.ArticleNotFound):
        engine.article("wire.jsonl/floods#en", lang="es")

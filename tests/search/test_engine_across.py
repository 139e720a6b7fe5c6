"""Cross-language search through the engine: an English query finds the Spanish articles, and the reverse."""

from __future__ import annotations

from pathlib import Path

import pytest

import search
from search.crosslang import queries
from optional import needs_apertium
from search.crosslang import translate as tr


ARTICLES = {
    "harvest-en.txt": "Farmers report a record wheat harvest\n\nThe wheat harvest in Kansas reached a record this "
                      "year, the farmers said, after a wet spring and a dry summer helped the crop.",
    "cosecha-es.txt": "Récord en la cosecha de trigo de Castilla\n\nLa cosecha de trigo en Castilla alcanzó un "
                      "récord este año, según dijeron los agricultores, tras una primavera lluviosa.",
    "elecciones-es.txt": "Los chilenos votan en las elecciones presidenciales\n\nLos chilenos votaron el domingo "
                         "en unas elecciones presidenciales marcadas por la economía y la seguridad.",
    "parliament-en.txt": "Parliament debates the new budget\n\nMembers of parliament debated the budget for the "
                         "next year on Tuesday, with the opposition asking for more spending on schools.",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("across")
    seeds = root / "seeds"
    seeds.mkdir()
    for name, text in ARTICLES.items():
        (seeds / name).write_text(text, encoding="utf-8")
    search.build_index(seeds, root / "index")
    with search.open_index(root / "index") as opened:
        yield opened


def paths(result) -> list[str]:
    return [hit.path for hit in result.hits]


def marked(hit) -> set[str]:
    return {s.text[a:b].lower() for s in hit.snippets for a, b in s.spans} | {
        hit.title[a:b].lower() for a, b in hit.title_spans}


@needs_apertium
def test_an_english_query_finds_the_spanish_article_after_the_english_one(engine):
    result = engine.search("wheat harvest")
    assert paths(result) == ["harvest-en.txt", "cosecha-es.txt"]
    english, spanish = result.hits
    assert not english.cross_language and spanish.cross_language
    assert result.cross_language == 1
    assert result.translations == {"es": "cosecha de trigo"}
    assert result.total == 2 and result.facets["lang"] == {"en": 1, "es": 1}
    assert {"cosecha", "trigo"} <= marked(spanish)  # its snippet shows what the translation matched


@needs_apertium
def test_a_spanish_query_finds_the_english_article_after_the_spanish_one(engine):
    result = engine.search("cosecha de trigo")
    assert paths(result) == ["cosecha-es.txt", "harvest-en.txt"]
    assert [hit.cross_language for hit in result.hits] == [False, True]
    assert "harvest" in result.translations["en"]


@needs_apertium
def test_a_language_filter_searches_that_language_through_the_translation(engine):
    result = engine.search("wheat harvest", lang="es")
    assert paths(result) == ["cosecha-es.txt"]
    assert result.hits[0].cross_language
    assert result.facets["lang"] == {"en": 1, "es": 1}  # what each language's own words (or translation) find
    assert paths(engine.search("wheat harvest", lang="en")) == ["harvest-en.txt"]


@needs_apertium
def test_without_translation_only_the_query_words_are_searched(engine):
    result = engine.search("wheat harvest", translate=False)
    assert paths(result) == ["harvest-en.txt"]
    assert result.translations == {} and result.cross_language == 0
    assert result.total == 1


@needs_apertium
def test_paging_and_counting_agree_with_the_fused_ranking(engine):
    whole = paths(engine.search("wheat harvest", limit=10))
    pages = [paths(engine.search("wheat harvest", limit=1, offset=offset)) for offset in range(3)]
    assert pages == [whole[:1], whole[1:2], []]
    assert engine.search("wheat harvest", limit=0).total == 2
    dated = engine.search("wheat harvest", sort="date")
    assert sorted(paths(dated)) == sorted(whole) and dated.cross_language == 1


@pytest.mark.parametrize("text", ['"wheat harvest"', "title:wheat", "whea*", "wheat -kansas"])
def test_exact_queries_stay_in_their_language(engine, text):
    result = engine.search(text)
    assert "cosecha-es.txt" not in paths(result)
    assert result.translations == {}


def test_without_apertium_the_semantic_layer_still_crosses_the_border(engine, monkeypatch):
    queries._cache.clear()
    monkeypatch.setattr(tr, "translate", lambda *a, **k: None)
    try:
        result = engine.search("wheat harvest")
    finally:
        queries._cache.clear()
    assert paths(result) == ["harvest-en.txt", "cosecha-es.txt"]
    assert [hit.cross_language for hit in result.hits] == [False, True]
    assert result.translations == {} and not result.notices
    assert result.total == 2 and result.facets["lang"] == {"en": 1, "es": 1}


@needs_apertium
def test_folding_lists_an_article_found_in_both_languages_once(seed_engine):
    bilingual = "trump-mexico-el-salvador-deportations-en-es.txt"
    spread = seed_engine.search("deportation", limit=50)
    assert [(hit.id, hit.cross_language) for hit in spread.hits] == [
        (f"{bilingual}#en", False), ("trump-el-salvador-safe-third-country-en.txt#en", False),
        (f"{bilingual}#es", True)]
    folded = seed_engine.search("deportation", fold=True, limit=50)
    assert [hit.id for hit in folded.hits] == [f"{bilingual}#en", "trump-el-salvador-safe-third-country-en.txt#en"]
    assert folded.total == 2 and folded.hits[0].versions == [f"{bilingual}#es"]


@needs_apertium
def test_a_hit_the_query_words_match_too_is_not_marked_across_languages(seed_engine):
    # "mexico" is in the Spanish version as "México": the query's own words found it as well
    result = seed_engine.search("mexico deportation")
    assert result.translations == {"es": "mexico deportación"}
    spanish = next(hit for hit in result.hits if hit.lang == "es")
    assert not spanish.cross_language and result.cross_language == 0


@needs_apertium
def test_each_language_count_is_what_choosing_that_language_finds(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("harvest-en.txt", "cosecha-es.txt"):
        (seeds / name).write_text(ARTICLES[name], encoding="utf-8")
    # an English article that holds a Spanish word of the translation, as a name
    (seeds / "trigo-en.txt").write_text("The Trigo family opens a restaurant\n\nThe Trigo family opened a new "
                                        "restaurant downtown on Friday, the owners said.", encoding="utf-8")
    search.build_index(seeds, tmp_path / "index")
    with search.open_index(tmp_path / "index") as engine:
        spanish = engine.search("wheat harvest", lang="es")
        english = engine.search("wheat harvest", lang="en")
    assert [hit.path for hit in spanish.hits] == ["cosecha-es.txt"]
    assert [hit.path for hit in english.hits] == ["harvest-en.txt"]
    assert spanish.facets["lang"] == english.facets["lang"] == {"en": 1, "es": 1}


def test_counts_add_up_across_languages_per_source(tmp_path):
    import json

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    records = [
        {"id": "en1", "lang": "en", "source": "EFE", "title": "Farmers report a record wheat harvest",
         "body": ARTICLES["harvest-en.txt"].split("\n\n", 1)[1]},
        {"id": "es1", "lang": "es", "source": "EFE", "title": "Récord en la cosecha de trigo de Castilla",
         "body": ARTICLES["cosecha-es.txt"].split("\n\n", 1)[1]},
        {"id": "en2", "lang": "en", "source": "AP", "title": "Parliament debates the new budget",
         "body": ARTICLES["parliament-en.txt"].split("\n\n", 1)[1]},
    ]
    (seeds / "wire.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    search.build_index(seeds, tmp_path / "index")
    with search.open_index(tmp_path / "index") as engine:
        result = engine.search("record wheat harvest for the farmers")
        assert sorted(hit.id for hit in result.hits) == ["wire.jsonl/en1#en", "wire.jsonl/es1#es"]
        assert result.total == 2
        assert result.facets == {"lang": {"en": 1, "es": 1}, "source": {"EFE": 2}}
        assert engine.search("record wheat harvest for the farmers", source="EFE").total == 2


@needs_apertium
def test_the_lexical_matches_are_reranked_by_meaning_also_beyond_the_nearest_articles(tmp_path, monkeypatch):
    from search.semantic import match

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    # the translation's words both match a short article about something else, once each a long one on the subject
    (seeds / "pintora-es.txt").write_text("Cosecha, de Ana Trigo\n\nLa pintora Ana Trigo expone Cosecha, sus cuadros "
                                          "abstractos, en el museo.", encoding="utf-8")
    (seeds / "campo-es.txt").write_text(
        "Los agricultores de Castilla celebran un buen año\n\nLos agricultores de Castilla recogieron este verano "
        "una cosecha abundante de trigo y cebada tras las lluvias de la primavera, y los precios del cereal en los "
        "mercados de la región subieron por la demanda de las harineras y de las granjas.", encoding="utf-8")
    (seeds / "parliament-en.txt").write_text(ARTICLES["parliament-en.txt"], encoding="utf-8")
    search.build_index(seeds, tmp_path / "index")
    monkeypatch.setattr(match, "NEIGHBOURS", 0)  # neither is among the articles nearest the query
    with search.open_index(tmp_path / "index") as engine:
        reranked = paths(engine.search("wheat harvest", lang="es"))
        monkeypatch.setattr(match, "WINDOW", 0)
        words_only = paths(engine.search("wheat harvest", lang="es"))
    assert reranked == ["campo-es.txt", "pintora-es.txt"]
    assert words_only == ["pintora-es.txt", "campo-es.txt"]


def test_warming_up_loads_the_encoder_only_for_an_index_with_vectors(tmp_path, monkeypatch):
    from search.semantic import encoder

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "harvest-en.txt").write_text(ARTICLES["harvest-en.txt"], encoding="utf-8")
    search.build_index(seeds, tmp_path / "lexical", semantic=False)
    search.build_index(seeds, tmp_path / "semantic")
    monkeypatch.setattr(encoder, "_model", None)
    with search.open_index(tmp_path / "lexical") as engine:
        assert engine.warm_up() is False
    assert encoder._model is None
    with search.open_index(tmp_path / "semantic") as engine:
        assert engine.warm_up() is True
    assert encoder._model is not None


@needs_apertium
def test_warming_up_starts_the_translation_pipelines(engine, monkeypatch):
    tr.close()
    engine.warm_up()
    assert set(tr._pipelines) == {"eng-spa", "spa-eng"}

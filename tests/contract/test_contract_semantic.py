"""The semantic layer on every backend: matches by meaning across languages, vectors kept for
unchanged texts, a state without vectors that says so, a build stopped while embedding."""

from __future__ import annotations

from pathlib import Path

import pytest

import search
from search.backends import open_backend
from search.crosslang import queries
from search.crosslang import translate as tr

ARTICLES = {
    "harvest-en.txt": "Farmers report a record wheat harvest\n\nThe wheat harvest in Kansas reached a record this "
                      "year, the farmers said, after a wet spring and a dry summer helped the crop.",
    # no word in common with the English article; its lead is about something else
    "cosecha-es.txt": "Castilla celebra un verano histórico en el campo\n\nEl consejero regional visitó el lunes "
                      "varios pueblos de la provincia de Valladolid, donde se reunió con alcaldes y vecinos para "
                      "hablar de carreteras, de escuelas rurales y del nuevo centro de salud.\n\nLos agricultores "
                      "recogieron este verano la mayor cosecha de trigo de su historia, gracias a las lluvias de la "
                      "primavera y a un mes de junio seco.\n\nLos precios del cereal bajaron en los mercados por la "
                      "abundancia del grano.",
    "parliament-en.txt": "Parliament debates the new budget\n\nMembers of parliament debated the budget for the "
                         "next year on Tuesday, with the opposition asking for more spending on schools.",
    "elecciones-es.txt": "Los chilenos votan en las elecciones presidenciales\n\nLos chilenos votaron el domingo "
                         "en unas elecciones presidenciales marcadas por la economía y la seguridad.",
}
QUERY = "wheat harvest record farmers"


@pytest.fixture
def no_apertium(monkeypatch: pytest.MonkeyPatch):
    """Query translation off, so what crosses the border is the semantic layer's doing."""
    queries._cache.clear()
    monkeypatch.setattr(tr, "translate", lambda *a, **k: None)
    yield
    queries._cache.clear()


def seeds_in(folder: Path, **changed: str) -> Path:
    seeds = folder / "seeds"
    seeds.mkdir(exist_ok=True)
    for name, text in {**ARTICLES, **changed}.items():
        (seeds / name).write_text(text, encoding="utf-8")
    return seeds


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


def test_an_english_query_finds_the_spanish_article_by_meaning(backend, tmp_path, no_apertium):
    search.build_index(seeds_in(tmp_path), backend, rebuild=True)
    with search.open_index(backend) as engine:
        result = engine.search(QUERY)
        assert ids(result) == ["harvest-en.txt#en", "cosecha-es.txt#es"]
        spanish = result.hits[1]
        assert spanish.cross_language and result.cross_language == 1 and not result.hits[0].cross_language
        # no word matches: the snippet is the passage closest in meaning, not the article's first lines
        assert spanish.snippets[0].text.startswith("Los agricultores recogieron") and spanish.snippets[0].spans == []
        assert result.total == 2 and result.facets["lang"] == {"en": 1, "es": 1}
        assert not result.notices and result.translations == {}
        assert ids(engine.search(QUERY, lang="es")) == ["cosecha-es.txt#es"]
        # the query's own language keeps exactly the articles its words match
        assert ids(engine.search(QUERY, lang="en")) == ["harvest-en.txt#en"]
        assert ids(engine.search(QUERY, translate=False)) == ["harvest-en.txt#en"]
        assert engine.search("asdf qwerty").total == 0  # nothing is similar enough to nonsense
        assert engine.search(QUERY, since="2030-01-01").total == 0  # filters hold for matches by meaning (undated)
        assert engine.search(f'"{QUERY}"').total == 0  # a phrase means its words, exactly


def test_unchanged_articles_are_not_embedded_again(backend, tmp_path):
    seeds = seeds_in(tmp_path)
    search.build_index(seeds, backend, rebuild=True)
    rebuilt = search.build_index(seeds, backend, rebuild=True)
    assert (rebuilt.semantic.encoded, rebuilt.semantic.reused) == (0, 4)
    seeds_in(tmp_path, **{"parliament-en.txt": ARTICLES["parliament-en.txt"] + " The vote is on Friday."})
    (seeds / "storm-en.txt").write_text("A storm hits the coast\n\nStrong winds closed the port.", encoding="utf-8")
    (seeds / "elecciones-es.txt").unlink()
    updated = search.build_index(seeds, backend)
    assert (updated.semantic.encoded, updated.semantic.reused) == (2, 2)
    reader = open_backend(backend)
    try:
        vectors = reader.vectors()
    finally:
        reader.close()
    assert sorted(vectors.ids) == sorted(["harvest-en.txt#en", "cosecha-es.txt#es", "parliament-en.txt#en",
                                              "storm-en.txt#en"])
    unchanged = search.build_index(seeds, backend)
    assert (unchanged.semantic.encoded, unchanged.semantic.reused) == (0, 4)


def test_a_state_without_vectors_says_so_and_the_next_build_completes_it(backend, tmp_path, no_apertium):
    seeds = seeds_in(tmp_path)
    lexical = search.build_index(seeds, backend, rebuild=True, semantic=False)
    assert lexical.semantic is None
    with search.open_index(backend) as engine:
        result = engine.search(QUERY)
        assert ids(result) == ["harvest-en.txt#en"]
        assert any("no semantic layer" in notice for notice in result.notices)
    completed = search.build_index(seeds, backend)
    assert completed.completed_semantic and completed.rebuilt
    assert (completed.semantic.encoded, completed.semantic.reused) == (4, 0)
    with search.open_index(backend) as engine:
        result = engine.search(QUERY)
        assert ids(result) == ["harvest-en.txt#en", "cosecha-es.txt#es"] and not result.notices


def test_an_update_without_the_semantic_layer_leaves_no_stale_vectors(backend, tmp_path, no_apertium):
    seeds = seeds_in(tmp_path)
    search.build_index(seeds, backend, rebuild=True)
    seeds_in(tmp_path, **{"storm-en.txt": "A storm hits the coast\n\nStrong winds closed the port."})
    search.build_index(seeds, backend, semantic=False)
    reader = open_backend(backend)
    try:
        assert reader.vectors() is None
    finally:
        reader.close()
    with search.open_index(backend) as engine:
        assert any("no semantic layer" in notice for notice in engine.search(QUERY).notices)


def test_a_build_stopped_while_embedding_leaves_the_previous_state(backend, tmp_path, no_apertium):
    seeds = seeds_in(tmp_path)
    search.build_index(seeds, backend, rebuild=True)
    seeds_in(tmp_path, **{"cosecha-es.txt": "Llueve en Sevilla\n\nLa lluvia volvió a Sevilla el martes."})

    def stop(progress: search.Progress) -> None:
        if progress.phase == "embed":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        search.build_index(seeds, backend, progress=stop)
    with search.open_index(backend) as engine:
        result = engine.search(QUERY)
        assert ids(result) == ["harvest-en.txt#en", "cosecha-es.txt#es"] and not result.notices
        assert "Los agricultores" in result.hits[1].snippets[0].text


def test_ids_of_keys_are_the_documents_ids_in_order(backend, tmp_path):
    from search.query import tree as t

    search.build_index(seeds_in(tmp_path), backend, rebuild=True, semantic=False)
    reader = open_backend(backend)
    try:
        keys = [key for key, _score in reader.search(t.Every(), t.Filters(), sort="relevance", offset=0, limit=10,
                                                       facets=False, fold=False).page]
        assert len(keys) == 4
        assert reader.ids(keys[::-1]) == [doc.id for doc in reader.documents(keys[::-1])]
    finally:
        reader.close()

"""The engine's search API on the seeds: what a user finds, in which order, with which snippets."""

from __future__ import annotations

from pathlib import Path

import pytest

import search
from corpus_data import write_filler
from search.models import SearchResult
from search.backends.whoosh.compile import compile_tree
from search.query.prepare import prepare

BILINGUAL = "trump-mexico-el-salvador-deportations-en-es.txt"
SAFE_THIRD = "trump-el-salvador-safe-third-country-en.txt"


def found(result: SearchResult) -> list[tuple[str, str]]:
    """Hits as (seed file, language), in rank order."""
    return [(hit.path, hit.lang) for hit in result.hits]


def marked(snippet) -> list[str]:
    return [snippet.text[a:b] for a, b in snippet.spans]


def test_mexico_finds_all_three_versions_and_marks_the_accented_spanish_word(seed_engine):
    result = seed_engine.search("mexico")
    assert sorted(found(result)) == sorted([(BILINGUAL, "en"), (BILINGUAL, "es"), (SAFE_THIRD, "en")])
    assert result.total == 3
    spanish = next(h for h in result.hits if h.lang == "es")
    words = [w for s in spanish.snippets for w in marked(s)]
    assert "México" in words
    for snippet in spanish.snippets:
        for start, end in snippet.spans:
            assert 0 <= start < end <= len(snippet.text)


def test_deportacion_in_spanish_finds_only_the_spanish_version(seed_engine):
    result = seed_engine.search("deportacion", lang="es")
    assert found(result) == [(BILINGUAL, "es")]
    assert result.facets["lang"] == {"es": 1}


def test_phrase_finds_only_the_article_that_has_it(seed_engine):
    assert found(seed_engine.search('"safe third country"')) == [(SAFE_THIRD, "en")]


def test_a_name_finds_every_version(seed_engine):
    assert len(seed_engine.search("Bukele").hits) == 3


def test_spanish_word_ranks_the_spanish_version_first(seed_engine):
    assert found(seed_engine.search("migrantes"))[0] == (BILINGUAL, "es")


def test_prefix_query_uses_unstemmed_words(seed_engine):
    result = seed_engine.search("deportac*")
    assert found(result) == [(BILINGUAL, "es")]
    assert any("deportaciones" in marked(s) for s in result.hits[0].snippets)


def test_field_restriction_and_exclusion(seed_engine):
    assert found(seed_engine.search("lang:es trump")) == [(BILINGUAL, "es")]
    assert found(seed_engine.search("trump -sheinbaum")) == [(SAFE_THIRD, "en")]
    assert found(seed_engine.search("title:canales")) == [(BILINGUAL, "es")]


def test_hits_carry_plain_data_and_link_language_versions(seed_engine):
    hit = next(h for h in seed_engine.search("Sheinbaum", lang="en").hits)
    assert hit.path == BILINGUAL and hit.lang == "en"
    spanish_id = hit.versions[0]
    assert seed_engine.article(spanish_id).lang == "es"
    # The language of each version comes with it (the app's "EN · also ES" badge).
    assert hit.version_langs == {spanish_id: "es"}
    assert seed_engine.article(spanish_id).version_langs == {hit.id: "en"}
    assert "\x1b" not in hit.snippets[0].text and "[b]" not in hit.snippets[0].text


def test_filters_sort_and_paging_on_dated_articles(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "wire.jsonl").write_text(
        "\n".join(
            '{"id": "%s", "title": "%s", "body": "Elecciones en %s: resultados.", "lang": "es", '
            '"source": "%s", "date": "%s"}' % row
            for row in [
                ("a", "Elecciones en Chile", "Chile", "EFE", "2024-03-01"),
                ("b", "Elecciones en Perú", "Perú", "Reuters", "2025-01-15"),
                ("c", "Elecciones en México", "México", "EFE", "2025-06-30"),
            ]
        ),
        encoding="utf-8",
    )
    search.build_index(seeds, tmp_path / "index")
    with search.open_index(tmp_path / "index") as engine:
        def ids(hits):
            return [h.id.removeprefix("wire.jsonl/").removesuffix("#es") for h in hits]

        assert ids(engine.search("elecciones", sort="date").hits) == ["c", "b", "a"]
        assert set(ids(engine.search("elecciones", since="2025").hits)) == {"b", "c"}
        assert ids(engine.search("elecciones", since="2025-01", until="2025-01").hits) == ["b"]
        efe = engine.search("elecciones", source="efe")
        assert set(ids(efe.hits)) == {"a", "c"}
        assert efe.facets["source"] == {"EFE": 2, "Reuters": 1}
        page = engine.search("elecciones", sort="date", limit=1, offset=1)
        assert page.total == 3 and ids(page.hits) == ["b"]
        with pytest.raises(search.InvalidInput, match="not a date"):
            engine.search("elecciones", since="13/01/2025")
        with pytest.raises(search.InvalidInput, match="use en or es"):
            engine.search("elecciones", lang="fr")


def test_accented_query_ranks_the_accented_spelling_first(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.jsonl").write_text(
        '{"id": "plain", "title": "Nota uno", "body": "La delegación viajó a Mexico el martes.", "lang": "es"}\n'
        '{"id": "accent", "title": "Nota dos", "body": "La delegación viajó a México el martes.", "lang": "es"}\n',
        encoding="utf-8",
    )
    search.build_index(seeds, tmp_path / "index")
    with search.open_index(tmp_path / "index") as engine:
        assert [h.id for h in engine.search("México").hits] == ["a.jsonl/accent#es", "a.jsonl/plain#es"]
        assert {h.id for h in engine.search("mexico").hits} == {"a.jsonl/accent#es", "a.jsonl/plain#es"}


def test_did_you_mean_is_accent_insensitive(seed_engine):
    assert seed_engine.suggest("deportasiones")[0] == "deportaciones"
    assert seed_engine.suggest("Mejico")[0] in {"Mexico", "México"}, "spelled as in the articles"
    result = seed_engine.search("deportasiones")
    assert result.total == 0 and result.suggestion == "deportaciones"
    assert seed_engine.suggest("Bukele") == []


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "(a OR", "NOT", "AND OR NOT", "))))", "title:", ":", "~~~", "[a TO", "lang:",
     'source:""', "\x00\ud800", "*", "*a*", "U.S.-Mexico MS-13", "a" * 5000, "w~9", "x" * 50 + "~"],
)
def test_malformed_queries_never_raise(seed_engine, query):
    result = seed_engine.search(query)
    assert result.total >= 0


def test_expensive_expansion_is_capped_with_a_notice(seed_engine):
    result = seed_engine.search("*e*")
    assert result.total > 0
    assert any("most common" in notice for notice in result.notices)


def test_article_has_every_match_span(seed_engine):
    hit = seed_engine.search('"safe third country"').hits[0]
    article = seed_engine.article(hit.id, query="asylum")
    assert article.body.count("asylum") + article.body.count("Asylum") <= len(article.spans)
    assert all(article.body[a:b].lower().startswith("asylum") for a, b in article.spans)
    with pytest.raises(search.ArticleNotFound, match="no article with id"):
        seed_engine.article("no-such-id")


def test_stats_count_documents_per_language(seed_engine):
    stats = seed_engine.stats()
    assert stats.documents == 3
    assert stats.langs == {"en": 2, "es": 1}
    assert stats.size_bytes > 0 and stats.built_at


def test_term_by_term_path_shows_what_the_whoosh_path_shows(tmp_path: Path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    rows = [
        ("a", "Elecciones en Chile", "es", "EFE", "2024-03-01"),
        ("b", "Elecciones en Perú y Chile", "es", "Reuters", "2025-01-15"),
        ("c", "Elections in Mexico", "en", "EFE", "2025-06-30"),
        ("d", "Chile votes in elections", "en", "AP", "2025-02-02"),
    ]
    (seeds / "wire.jsonl").write_text(
        "\n".join(
            '{"id": "%s", "title": "%s", "body": "%s. Resultados y results.", "lang": "%s", '
            '"source": "%s", "date": "%s"}' % (i, t, t, lang, src, day)
            for i, t, lang, src, day in rows
        ),
        encoding="utf-8",
    )
    search.build_index(seeds, tmp_path / "index")
    calls = [
        ("elecciones chile", {}), ("chile elections", {"lang": "en"}), ("chile", {"source": "efe"}),
        ("elecciones results", {"since": "2025"}), ("results", {"limit": 2, "offset": 1}),
        ("chile", {"facets": False, "snippets": 1}),
    ]
    with search.open_index(tmp_path / "index") as engine:
        fast = [engine.search(q, **kw) for q, kw in calls]
        monkeypatch.setattr(search.backends.whoosh.ranking.TermScorer, "scores", lambda self, q: None)
        slow = [engine.search(q, **kw) for q, kw in calls]
    for a, b in zip(fast, slow):
        assert (a.hits, a.total, a.facets, a.suggestion) == (b.hits, b.total, b.facets, b.suggestion)
    assert fast[2].total == 1 and fast[2].facets["source"] == {"EFE": 1, "Reuters": 1, "AP": 1}


def test_undecodable_bytes_in_a_query_are_not_words_and_warn_nothing(seed_engine) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        seed_engine.search("title:İé?\udcae")  # a field value reaches folding with its surrogate
        result = seed_engine.search("\udcc3 mexico \ud8bf")
    assert {hit.lang for hit in result.hits} == {"en", "es"}


def test_versions_are_the_other_live_documents_of_the_group(seeds_copy: Path, tmp_path: Path):
    copy = seeds_copy / "copy-en-es.txt"
    copy.write_text((seeds_copy / BILINGUAL).read_text(encoding="utf-8"), encoding="utf-8")
    (seeds_copy / "wire.jsonl").write_text(
        '{"id": "w1", "title": "Trump", "body": "Trump habla.", "lang": "es"}\n'
        # A record's group is its file and its own id: these two are versions of each other.
        '{"id": "pair", "title": "Trump", "body": "Trump again.", "lang": "en"}\n'
        '{"id": "pair", "title": "Trump", "body": "Trump otra vez.", "lang": "es"}\n',
        encoding="utf-8",
    )
    write_filler(seeds_copy)
    index = tmp_path / "index"
    search.build_index(seeds_copy, index)
    # A changed file's old versions stay in the index as deleted documents.
    copy.write_text(copy.read_text(encoding="utf-8").replace("Trump", "Trump Trump"), encoding="utf-8")
    search.build_index(seeds_copy, index)
    with search.open_index(index) as engine:
        searcher = engine._reader._searcher
        assert searcher.reader().has_deletions()
        live = [searcher.stored_fields(n) for n in searcher.reader().all_doc_ids()]
        expected = {
            doc["id"]: sorted(other["id"] for other in live if other["group"] == doc["group"] and other is not doc)
            for doc in live
        }
        assert expected["wire.jsonl/w1#es"] == [] and expected["copy-en-es.txt#en"] == ["copy-en-es.txt#es"]
        assert expected["wire.jsonl/pair#en"] == ["wire.jsonl/pair#es"]
        for _ in range(2):  # the second time from what the engine remembered
            assert {doc_id: engine.article(doc_id).versions for doc_id in expected} == expected
            hits = engine.search("trump", limit=50).hits
            assert {hit.id: hit.versions for hit in hits} == {hit.id: expected[hit.id] for hit in hits}


def test_facets_without_filters_are_what_the_filtered_count_gives(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    rows = [("a", "es", "EFE"), ("b", "en", ""), ("c", "es", "AP"), ("d", "en", "EFE"), ("e", "en", "AP"),
            ("f", "es", "Reuters")]
    (seeds / "wire.jsonl").write_text(
        "\n".join(
            '{"id": "%s", "title": "Chile", "body": "Chile %s.", "lang": "%s", "source": "%s"}' % (i, i, lang, src)
            for i, lang, src in rows
        ),
        encoding="utf-8",
    )
    search.build_index(seeds, tmp_path / "index")
    with search.open_index(tmp_path / "index") as engine:
        result = engine.search("chile")
        assert result.total == 6
        assert sorted(result.facets["lang"].items()) == [("en", 3), ("es", 3)]
        assert sorted(result.facets["source"].items()) == [("AP", 2), ("EFE", 2), ("Reuters", 1)]
        assert list(result.facets["source"])[-1] == "Reuters"
        searcher = engine._reader._searcher
        matched = list(engine._reader._term_scorer(searcher).scores(compile_tree(prepare("chile", engine._reader).tree)))
        every = set(searcher.reader().all_doc_ids())
        fast = engine._reader._filtered(searcher, matched, None, None, None)
        counted = engine._reader._filtered(searcher, matched, None, None, every)  # the filtered path
        assert len(fast[0]) == len(counted[0]) == 6
        assert [list(f.items()) for f in fast[1].values()] == [list(f.items()) for f in counted[1].values()]
        assert engine._reader._filtered(searcher, iter(matched), None, None, None) == fast
        spanish = engine.search("chile", lang="es")
        assert spanish.total == 3 and spanish.facets["lang"] == {"es": 3, "en": 3}
        assert spanish.facets["source"] == {"EFE": 1, "AP": 1, "Reuters": 1}


def test_a_query_asked_again_after_a_rebuild_sees_the_new_vocabulary(seeds_copy: Path, tmp_path: Path):
    index = tmp_path / "index"
    search.build_index(seeds_copy, index)
    with search.open_index(index) as engine:
        before = engine.search("deportac*")
        assert engine.search("deportac*", lang="es").hits == before.hits
        (seeds_copy / "new.jsonl").write_text(
            '{"id": "n", "title": "Nota", "body": "Habla una deportacionista.", "lang": "es"}\n', encoding="utf-8"
        )
        search.build_index(seeds_copy, index)
        assert engine.refresh()
        after = engine.search("deportac*")  # a word only the new document has
        assert after.total == before.total + 1 and "new.jsonl/n#es" in {h.id for h in after.hits}

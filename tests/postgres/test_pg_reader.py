"""The PostgreSQL backend answers every kind of query as the Whoosh backend does, through the engine."""

from __future__ import annotations

import pytest

import search
from optional import needs_apertium

QUERIES = [
    "México", "mexico salvador", "deportacion", "frontera elecciones", '"El Salvador"', '"salvador el"',
    '"asylum rules"', '"asylum election"', '"storm border storm"',
    "talks -storm", "border -storm", "+asylum rules", "talks AND budget", "harbor OR puerto", "NOT mexico", "bord*", "b?rder",
    "vacuna~", "tormenta~2", "[pre TO pu]", "title:frontera", "lang:es mexico", "source:efe", "date:2022",
    "date:[2021 TO 2023-06]", "*", "", "deportasiones", "qqqzzz",
]
OPTIONS = [
    {}, {"lang": "en"}, {"source": ["EFE", "BBC"]}, {"since": "2021", "until": "2023-06"},
    {"since": "2021", "include_undated": True}, {"sort": "date"}, {"fold": True}, {"offset": 3, "limit": 4},
    {"sort": "date", "fold": True, "lang": "es", "limit": 5},
]


def _answer(result: search.SearchResult) -> dict:
    return {"total": result.total, "hits": [(h.id, h.score, h.versions, h.title_spans,
                                             [(s.text, s.spans) for s in h.snippets]) for h in result.hits],
            "facets": result.facets, "undated": result.undated_left_out, "suggestion": result.suggestion,
            "notices": result.notices}


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "plain")
def test_every_query_answers_as_on_whoosh(both_indexes, options):
    location, folder, _seeds = both_indexes
    with search.open_index(location) as pg, search.open_index(folder) as whoosh:
        for query in QUERIES:
            if not query and not options.get("lang") and not options.get("source"):
                continue
            expected = _answer(whoosh.search(query, **options))
            assert _answer(pg.search(query, **options)) == expected, query


def test_an_excluded_word_excludes_every_document_holding_it(both_indexes):
    """``border -storm``: whoosh3 3.54.0's own AndNot over a union kept feed.jsonl/5 ("storm border
    storm"); both backends must leave it out (the Whoosh reader takes exclusions as set differences)."""
    location, _folder, _seeds = both_indexes
    with search.open_index(location) as pg:
        storm = {h.id for h in pg.search("storm", limit=100).hits}
        border = {h.id for h in pg.search("border", limit=100).hits}
        result = pg.search("border -storm", limit=100)
        assert "feed.jsonl/5#en" in storm & border
        assert {h.id for h in result.hits} == border - storm and result.total == len(border - storm) == 2


def test_ranking_scores_are_whooshs(both_indexes):
    """The BM25F scores themselves, not only the order: the same formula over the same statistics."""
    location, folder, _seeds = both_indexes
    with search.open_index(location) as pg, search.open_index(folder) as whoosh:
        hits = pg.search("frontera deportaciones mexico", limit=50).hits
        assert len(hits) > 10
        assert [(h.id, h.score) for h in hits] == [(h.id, h.score) for h in whoosh.search(
            "frontera deportaciones mexico", limit=50).hits]


def test_articles_versions_suggestions_stats(both_indexes):
    location, folder, _seeds = both_indexes
    with search.open_index(location) as pg, search.open_index(folder) as whoosh:
        doc_id = "trump-mexico-el-salvador-deportations-en-es.txt#en"
        assert pg.article(doc_id, query="mexico") == whoosh.article(doc_id, query="mexico")
        assert pg.article(doc_id, lang="es") == whoosh.article(doc_id, lang="es")
        with pytest.raises(search.ArticleNotFound):
            pg.article("no-such-id")
        assert pg.suggest("deportasiones") == whoosh.suggest("deportasiones")
        assert pg.suggest("deportasiones")[0] == "deportaciones"
        assert pg.sources() == whoosh.sources() == ["BBC News", "EFE", "El País"]
        pg_stats, whoosh_stats = pg.stats(), whoosh.stats()
        assert (pg_stats.documents, pg_stats.langs, pg_stats.sources, pg_stats.seeds_dir) == (
            whoosh_stats.documents, whoosh_stats.langs, whoosh_stats.sources, whoosh_stats.seeds_dir)
        assert pg_stats.size_bytes > 0
        assert pg_stats.index_dir.startswith("postgresql://news@127.0.0.1:")  # no password shown


def test_unknown_source_and_bad_input_are_errors(both_indexes):
    location, _folder, _seeds = both_indexes
    with search.open_index(location) as pg:
        with pytest.raises(search.UnknownSource) as caught:
            pg.search("mexico", source="Reuters")
        assert caught.value.candidates is not None
        with pytest.raises(search.InvalidInput):
            pg.search("mexico", lang="fr")


def _counting_snapshots(monkeypatch) -> list[int]:
    from search.backends.postgres.connection import PgIndex

    opened: list[int] = []
    real = PgIndex.snapshot
    monkeypatch.setattr(PgIndex, "snapshot", lambda self, *a, **k: (opened.append(1), real(self, *a, **k))[1])
    return opened


def test_a_search_reads_in_a_few_transactions_not_one_per_hit(both_indexes, monkeypatch):
    """Each reader call is one transaction (a few round trips); the page's language versions come with its documents."""
    location, _folder, _seeds = both_indexes
    opened = _counting_snapshots(monkeypatch)
    with search.open_index(location) as pg:
        pg.search("warm up")
        opened.clear()
        result = pg.search("mexico salvador deportaciones frontera", limit=10, translate=False)
    assert len(result.hits) >= 4 and any(h.versions for h in result.hits)
    # generation, sources (twice: cached after the first scan), the matches, the page's documents
    assert len(opened) <= 5, len(opened)


@needs_apertium
def test_a_search_across_languages_reads_in_a_few_transactions(both_indexes, monkeypatch):
    location, _folder, _seeds = both_indexes
    opened = _counting_snapshots(monkeypatch)
    with search.open_index(location) as pg:
        pg.search("warm up")
        opened.clear()
        across = pg.search("deportaciones", limit=10)
    assert across.cross_language and across.translations == {"en": "deportations"}
    # the translation's sources, the count of both, then each language's window; the semantic
    # layer: the vectors' state, the other language's best lexical score and its ids
    assert len(opened) <= 11, len(opened)


def test_readers_leave_the_file_manifest_to_writers(both_indexes):
    """The manifest grows with the archive (5.8 MB at 68,000 documents): a reader's snapshot never fetches it."""
    from search.backends.postgres import store
    from search.backends.postgres.connection import PgIndex
    from search.backends.postgres.location import connect, parse

    location, _folder, seeds = both_indexes
    index = PgIndex(location)
    try:
        with index.snapshot() as snap:
            assert "files" not in snap.meta and snap.meta["documents"] > 0
            schema = snap.schema
    finally:
        index.close()
    with connect(parse(location)) as conn:
        files = store.read_meta(conn, schema)["files"]
    assert sorted(files) == sorted(p.name for p in seeds.iterdir())


def test_a_generation_holding_its_manifest_in_its_record_still_updates_incrementally(pg_location, tmp_path):
    """Generations written before the manifest table keep the files inside the build record."""
    from pg_corpus import write_corpus
    from search.backends.postgres import store
    from search.backends.postgres.location import connect, parse

    seeds = write_corpus(tmp_path / "seeds")
    search.build_index(seeds, pg_location)
    with connect(parse(pg_location)) as conn:
        schema = store.live_or_none(conn)[0]
        conn.execute(f"UPDATE {schema}.meta SET meta = meta || jsonb_build_object('files', "
                     f"(SELECT files FROM {schema}.manifest))")
        conn.execute(f"DROP TABLE {schema}.manifest")
        conn.commit()
    report = search.build_index(seeds, pg_location)
    assert (report.added, report.updated, report.removed) == (0, 0, 0)
    (seeds / "new.jsonl").write_text('{"id": "n1", "title": "Nuevo", "body": "Un artículo nuevo.", '
                                     '"lang": "es", "source": "Agencia Nueva"}\n', encoding="utf-8")
    with search.open_index(pg_location) as pg:
        assert "Agencia Nueva" not in pg.sources()
        report = search.build_index(seeds, pg_location)
        assert report.added == 1 and (report.updated, report.removed) == (0, 0)
        assert "Agencia Nueva" in pg.sources()  # an update is seen at once, its new source too
    assert search.build_index(seeds, pg_location).added == 0


def test_a_wide_pattern_and_a_misspelling_read_in_a_few_transactions(both_indexes, monkeypatch):
    """The most common words of a capped expansion, and a suggestion's candidates, are counted in one read each."""
    from search.backends.postgres.connection import PgIndex
    from search.query import prepare

    location, folder, _seeds = both_indexes
    monkeypatch.setattr(prepare, "MAX_EXPANSION", 3)
    opened = []
    real = PgIndex.snapshot
    monkeypatch.setattr(PgIndex, "snapshot", lambda self, *a, **k: (opened.append(1), real(self, *a, **k))[1])
    with search.open_index(location) as pg, search.open_index(folder) as whoosh:
        # One transaction per expanded word or per candidate before (31 and 12 here).
        for query, reads in (("d*", 8), ("deportasiones", 10)):
            expected = _answer(whoosh.search(query))
            opened.clear()
            assert _answer(pg.search(query)) == expected
            assert len(opened) <= reads, (query, len(opened))
        assert any("most common" in notice for notice in pg.search("d*").notices)

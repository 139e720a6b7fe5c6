"""Shards: a coordinator and two shard servers (postgres_fdw hash partitions) answer as one node."""

from __future__ import annotations

import json

import psycopg
import pytest

import search
from search.cli import main

from pg_corpus import write_corpus
from pg_server import start_server
from test_pg_reader import OPTIONS, QUERIES, _answer


@pytest.fixture(scope="module")
def shard_servers():
    servers = [start_server(), start_server()]
    try:
        yield servers
    finally:
        for server in servers:
            server.remove()


def _generations(location: str) -> set[str]:
    with psycopg.connect(location) as conn:
        return {r[0] for r in conn.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, 'news_search_g')")}


def _live_rows(location: str) -> tuple[str, int]:
    """(the only generation, its documents) as one server holds them."""
    (name,) = _generations(location)
    with psycopg.connect(location) as conn:
        return name, conn.execute(f"SELECT count(*) FROM {name}.docs").fetchone()[0]


def _every_answer(location: str, options_sets: list[dict] = OPTIONS) -> list:
    with search.open_index(location) as engine:
        return [_answer(engine.search(query, **options)) for options in options_sets for query in QUERIES
                if query or options.get("lang") or options.get("source")]


def test_a_coordinator_and_two_shards_answer_as_one_node(pg_server, shard_servers, tmp_path, capsys):
    seeds = write_corpus(tmp_path / "seeds")
    single = pg_server.create_database("one_node")
    coordinator = pg_server.create_database("sharded")
    shard_dbs = [server.create_database("sharded") for server in shard_servers]
    declared = coordinator + "?shards=" + ",".join(f"127.0.0.1:{server.port}" for server in shard_servers)
    assert main(["index", str(seeds), "--index", single, "--quiet"]) == 0
    assert main(["index", str(seeds), "--index", declared, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 43
    # The documents and postings are on the shards, split between them; the coordinator holds the
    # partitions as foreign tables and the statistics itself.
    (schema, first), (same, second) = (_live_rows(db) for db in shard_dbs)
    assert schema == same and first > 0 and second > 0 and first + second == 43
    with psycopg.connect(coordinator) as conn:
        kinds = dict(conn.execute("SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n "
                                  "ON n.oid = c.relnamespace WHERE n.nspname = %s", (schema,)).fetchall())
    assert (kinds["docs"], kinds["docs_0"], kinds["postings_1"], kinds["terms"]) == ("p", "f", "f", "r")
    assert _every_answer(coordinator) == _every_answer(single)  # hits, order, scores, facets, snippets

    # An update without the parameter: the build record names the shards; rows change in place.
    (seeds / "new.md").write_text("---\ntitle: Tormenta en el puerto\nlang: es\n---\nLa tormenta cerró el puerto.\n")
    (seeds / "trump-el-salvador-safe-third-country-en.txt").unlink()
    for location in (single, coordinator):
        assert main(["index", "--index", location, "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert (report["action"], report["added"], report["removed"], report["documents"]) == ("updated", 1, 1, 43)
    assert sum(_live_rows(db)[1] for db in shard_dbs) == 43 and _live_rows(shard_dbs[0])[0] == schema
    assert _every_answer(coordinator) == _every_answer(single)
    assert main(["query", "tormenta puerto", "--index", coordinator, "--ids", "--limit", "1"]) == 0
    assert capsys.readouterr().out == "new.md#es\n"

    # A rebuild writes a new generation on every shard; the retired one goes at the next build,
    # on the shards as on the coordinator.
    assert main(["index", str(seeds), "--index", coordinator, "--rebuild", "--quiet"]) == 0
    assert main(["index", str(seeds), "--index", coordinator, "--rebuild", "--quiet"]) == 0
    kept = _generations(coordinator)
    assert len(kept) == 2 and schema not in kept and all(_generations(db) == kept for db in shard_dbs)
    assert _every_answer(coordinator, OPTIONS[:2]) == _every_answer(single, OPTIONS[:2])


def test_a_shard_that_is_not_host_and_port_is_one_clear_line(pg_server, capsys):
    location = pg_server.create_database("bad_shards") + "?shards=nowhere"
    assert main(["index", "seeds", "--index", location]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "shard 'nowhere' is not HOST:PORT" in err and "news-test-secret" not in err

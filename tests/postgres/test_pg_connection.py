"""Server failures are one clear error (a kind and the server's host, port, database); the engine
answers again once the server is back."""

from __future__ import annotations

import pytest

import search
from search.backends import location_text
from pg_server import PASSWORD, free_port, start_server
from search.cli import main

from pg_corpus import write_corpus


def _unavailable(location: str) -> search.ServerUnavailable:
    with pytest.raises(search.ServerUnavailable) as caught:
        search.open_index(location)
    return caught.value


def test_refused_wrong_password_missing_database(pg_server):
    port = free_port()
    refused = _unavailable(f"postgresql://news:{PASSWORD}@127.0.0.1:{port}/news")
    assert (refused.reason, refused.host, refused.port, refused.database) == ("refused", "127.0.0.1", port, "news")
    wrong = _unavailable(pg_server.location(password="not-it"))
    assert (wrong.reason, wrong.port, wrong.database) == ("authentication", pg_server.port, "postgres")
    with pytest.raises(search.DatabaseNotFound) as caught:  # an IndexNotFound: no index there yet
        search.open_index(pg_server.location("no_such_db"))
    missing = caught.value
    assert (missing.host, missing.port, missing.database) == ("127.0.0.1", pg_server.port, "no_such_db")
    assert "not-it" not in str(wrong) and PASSWORD not in str(missing)


def test_an_empty_database_says_how_to_build_it(pg_location, capsys):
    with pytest.raises(search.IndexNotFound):
        search.open_index(pg_location)
    assert main(["query", "mexico", "--index", pg_location]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "search-cli index SEEDS_DIR --index postgresql://news@127.0.0.1:" in err


@pytest.mark.parametrize("case, words", [
    ("refused", "is not answering; start the server"),
    ("password", "refused the user name or password; correct the user and password"),
    ("database", "has no database 'no_such_db': create it with: createdb -h 127.0.0.1 -p "),
])
def test_the_cli_says_what_to_do_in_one_line(pg_server, capsys, case, words):
    location = {"refused": f"postgresql://news@127.0.0.1:{free_port()}/news",
                "password": pg_server.location(password="not-it"),
                "database": pg_server.location("no_such_db")}[case]
    for argv in (["query", "mexico"], ["stats"], ["show", "some-id"], ["index", "seeds"]):
        assert main([*argv, "--index", location]) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err and "Traceback" not in err, (argv, err)
        assert err.startswith("search-cli: error: PostgreSQL server 127.0.0.1:"), err
        if case == "database":  # the build command repeats the user's --index
            shown = location_text(location)
            assert err.rstrip().endswith(f"then build the index with: search-cli index SEEDS_DIR --index {shown}"), err
        assert "not-it" not in err and "secret" not in err  # never the password


def test_the_engine_reconnects_when_the_server_is_back(tmp_path):
    server = start_server()  # its own server: this test stops it
    try:
        seeds = write_corpus(tmp_path / "seeds")
        search.build_index(seeds, server.location())
        with search.open_index(server.location()) as engine:
            expected = engine.search("mexico").total
            assert expected > 0
            server.stop()
            with pytest.raises(search.ServerUnavailable) as caught:
                engine.search("mexico")
            assert caught.value.reason in ("gone", "refused")
            with pytest.raises(search.ServerUnavailable):
                engine.search("mexico")  # still down: the same clear error, not a broken object
            server.start()
            assert engine.search("mexico").total == expected
            assert engine.article(engine.search("mexico").hits[0].id).body
    finally:
        server.remove()

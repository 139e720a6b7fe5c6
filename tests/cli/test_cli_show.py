"""search-cli show: one whole article, its matches highlighted, readable or as JSON."""

from __future__ import annotations

from unidecode import unidecode

from cli_helpers import ANY_ESCAPE, IndexedSeeds, has_colour, json_lines, one_error_line, run_in_terminal


def first_hit(seeds: IndexedSeeds, query: str, *extra: str) -> dict:
    hits = json_lines(seeds.run("query", query, "--json", *extra).stdout)
    assert hits
    return hits[0]


def test_show_prints_the_whole_article(indexed_seeds: IndexedSeeds) -> None:
    hit = first_hit(indexed_seeds, "mexico")
    result = indexed_seeds.run("show", hit["id"])
    assert result.returncode == 0, result.stderr
    assert ANY_ESCAPE not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == hit["title"]
    assert hit["id"] in lines[1] and hit["path"] in lines[1]
    for snippet in hit["snippets"]:
        assert " ".join(snippet["text"].split()) in " ".join(result.stdout.split())


def test_show_json_has_the_body_and_the_query_spans(indexed_seeds: IndexedSeeds) -> None:
    hit = first_hit(indexed_seeds, "mexico", "--lang", "es")
    result = indexed_seeds.run("show", hit["id"], "--query", "mexico", "--json")
    assert result.returncode == 0, result.stderr
    [article] = json_lines(result.stdout)
    assert set(article) == {"id", "title", "lang", "source", "date", "path", "url", "title_spans",
                            "body", "spans", "versions"}
    assert article["id"] == hit["id"] and article["lang"] == "es"
    assert article["spans"]
    for start, end in article["spans"]:
        assert unidecode(article["body"][start:end]).lower().startswith("mexic")
    plain = json_lines(indexed_seeds.run("show", hit["id"], "--json").stdout)[0]
    assert plain["spans"] == [] and plain["body"] == article["body"]


def test_show_highlights_matches_on_a_terminal(indexed_seeds: IndexedSeeds) -> None:
    hit = first_hit(indexed_seeds, "mexico")
    args = ["show", hit["id"], "--index", str(indexed_seeds.index)]
    with_query = run_in_terminal(*args, "--query", "mexico", env=indexed_seeds.env)
    assert with_query.returncode == 0, with_query.output
    assert has_colour(with_query.output)
    without = run_in_terminal(*args, env=indexed_seeds.env)
    assert not has_colour(without.output), "nothing to highlight without --query"


def test_unknown_id_is_one_error_line(indexed_seeds: IndexedSeeds) -> None:
    result = indexed_seeds.run("show", "no-such-id")
    assert result.returncode == 2
    assert "no-such-id" in one_error_line(result.stderr)

"""search-cli show: one whole article, its matches highlighted, readable or as JSON."""

from __future__ import annotations

from pathlib import Path

from unidecode import unidecode

from cli_helpers import (ANSI_SGR, ANY_ESCAPE, IndexedSeeds, has_colour, json_lines, one_error_line, run_cli,
                         run_in_terminal)


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


def bilingual_ids(seeds: IndexedSeeds) -> tuple[str, str]:
    hits = json_lines(seeds.run("query", "mexico", "--json").stdout)
    english = next(hit for hit in hits if hit["lang"] == "en" and hit["versions"])
    return english["id"], english["versions"][0]


def test_show_several_ids_in_the_order_given(cli, indexed_seeds: IndexedSeeds) -> None:
    first, second = bilingual_ids(indexed_seeds)
    index = ["--index", str(indexed_seeds.index)]
    run = cli("show", second, first, "-j", *index)
    assert run.code == 0
    assert [a["id"] for a in json_lines(run.out)] == [second, first]
    readable = cli("show", second, first, *index)
    titles = [json_lines(cli("show", i, "-j", *index).out)[0]["title"] for i in (second, first)]
    lines = readable.out.splitlines()
    assert lines[0] == titles[0] and titles[1] in lines and lines.index(titles[1]) > 2


def test_show_reads_ids_from_stdin(cli, indexed_seeds: IndexedSeeds) -> None:
    index = ["--index", str(indexed_seeds.index)]
    ids = cli("query", "mexico", "--ids", *index).out
    for args in ([], ["-"]):
        run = cli("show", *args, "-j", *index, stdin=ids + "\n")
        assert run.code == 0, run.err
        assert [a["id"] for a in json_lines(run.out)] == ids.split()
    empty = cli("show", *index, stdin="\n")
    assert empty.code == 2 and "no article ids on stdin" in one_error_line(empty.err)


def test_show_goes_on_past_a_missing_id_and_exits_2(cli, indexed_seeds: IndexedSeeds) -> None:
    first, second = bilingual_ids(indexed_seeds)
    run = cli("show", first, "no-such-id", second, "-j", "--index", str(indexed_seeds.index))
    assert run.code == 2
    assert [a["id"] for a in json_lines(run.out)] == [first, second]
    assert "no-such-id" in one_error_line(run.err)


def test_show_lang_opens_the_other_language_version(cli, indexed_seeds: IndexedSeeds) -> None:
    english, spanish = bilingual_ids(indexed_seeds)
    index = ["--index", str(indexed_seeds.index)]
    run = cli("show", english, "--lang", "es", "-j", *index)
    assert run.code == 0
    [article] = json_lines(run.out)
    assert (article["id"], article["lang"]) == (spanish, "es")
    alone = json_lines(cli("query", "asylum", "-j", "-l", "en", *index).out)
    single = next(hit["id"] for hit in alone if not hit["versions"])
    missing = cli("show", single, "-l", "es", *index)
    assert missing.code == 2 and "has no 'es' version" in one_error_line(missing.err)


def write_pager(tmp_path: Path) -> tuple[str, Path]:
    """A $PAGER that records what it was given (and the LESS it saw), then prints a marker."""
    log = tmp_path / "paged.txt"
    script = tmp_path / "pager.sh"
    script.write_text(f'#!/bin/sh\necho "LESS=$LESS" > {log}\ncat >> {log}\necho PAGER-RAN\n')
    script.chmod(0o755)
    return str(script), log


def test_show_pages_a_long_article_on_a_terminal(indexed_seeds: IndexedSeeds, tmp_path: Path) -> None:
    pager, log = write_pager(tmp_path)
    doc_id = bilingual_ids(indexed_seeds)[0]
    env = {**indexed_seeds.env, "PAGER": pager}
    env.pop("LESS", None)
    shown = run_in_terminal("show", doc_id, "--query", "mexico", "--index", str(indexed_seeds.index), env=env)
    assert shown.returncode == 0, shown.output
    assert "PAGER-RAN" in shown.output
    paged = log.read_text(encoding="utf-8")
    assert paged.startswith("LESS=FRX\n")
    assert has_colour(paged), "the pager gets the highlights"
    body = json_lines(indexed_seeds.run("show", doc_id, "--json").stdout)[0]["body"]
    assert " ".join(body.split()) in " ".join(ANSI_SGR.sub("", paged).split())
    direct = run_in_terminal("show", doc_id, "--no-pager", "--index", str(indexed_seeds.index), env=env)
    assert "PAGER-RAN" not in direct.output
    assert " ".join(body.split()) in " ".join(ANSI_SGR.sub("", direct.output).split())


def test_show_is_printed_plain_when_piped_even_with_a_pager_set(indexed_seeds: IndexedSeeds,
                                                                 tmp_path: Path) -> None:
    pager, log = write_pager(tmp_path)
    doc_id = bilingual_ids(indexed_seeds)[0]
    piped = run_cli("show", doc_id, "--index", str(indexed_seeds.index),
                    env={**indexed_seeds.env, "PAGER": pager})
    assert piped.returncode == 0
    assert "PAGER-RAN" not in piped.stdout and not log.exists()
    assert ANY_ESCAPE not in piped.stdout

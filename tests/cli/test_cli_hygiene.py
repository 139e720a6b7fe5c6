"""Human output is safe and tidy: no terminal controls from article text, no padding, no wrapping
off a terminal, aligned stats, and error lines that say what to do."""

from __future__ import annotations

import re

import pytest

from cli_helpers import (ANSI_SGR, ESC, EVIL_BODY, EVIL_ID, RECORDS, record_id, EVIL_TITLE, LONG_SOURCE, IndexedSeeds, cli_env,
                         json_lines, one_error_line, run_cli, run_in_terminal)

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def without_styles(text: str) -> str:
    """What is left once our own style codes (SGR) are removed: any other control came from the text."""
    return ANSI_SGR.sub("", text)


def test_escape_sequences_in_articles_never_reach_the_terminal(sourced: IndexedSeeds) -> None:
    for args in (["query", "alert red"], ["show", EVIL_ID, "--query", "mexico"]):
        for color in ("always", "never"):
            piped = sourced.run(*args, "--color", color)
            assert piped.returncode == 0, piped.stderr
            shown = without_styles(piped.stdout)
            assert not CONTROLS.search(shown.replace("\n", "")), repr(shown)
            assert "pwned title" not in shown and "[31m" not in shown and "[2J" not in shown
            assert "Alert RED from Mexico" in shown
        terminal = run_in_terminal(*args, "--index", str(sourced.index), env=sourced.env)
        assert terminal.returncode == 0, terminal.output
        shown = without_styles(terminal.output).replace("\r\n", "")
        assert not CONTROLS.search(shown), repr(shown)
        assert "Evil Blink" in shown


def test_json_keeps_the_text_as_stored(sourced: IndexedSeeds) -> None:
    [hit] = json_lines(sourced.run("query", "alert", "--json").stdout)
    assert hit["title"] == EVIL_TITLE
    [article] = json_lines(sourced.run("show", EVIL_ID, "--json").stdout)
    assert article["body"] == EVIL_BODY and ESC in article["body"]


def test_highlights_stay_on_the_matched_words_after_escapes_are_removed(sourced: IndexedSeeds) -> None:
    shown = sourced.run("show", EVIL_ID, "--query", "screen", "--color", "always").stdout
    highlighted = [m.group(2) for m in re.finditer(r"\x1b\[([0-9;]*)m([^\x1b]+)", shown)
                   if "33" in m.group(1).split(";")]
    assert highlighted == ["screen"], highlighted


def test_color_always_in_a_pipe_neither_wraps_nor_pads(sourced: IndexedSeeds) -> None:
    piped = sourced.run("query", "mexico", "--color", "always")
    assert piped.returncode == 0
    lines = without_styles(piped.stdout).splitlines()
    assert max(len(line) for line in lines) > 100, "a long snippet stays on one line"
    assert not [line for line in lines if line != line.rstrip()]


def test_a_terminal_wraps_to_its_width_without_trailing_spaces(sourced: IndexedSeeds) -> None:
    shown = run_in_terminal("query", "mexico", "--index", str(sourced.index), env=sourced.env, columns=60)
    assert shown.returncode == 0, shown.output
    lines = without_styles(shown.output).split("\r\n")
    assert max(len(line) for line in lines) <= 60
    assert not [line for line in lines if line != line.rstrip()], lines
    snippet_lines = [line for line in lines if line.startswith("    ") and "·" not in line]
    assert len(snippet_lines) >= 2, "wrapped snippet lines keep the hit's indent"


def test_stats_columns_line_up_with_long_source_names(sourced: IndexedSeeds) -> None:
    out = sourced.run("stats").stdout
    value_columns = {line.rindex(" ") + 1 for line in out.splitlines() if line.split()[-1].isdigit()}
    assert len(value_columns) == 1, out
    assert f"  {LONG_SOURCE} 1" in out, out
    assert "  Evil Blink " in out, "a source name is shown without its escape codes"


def test_document_counts_are_worded_in_the_singular_too(tmp_path) -> None:
    seeds = tmp_path / "one"
    seeds.mkdir()
    (seeds / "a.md").write_text("---\ntitle: One\n---\nA single short article about Mexico.\n",
                                encoding="utf-8")
    env = cli_env(tmp_path)
    built = run_cli("index", str(seeds), "--index", str(tmp_path / "ix"), env=env)
    assert built.returncode == 0, built.stderr
    assert "; 1 document in " in built.stdout, built.stdout


def test_empty_query_says_why(cli, indexed_seeds: IndexedSeeds) -> None:
    for text in ("", "   "):
        run = cli("query", text, "--index", str(indexed_seeds.index))
        assert run.code == 2 and run.out == ""
        assert "query is empty" in one_error_line(run.err)


def test_a_query_that_starts_with_a_dash_gets_the_double_dash_hint(cli, sourced: IndexedSeeds) -> None:
    run = cli("query", "-border", "mexico", "--index", str(sourced.index))
    assert run.code == 2
    assert "search-cli query -- -border" in one_error_line(run.err)
    after_dash = cli("query", "--ids", "--index", str(sourced.index), "--", "-border", "mexico")
    assert after_dash.code == 0, after_dash.err
    assert set(after_dash.out.split()) == {record_id(RECORDS[1]), record_id(RECORDS[2])}


@pytest.mark.parametrize("value", ["0", "1001"])
def test_limit_out_of_range_gives_one_message_with_the_range(cli, value: str) -> None:
    run = cli("query", "mexico", "--limit", value)
    assert run.code == 2
    assert f"expected a number from 1 to 1000, got {value}" in one_error_line(run.err)


def test_limit_help_gives_the_maximum(tmp_path) -> None:
    shown = run_cli("query", "--help", env=cli_env(tmp_path))
    assert "at most N hits, 1 to 1,000" in " ".join(shown.stdout.split())


def test_errors_point_to_the_help_of_the_command_typed(cli) -> None:
    for args, command in ((["query", "mexico", "--colour", "always"], "query"),
                          (["stats", "--bogus"], "stats"), (["show", "x", "--nope"], "show")):
        run = cli(*args)
        assert run.code == 2
        assert f"(see: search-cli {command} --help)" in one_error_line(run.err)


def test_show_help_examples_use_ids_that_exist(indexed_seeds: IndexedSeeds) -> None:
    from search.cli.args import SHOW_EPILOG

    ids = set(re.findall(r"search-cli show (\S+#\S+)", SHOW_EPILOG))
    assert len(ids) >= 2
    for doc_id in ids:
        assert indexed_seeds.run("show", doc_id).returncode == 0, doc_id


def test_a_jsonl_error_reads_as_one_sentence(tmp_path) -> None:
    seeds = tmp_path / "export"
    seeds.mkdir()
    (seeds / "t.jsonl").write_text('{"id": "a", "title": "x", "body": "hello world"}\n{"a": "x\n',
                                   encoding="utf-8")
    built = run_cli("index", str(seeds), "--index", str(tmp_path / "ix"), env=cli_env(tmp_path))
    assert built.returncode == 0, built.stderr
    assert "t.jsonl: line 2: not valid JSON (Unterminated string starting at column 7)" in built.stderr
    assert "at at" not in built.stderr

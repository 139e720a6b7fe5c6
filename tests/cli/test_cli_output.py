"""Colour decisions: Rich styles on a terminal, plain text when piped, NO_COLOR and --color respected."""

from __future__ import annotations

import re

from unidecode import unidecode

from cli_helpers import (ANSI_SGR, ANY_ESCAPE, IndexedSeeds, has_bold, has_colour, json_lines,
                         run_cli, run_in_terminal)


def styled_fragments(output: str) -> list[tuple[list[int], str]]:
    """(style parameters, text up to the next escape) for every styled run of the output."""
    fragments = []
    for match in ANSI_SGR.finditer(output):
        codes = [int(p) for p in match.group(1).split(";") if p]
        rest = output[match.end():]
        fragments.append((codes, rest[: rest.find("\x1b")] if "\x1b" in rest else rest))
    return fragments


def highlighted_words(output: str) -> list[str]:
    """Words shown bold in a colour (the match style), as opposed to bold titles or dim metadata."""
    return [text for codes, text in styled_fragments(output)
            if 1 in codes and any(30 <= p <= 38 or 90 <= p <= 97 for p in codes) and text.strip()]


def query_args(seeds: IndexedSeeds, *extra: str) -> list[str]:
    return ["query", "México", "--index", str(seeds.index), *extra]


def test_terminal_gets_matches_in_bold_colour(indexed_seeds: IndexedSeeds) -> None:
    shown = run_in_terminal(*query_args(indexed_seeds), env=indexed_seeds.env)
    assert shown.returncode == 0, shown.output
    words = highlighted_words(shown.output)
    assert words, shown.output
    assert all(unidecode(word).lower().startswith("mexic") for word in words), words


def test_piped_output_is_plain_text(indexed_seeds: IndexedSeeds) -> None:
    piped = run_cli(*query_args(indexed_seeds), env=indexed_seeds.env)
    assert piped.returncode == 0
    assert ANY_ESCAPE not in piped.stdout
    assert ANY_ESCAPE not in piped.stderr


def test_no_color_keeps_bold_but_drops_colour_on_a_terminal(indexed_seeds: IndexedSeeds) -> None:
    shown = run_in_terminal(*query_args(indexed_seeds), env={**indexed_seeds.env, "NO_COLOR": "1"})
    assert shown.returncode == 0, shown.output
    assert not has_colour(shown.output), shown.output
    assert has_bold(shown.output)


def test_color_never_is_plain_even_on_a_terminal(indexed_seeds: IndexedSeeds) -> None:
    shown = run_in_terminal(*query_args(indexed_seeds, "--color", "never"), env=indexed_seeds.env)
    assert shown.returncode == 0, shown.output
    assert ANY_ESCAPE not in shown.output
    assert re.search(r"^ *1\. ", shown.output, re.M)


def test_color_always_styles_piped_output(indexed_seeds: IndexedSeeds) -> None:
    piped = run_cli(*query_args(indexed_seeds, "--color", "always"), env=indexed_seeds.env)
    assert piped.returncode == 0
    assert highlighted_words(piped.stdout)


def test_json_is_never_styled(indexed_seeds: IndexedSeeds) -> None:
    shown = run_in_terminal(*query_args(indexed_seeds, "--json", "--color", "always"),
                            env=indexed_seeds.env)
    assert shown.returncode == 0
    assert ANY_ESCAPE not in shown.output


def test_brackets_in_article_text_are_printed_not_parsed(fresh_seeds: IndexedSeeds) -> None:
    assert fresh_seeds.run("index", str(fresh_seeds.seeds)).returncode == 0
    hit = json_lines(fresh_seeds.run("query", "mexico", "--json", "--lang", "en").stdout)[0]
    article = json_lines(fresh_seeds.run("show", hit["id"], "--query", "mexico", "--json").stdout)[0]
    body, (start, end) = article["body"], article["spans"][0]
    marker = " [EFE] [bold]not markup[/bold]"
    (fresh_seeds.seeds / "brackets.txt").write_text(
        f"Wire report [EFE]\n\n{body[:end]}{marker}{body[end:]}\n", encoding="utf-8")
    assert fresh_seeds.run("index", str(fresh_seeds.seeds)).returncode == 0
    hits = json_lines(fresh_seeds.run("query", "mexico", "--json", "--limit", "50").stdout)
    [mine] = [hit for hit in hits if hit["path"] == "brackets.txt"]
    for color in ("always", "never"):
        result = fresh_seeds.run("show", mine["id"], "--query", "mexico", "--color", color)
        assert result.returncode == 0, result.stderr
        plain = " ".join(ANSI_SGR.sub("", result.stdout).split())
        assert f"{body[start:end]}{marker}" in plain
        assert "[EFE]" in plain.split(" · ")[0], "the title keeps its brackets"

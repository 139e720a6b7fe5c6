"""Hostile queries: arbitrary Unicode never raises, answers in bounded time; expansions are capped."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import search
from bench.stress import QueryTally, hostile_check, write_version_a

BOUND_SECONDS = 5.0
"""Generous: a query that takes this long on a few hundred documents is enumerating something."""
SYNTAX = st.sampled_from(['"', "*", "?", "~", "~9", "+", "-", "(", ")", ":", "AND", "OR", "NOT", "title:",
                          "lang:", "source:", "[", "]", "{", "}", "^", "\\", "a*", "*a", "**", "TO"])
ANY_CHARACTER = st.characters(exclude_categories=())
"""Every code point, lone surrogates included (what undecodable bytes become)."""
QUERIES = st.one_of(st.text(ANY_CHARACTER, max_size=200),
                    st.lists(st.one_of(st.text(ANY_CHARACTER, max_size=12), SYNTAX), max_size=12).map(" ".join))


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile")
    write_version_a(root / "seeds", files=4, per_file=100)
    search.build_index(root / "seeds", root / "index")
    with search.open_index(root / "index") as opened:
        yield opened


@settings(max_examples=10_000, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(text=QUERIES)
def test_arbitrary_unicode_queries_answer_or_say_one_line(engine, text: str) -> None:
    tally = QueryTally()
    # One call in ten goes through the defaults a user gets (snippets, facets, suggestions).
    hostile_check(engine, text, tally, default_call=len(text) % 10 == 0)
    assert tally.runs == 1
    assert tally.slowest < BOUND_SECONDS, f"{tally.slowest:.1f} s"


@pytest.mark.parametrize("text", ["*", "a*", "*a*", "?*", "*~", "quokka~2", "narwhal~9",
                                  "a~2 b~2 c~2 d~2 e~2 f~2", " ".join(f"w{n}*" for n in range(300)),
                                  "(" * 2000 + "x" + ")" * 2000, '"' * 3001])
def test_expensive_expansions_are_capped(engine, text: str) -> None:
    started = time.perf_counter()
    result = engine.search(text)
    took = time.perf_counter() - started
    assert took < BOUND_SECONDS, f"{took:.1f} s"
    assert result.total >= len(result.hits)


def test_a_prefix_matching_too_many_words_says_so(tmp_path: Path) -> None:
    from search.query.prepare import MAX_EXPANSION

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    words = " ".join(f"zq{n:04d}" for n in range(MAX_EXPANSION * 2))
    (seeds / "many.txt").write_text(f"Many words\n\n{words}\n", encoding="utf-8")
    search.build_index(seeds, tmp_path / "index")
    with search.open_index(tmp_path / "index") as engine:
        result = engine.search("zq*")
    assert result.total == 1
    assert any(f"{MAX_EXPANSION} most common" in notice for notice in result.notices), result.notices


@pytest.mark.parametrize("text", [" ".join(f"word{n}" for n in range(5000)), "x" * 100_000],
                         ids=["5000-words", "one-100000-char-word"])
def test_thousands_of_terms_or_one_huge_word_are_capped(engine, text: str) -> None:
    started = time.perf_counter()
    result = engine.search(text)
    took = time.perf_counter() - started
    assert took < BOUND_SECONDS, f"{took:.1f} s"
    assert result.total == 0
    if " " in text:  # both caps show: the text is cut to its first characters, then to its first words
        from search.query.prepare import MAX_QUERY_CHARS, MAX_TERMS

        counts = [int(m.group(1)) for n in result.notices
                  if (m := re.fullmatch(rf"query has (\d+) words; only the first {MAX_TERMS} were used", n))]
        assert counts and MAX_TERMS < counts[0] <= MAX_QUERY_CHARS // len("word0 "), result.notices


def test_words_past_the_cap_are_dropped_with_a_notice(engine) -> None:
    from search.query.prepare import MAX_TERMS

    result = engine.search(" ".join(f"word{n}" for n in range(MAX_TERMS * 3)))
    assert any(f"only the first {MAX_TERMS}" in notice for notice in result.notices), result.notices


def test_an_undecodable_article_id_is_not_reported_as_damage(engine) -> None:
    with pytest.raises(search.ArticleNotFound):
        engine.article("a-0-\udcff")

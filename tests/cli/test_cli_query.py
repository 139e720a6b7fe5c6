"""search-cli query: readable hits, JSON Lines, filters, paging and grep-like exit codes."""

from __future__ import annotations

import re
import subprocess

from unidecode import unidecode

from cli_helpers import ANY_ESCAPE, IndexedSeeds, cli_command, json_lines, one_error_line
from optional import needs_apertium


def folded(text: str) -> str:
    return unidecode(text).lower()


def seed_paths_mentioning(seeds: IndexedSeeds, stem: str) -> set[str]:
    """Seed files whose raw text holds ``stem`` once accents and case are ignored."""
    return {path.relative_to(seeds.seeds).as_posix() for path in seeds.seeds.rglob("*.txt")
            if stem in folded(path.read_text(encoding="utf-8"))}


def query_json(seeds: IndexedSeeds, *args: str) -> list[dict]:
    result = seeds.run("query", *args, "--json", "--limit", "100")
    assert result.returncode in (0, 1), result.stderr
    return json_lines(result.stdout)


def test_accented_query_finds_every_seed_that_mentions_it(indexed_seeds: IndexedSeeds) -> None:
    hits = query_json(indexed_seeds, "México")
    expected = seed_paths_mentioning(indexed_seeds, "mexic")
    assert expected, "the seeds should mention Mexico"
    assert {hit["path"] for hit in hits} == expected


def test_readable_output_shows_rank_title_metadata_and_snippets(indexed_seeds: IndexedSeeds) -> None:
    result = indexed_seeds.run("query", "México")
    assert result.returncode == 0, result.stderr
    hits = query_json(indexed_seeds, "México")
    out = result.stdout
    assert ANY_ESCAPE not in out, "piped output must be plain text"
    for rank, hit in enumerate(hits[:10], start=1):
        title_line = next(line for line in out.splitlines() if hit["title"] in line)
        assert title_line.strip().startswith(f"{rank}. ")
        meta = next(line for line in out.splitlines() if hit["id"] in line)
        for value in (hit["lang"], hit["path"], hit["source"] or "", hit["date"] or ""):
            assert value in meta
        for snippet in hit["snippets"]:
            assert " ".join(snippet["text"].split()) in " ".join(out.split())
    assert re.search(rf"\b{len(hits)} hits? for 'México'", out)


def test_json_lines_shape_and_match_spans(indexed_seeds: IndexedSeeds) -> None:
    hits = query_json(indexed_seeds, "mexico")
    assert hits
    for rank, hit in enumerate(hits, start=1):
        assert set(hit) == {"rank", "id", "title", "lang", "source", "date", "path", "url", "score",
                            "title_spans", "snippets", "versions", "cross_language"}
        assert hit["rank"] == rank
        assert isinstance(hit["score"], float | int)
        assert hit["lang"] in ("en", "es")
        assert hit["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", hit["date"])
        assert hit["snippets"], hit
        for snippet in hit["snippets"]:
            assert set(snippet) == {"text", "start", "spans"}
            assert snippet["spans"], snippet
            for start, end in snippet["spans"]:
                assert folded(snippet["text"][start:end]).startswith("mexic")
        for start, end in hit["title_spans"]:
            assert folded(hit["title"][start:end]).startswith("mexic")
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)


def test_lang_filter_keeps_only_that_language(indexed_seeds: IndexedSeeds) -> None:
    everything = query_json(indexed_seeds, "mexico")
    spanish = query_json(indexed_seeds, "mexico", "--lang", "es")
    assert spanish, "the seeds hold a Spanish article about México"
    assert {hit["id"] for hit in spanish} == {hit["id"] for hit in everything if hit["lang"] == "es"}


def test_source_and_date_filters_are_passed_to_the_engine(indexed_seeds: IndexedSeeds) -> None:
    everything = query_json(indexed_seeds, "mexico")
    dated = [hit for hit in everything if hit["date"]]
    if dated:
        newest = max(hit["date"] for hit in dated)
        since = query_json(indexed_seeds, "mexico", "--since", newest)
        assert {hit["id"] for hit in since} == {hit["id"] for hit in dated if hit["date"] >= newest}
        until = query_json(indexed_seeds, "mexico", "--until", newest[:4])
        assert {hit["id"] for hit in until} == {hit["id"] for hit in dated if hit["date"][:4] <= newest[:4]}
    sourced = [hit for hit in everything if hit["source"]]
    if sourced:
        source = sourced[0]["source"]
        only = query_json(indexed_seeds, "mexico", "--source", source)
        assert {hit["id"] for hit in only} == {hit["id"] for hit in sourced if hit["source"] == source}


def test_limit_and_offset_page_through_the_same_ranking(indexed_seeds: IndexedSeeds) -> None:
    everything = query_json(indexed_seeds, "mexico")
    assert len(everything) >= 2
    first = json_lines(indexed_seeds.run("query", "mexico", "--json", "--limit", "1").stdout)
    rest = json_lines(indexed_seeds.run("query", "mexico", "--json", "--offset", "1").stdout)
    assert [hit["id"] for hit in first + rest] == [hit["id"] for hit in everything]
    assert [hit["rank"] for hit in rest] == list(range(2, len(everything) + 1))
    readable = indexed_seeds.run("query", "mexico", "--limit", "1")
    assert "next page: --offset 1" in readable.stdout


def test_date_sort_puts_newest_first(indexed_seeds: IndexedSeeds) -> None:
    hits = query_json(indexed_seeds, "mexico", "--sort", "date")
    dates = [hit["date"] for hit in hits if hit["date"]]
    assert dates == sorted(dates, reverse=True)


def test_no_hits_exits_1_with_nothing_on_stdout(indexed_seeds: IndexedSeeds) -> None:
    for extra in ([], ["--json"]):
        result = indexed_seeds.run("query", "qwzxvbnmlk", *extra)
        assert result.returncode == 1, result.stderr
        assert result.stdout == ""
        assert "Traceback" not in result.stderr


def test_misspelling_exits_1_with_did_you_mean_on_stderr(indexed_seeds: IndexedSeeds) -> None:
    result = indexed_seeds.run("query", "Salvdaor")
    assert result.returncode == 1, result.stdout
    assert result.stdout == ""
    assert re.search(r"^search-cli: did you mean: .*salvador", result.stderr, re.I | re.M), result.stderr


def test_bad_dates_exit_2_with_one_line_naming_them(indexed_seeds: IndexedSeeds) -> None:
    for option, value in (("--since", "2025-13-45"), ("--until", "yesterday")):
        result = indexed_seeds.run("query", "mexico", option, value)
        assert result.returncode == 2
        assert result.stdout == ""
        assert value in one_error_line(result.stderr)


def test_bad_options_exit_2_with_one_line(indexed_seeds: IndexedSeeds) -> None:
    for args, named in ((["--lang", "fr"], "--lang"), (["--limit", "0"], "--limit"),
                        (["--offset", "-3"], "--offset"), (["--limit", "ten"], "--limit"),
                        (["--sort", "size"], "--sort"), (["--colour", "always"], "--colour")):
        result = indexed_seeds.run("query", "mexico", *args)
        assert result.returncode == 2, args
        assert named in one_error_line(result.stderr)
    missing = indexed_seeds.run("query")
    assert missing.returncode == 2
    assert "TEXT" in one_error_line(missing.stderr)


def test_closed_pipe_stops_quietly(indexed_seeds: IndexedSeeds) -> None:
    """Like `search-cli query mexico | head -0`: the reader is gone before anything is written."""
    process = subprocess.Popen(cli_command("query", "mexico", "--index", str(indexed_seeds.index)),
                               env=indexed_seeds.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) == 141
    assert stderr == ""


SPANISH_VERSION = "trump-mexico-el-salvador-deportations-en-es.txt#es"


@needs_apertium
def test_an_english_query_lists_the_spanish_version_marked_across_languages(indexed_seeds: IndexedSeeds) -> None:
    shown = indexed_seeds.run("query", "deportation", "--color", "never")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("3 hits for 'deportation', also as 'deportación' (es), 1 across languages (")
    spanish = next(i for i, line in enumerate(lines) if f"id {SPANISH_VERSION} " in line)
    assert lines[spanish].endswith(" · across languages")
    assert lines[spanish - 1].startswith(" 3. El equipo de Trump")
    assert sum(line.endswith(" · across languages") for line in lines) == 1
    hits = query_json(indexed_seeds, "deportation")
    assert [(hit["id"], hit["cross_language"]) for hit in hits][-1] == (SPANISH_VERSION, True)
    assert [hit["cross_language"] for hit in hits[:-1]] == [False, False]
    assert any("deportaciones" in s["text"][a:b].lower() for s in hits[-1]["snippets"] for a, b in s["spans"])


@needs_apertium
def test_no_translate_searches_the_english_words_only(indexed_seeds: IndexedSeeds) -> None:
    shown = indexed_seeds.run("query", "deportation", "--no-translate", "--color", "never")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("2 hits for 'deportation' (")
    assert "across languages" not in shown.stdout
    assert {hit["lang"] for hit in query_json(indexed_seeds, "deportation", "--no-translate")} == {"en"}
    counted = indexed_seeds.run("query", "deportation", "--count", "--no-translate")
    assert counted.stdout == "2\n"
    assert indexed_seeds.run("query", "deportation", "--count").stdout == "3\n"

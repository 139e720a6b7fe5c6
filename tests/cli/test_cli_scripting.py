"""search-cli query for scripts: --count, --ids, --format tsv, --fields, short flags, several
--lang/--source values, and --fold."""

from __future__ import annotations

import pytest

from cli_helpers import EVIL_ID, LONG_ID, LONG_SOURCE, RECORDS, IndexedSeeds, json_lines, one_error_line, record_id

MEXICO_IDS = {record_id(record) for record in RECORDS}
"""Every record of the sourced fixture mentions Mexico."""


def ids_of(out: str) -> list[str]:
    return [record["id"] for record in json_lines(out)]


def test_count_prints_the_number_of_all_hits(cli, sourced: IndexedSeeds) -> None:
    run = cli("query", "mexico", "--count", "--limit", "1", "--index", str(sourced.index))
    assert (run.code, run.out) == (0, f"{len(MEXICO_IDS)}\n")
    spanish = cli("query", "mexico", "--count", "-l", "es", "--index", str(sourced.index))
    assert spanish.out == "2\n"
    none = cli("query", "qwzxvbnmlk", "--count", "--index", str(sourced.index))
    assert (none.code, none.out) == (1, "0\n"), "like grep -c: 0 printed, exit 1"


def test_ids_prints_one_id_per_line_in_rank_order(cli, sourced: IndexedSeeds) -> None:
    ranked = ids_of(cli("query", "mexico", "-j", "--index", str(sourced.index)).out)
    run = cli("query", "mexico", "--ids", "--index", str(sourced.index))
    assert run.code == 0
    assert run.out.splitlines() == ranked
    page = cli("query", "mexico", "--ids", "-n", "2", "--offset", "1", "--index", str(sourced.index))
    assert page.out.splitlines() == ranked[1:3]


def test_tsv_has_six_plain_columns_per_hit(cli, sourced: IndexedSeeds) -> None:
    hits = json_lines(cli("query", "mexico", "--json", "--index", str(sourced.index)).out)
    run = cli("query", "mexico", "--format", "tsv", "--index", str(sourced.index))
    assert run.code == 0
    lines = run.out.split("\n")
    assert lines.pop() == ""
    assert len(lines) == len(hits)
    for line, hit in zip(lines, hits):
        columns = line.split("\t")
        assert len(columns) == 6, line
        doc_id, lang, date, source, title, snippet = columns
        assert (doc_id, lang, date) == (hit["id"], hit["lang"], hit["date"] or "")
        assert "\x1b" not in line
        assert snippet == " ".join(hit["snippets"][0]["text"].split()) or "\x1b" in hit["snippets"][0]["text"]
        if hit["id"] == LONG_ID:
            assert source == LONG_SOURCE and title == "México en la prensa"
        if hit["id"] == EVIL_ID:
            assert source == "Evil Blink" and title == "Alert RED from Mexico"


def test_fields_keeps_only_the_keys_asked_for_in_that_order(cli, sourced: IndexedSeeds) -> None:
    run = cli("query", "mexico", "-j", "--fields", "title,id", "--index", str(sourced.index))
    assert run.code == 0
    records = json_lines(run.out)
    assert records and all(list(record) == ["title", "id"] for record in records)
    as_format = cli("query", "mexico", "--format", "json", "--fields", "id", "--index", str(sourced.index))
    assert all(list(record) == ["id"] for record in json_lines(as_format.out))


@pytest.mark.parametrize("args, named", [
    (["--fields", "id"], "--json"),
    (["--fields", "id,colour", "--json"], "colour"),
    (["--ids", "--count"], "--count"),
    (["--json", "--format", "tsv"], "--format"),
])
def test_conflicting_or_bad_output_options_are_one_error_line(cli, sourced: IndexedSeeds, args, named) -> None:
    run = cli("query", "mexico", *args, "--index", str(sourced.index))
    assert run.code == 2 and run.out == ""
    assert named in one_error_line(run.err)


def test_short_flags_mean_the_long_ones(cli, sourced: IndexedSeeds) -> None:
    index = ["--index", str(sourced.index)]
    long = cli("query", "mexico", "--json", "--limit", "2", "--lang", "es", *index).out
    short = cli("query", "mexico", "-j", "-n", "2", "-l", "es", *index).out
    assert long == short and len(json_lines(short)) == 2


def test_several_langs_and_sources_are_or_ed(cli, sourced: IndexedSeeds) -> None:
    index = ["--index", str(sourced.index)]
    both = cli("query", "mexico", "--ids", "-l", "en", "-l", "es", *index)
    assert set(both.out.split()) == MEXICO_IDS
    sources = cli("query", "mexico", "--ids", "--source", "cbs news", "--source", "EFE", *index)
    assert set(sources.out.split()) == {record_id(RECORDS[0]), record_id(RECORDS[1])}, "case-insensitive, either source"
    one = cli("query", "mexico", "--ids", "--source", "EFE", *index)
    assert one.out.split() == [record_id(RECORDS[1])]


def test_fold_gives_one_hit_per_article(cli, indexed_seeds: IndexedSeeds) -> None:
    index = ["--index", str(indexed_seeds.index)]
    for query in ("mexico", '"El Salvador"'):  # a plain query, and a phrase (Whoosh's own matcher)
        every = json_lines(cli("query", query, "-j", *index).out)
        folded = json_lines(cli("query", query, "-j", "--fold", *index).out)
        groups = {hit["path"] for hit in every}
        assert len(every) > len(groups), "the seeds hold a bilingual article"
        assert [hit["path"] for hit in folded] == list(dict.fromkeys(hit["path"] for hit in every))
        kept = {hit["id"] for hit in folded}
        assert kept == {next(h["id"] for h in every if h["path"] == path) for path in groups}, \
            "each article is shown by its best-ranked version"
        assert all(hit["versions"] for hit in folded if hit["path"].endswith("-en-es.txt"))
        count = cli("query", query, "--count", "--fold", *index)
        assert count.out == f"{len(groups)}\n"


def test_a_cut_page_of_machine_output_says_so_on_stderr_only(cli, sourced: IndexedSeeds) -> None:
    index = ["--index", str(sourced.index)]
    for form in (["--ids"], ["-j"], ["--format", "tsv"]):
        cut = cli("query", "mexico", *form, "-n", "2", *index)
        assert len(cut.out.splitlines()) == 2
        assert cut.err == f"search-cli: note: hits 1-2 of {len(MEXICO_IDS)}; the next ones with --offset 2 " \
                          "(or a larger --limit, up to 1000)\n"
        whole = cli("query", "mexico", *form, *index)
        assert whole.err == "" and len(whole.out.splitlines()) == len(MEXICO_IDS)

"""Issue 13's query cases as a user meets them through search-cli: date order, undated articles,
date bounds, sources, languages, capped expansions and API argument types."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import search
from search.cli import main
from seed_records import write_records as write_jsonl

RECORDS = [
    # id, lang, title, body, source, date
    ("new", "es", "Elecciones en Chile", "Las elecciones en Chile terminan hoy.", "El País", "2025-06-30"),
    ("mid", "es", "Elecciones en Perú", "Las elecciones en Perú y sus resultados.", "EFE", "2025-01-15"),
    ("old", "es", "Elecciones en México", "Las elecciones en México fueron largas.", "EFE", "2024-03-01"),
    ("nodate1", "es", "Elecciones sin fecha", "Unas elecciones de las que nadie sabe la fecha.", "EFE", None),
    ("nodate2", "en", "Undated elections", "Elections whose date nobody wrote down, elecciones.", "AP", None),
    ("guardian", "en", "Election night", "Elections in the United Kingdom, elecciones.",
     "www.theguardian.com", "2025-02-01"),
    ("bbc", "en", "Votes counted", "Elections counted overnight, elecciones.", "BBC News", "2023-05-05"),
]


def write_records(folder: Path, records=RECORDS) -> Path:
    return write_jsonl(folder, records)


@pytest.fixture(scope="module")
def wire_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wire")
    search.build_index(write_records(root / "seeds"), root / "index")
    return root / "index"


def run(index: Path, capsys, *argv: str) -> tuple[int, list[dict], str]:
    """search-cli query ARGV --json on the wire index: exit code, hits, stderr."""
    code = main(["query", *argv, "--json", "--limit", "100", "--index", str(index)])
    captured = capsys.readouterr()
    hits = [json.loads(line) for line in captured.out.splitlines()]
    return code, hits, captured.err


def ids(hits: list[dict]) -> list[str]:
    """Each hit's record id in wire.jsonl (the index id is ``wire.jsonl/<record id>#<lang>``)."""
    return [hit["id"].removeprefix("wire.jsonl/").rsplit("#", 1)[0] for hit in hits]


# -- --sort date -----------------------------------------------------------------------------

def test_sort_date_lists_newest_first_and_undated_last_with_relevance_scores(wire_index, capsys):
    code, hits, _ = run(wire_index, capsys, "elecciones", "--sort", "date")
    assert code == 0
    assert ids(hits)[:5] == ["new", "guardian", "mid", "old", "bbc"]
    assert set(ids(hits)[5:]) == {"nodate1", "nodate2"}
    _, by_relevance, _ = run(wire_index, capsys, "elecciones")
    relevance = {hit["id"]: hit["score"] for hit in by_relevance}
    for hit in hits:
        assert hit["score"] == relevance[hit["id"]], "score is the relevance score, not a sort key"
        assert 0 < hit["score"] < 100


def test_listing_everything_by_date_has_no_score(wire_index, capsys):
    code, hits, _ = run(wire_index, capsys, "*", "--sort", "date", "--since", "2025-01")
    assert code == 0
    assert ids(hits) == ["new", "guardian", "mid"]
    assert all(hit["score"] is None for hit in hits)


def test_an_empty_query_with_a_filter_lists_what_passes_it(wire_index, capsys):
    code, hits, _ = run(wire_index, capsys, "", "--lang", "en")
    assert code == 0
    assert set(ids(hits)) == {"nodate2", "guardian", "bbc"}


# -- date bounds and undated articles ---------------------------------------------------------

def test_a_date_bound_says_how_many_undated_matches_it_left_out(wire_index, capsys):
    code, hits, err = run(wire_index, capsys, "elecciones", "--since", "2025-01")
    assert code == 0
    assert set(ids(hits)) == {"new", "mid", "guardian"}
    assert "2 undated matches left out by --since/--until; add --include-undated" in err
    code, hits, err = run(wire_index, capsys, "elecciones", "--since", "2025-01", "--include-undated")
    assert set(ids(hits)) == {"new", "mid", "guardian", "nodate1", "nodate2"}
    assert "undated" not in err


def test_the_undated_count_follows_the_other_filters(wire_index, capsys):
    code, hits, err = run(wire_index, capsys, "elecciones", "--since", "2030", "--lang", "es")
    assert code == 1 and hits == []
    assert "1 undated match left out" in err


def test_api_reports_undated_matches_as_plain_data(wire_index):
    with search.open_index(wire_index) as engine:
        result = engine.search("elecciones", until="2024")
        assert {h.id for h in result.hits} == {"wire.jsonl/old#es", "wire.jsonl/bbc#en"}
        assert result.undated_left_out == 2
        assert engine.search("elecciones").undated_left_out == 0
        kept = engine.search("elecciones", until="2024", include_undated=True, sort="date")
        assert [h.id for h in kept.hits][:2] == ["wire.jsonl/old#es", "wire.jsonl/bbc#en"] and kept.total == 4


@pytest.mark.parametrize("bound", ["9999", "9999-12", "9999-12-31"])
def test_the_last_possible_dates_are_bounds_not_crashes(wire_index, capsys, bound):
    code, hits, err = run(wire_index, capsys, "elecciones", "--until", bound)
    assert code == 0 and "Traceback" not in err
    assert set(ids(hits)) == {"new", "mid", "old", "guardian", "bbc"}
    code, hits, err = run(wire_index, capsys, "elecciones", "--since", bound)
    assert code == 1 and hits == [] and "Traceback" not in err


@pytest.mark.parametrize("bound", ["10000", "2025-13", "2025-02-30", "0", "20250101", "2025-1-5"])
def test_a_bad_date_bound_is_one_line(wire_index, capsys, bound):
    code, hits, err = run(wire_index, capsys, "elecciones", "--until", bound)
    assert code == 2 and hits == []
    assert err.strip().splitlines() == [f"search-cli: error: --until '{bound}' is not a date: "
                                        "use YYYY-MM-DD, YYYY-MM or YYYY"]


def test_date_in_the_query_is_a_range(wire_index, capsys):
    code, hits, _ = run(wire_index, capsys, "elecciones date:2025")
    assert code == 0 and set(ids(hits)) == {"new", "mid", "guardian"}
    code, hits, _ = run(wire_index, capsys, "elecciones date:2025-01")
    assert ids(hits) == ["mid"]
    code, hits, _ = run(wire_index, capsys, "elecciones date:[2023 TO 2024]")
    assert set(ids(hits)) == {"old", "bbc"}
    code, hits, err = run(wire_index, capsys, "elecciones date:yesterday")
    assert code == 2 and "is not a date" in err and len(err.strip().splitlines()) == 1


# -- sources and languages --------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("El Pais", {"new"}), ("el país", {"new"}), ("EL PAÍS", {"new"}),
    ("efe", {"mid", "old", "nodate1"}), ("ap", {"nodate2"}), ("AP", {"nodate2"}),
    ("Guardian", {"guardian"}), ("the guardian", {"guardian"}), ("bbc", {"bbc"}),
])
def test_one_source_rule_for_the_option_and_the_query(wire_index, capsys, source, expected):
    code, hits, err = run(wire_index, capsys, "elecciones", "--source", source)
    assert code == 0, err
    assert set(ids(hits)) == expected
    code, hits, err = run(wire_index, capsys, f'elecciones source:"{source}"')
    assert code == 0, err
    assert set(ids(hits)) == expected


def test_an_unknown_source_is_answered_with_the_closest_known_ones(wire_index, capsys):
    code, hits, err = run(wire_index, capsys, "elecciones", "--source", "Guardain")
    assert code == 2 and hits == []
    assert err.strip().splitlines() == [
        "search-cli: error: 'Guardain' is not a source in the index; did you mean: 'www.theguardian.com'?"]
    _, _, in_query = run(wire_index, capsys, "elecciones source:Guardain")
    assert in_query == err
    with search.open_index(wire_index) as engine:
        with pytest.raises(search.InvalidInput) as caught:
            engine.search("elecciones", source="BBC Nwes")
    assert caught.value.candidates == ["BBC News"] and caught.value.source == "BBC Nwes"


def test_the_source_names_are_read_only_for_a_query_that_names_a_source(wire_index, monkeypatch):
    """Listing the sources reads every document's on some backends: a plain query never asks."""
    with search.open_index(wire_index) as engine:
        asked = []
        listed = engine._reader.sources
        monkeypatch.setattr(engine._reader, "sources", lambda: asked.append(1) or listed())
        assert engine.search("elecciones", translate=False).total == 7 and not asked
        assert {hit.source for hit in engine.search("elecciones source:efe", translate=False).hits} == {"EFE"}
        assert asked == [1]


def test_a_plain_one_liner_reads_no_column_of_every_document(wire_index, capsys, monkeypatch):
    """A cold ``search-cli query`` pays for what it uses: languages, sources and dates of every
    document (one value each: seconds at a million documents) only for a filter or sort on them."""
    from search.backends.whoosh import reader as whoosh_reader

    read = []
    column_values, dates = whoosh_reader._column_values, whoosh_reader.WhooshReader._dates
    monkeypatch.setattr(whoosh_reader, "_column_values", lambda r, field: read.append(field) or column_values(r, field))
    monkeypatch.setattr(whoosh_reader.WhooshReader, "_dates", lambda self, s: read.append("date") or dates(self, s))
    code, hits, _err = run(wire_index, capsys, "elecciones")  # across languages: a search per language
    assert code == 0 and len(hits) == 7 and read == []
    code, hits, _err = run(wire_index, capsys, "elections", "--lang", "en", "--lang", "es")
    assert {hit["lang"] for hit in hits} == {"en", "es"} and read == []
    code, hits, _err = run(wire_index, capsys, "elecciones", "--lang", "en", "--source", "ap")
    assert ids(hits) == ["nodate2"] and read == ["lang", "source"]
    read.clear()
    code, hits, _err = run(wire_index, capsys, "elecciones", "--sort", "date", "--no-translate")
    assert ids(hits)[:3] == ["new", "guardian", "mid"] and read == ["date"]


def test_a_partial_name_of_several_sources_lists_them(tmp_path, capsys):
    records = [("a", "en", "One", "Elections today.", "BBC News", None),
               ("b", "en", "Two", "Elections tonight.", "BBC Mundo", None)]
    search.build_index(write_records(tmp_path / "seeds", records), tmp_path / "index")
    code, hits, err = run(tmp_path / "index", capsys, "elections", "--source", "bbc")
    assert code == 2
    assert "'bbc' matches several sources; did you mean: 'BBC Mundo', 'BBC News'?" in err


def test_lang_fr_in_the_query_and_as_an_option_is_the_same_clear_error(wire_index, capsys):
    code, _, option_err = run(wire_index, capsys, "elecciones", "--lang", "fr")
    assert code == 2
    code, _, query_err = run(wire_index, capsys, "elecciones lang:fr")
    assert code == 2
    message = "unknown language 'fr': use en or es"
    assert message in option_err and query_err.strip() == f"search-cli: error: {message}"


# -- capped expansions ------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["title:[a TO zz]", "text:[a TO zzzz]", "[elecciones TO]", "[a TO]"])
def test_range_queries_expand_to_a_capped_list_of_words(tmp_path, capsys, text):
    from search.query.prepare import MAX_EXPANSION

    words = " ".join(f"zq{n:04d}" for n in range(MAX_EXPANSION * 2))
    records = [("many", "en", words, words, "AP", None)]
    search.build_index(write_records(tmp_path / "seeds", records + RECORDS[:2]), tmp_path / "index")
    code, hits, err = run(tmp_path / "index", capsys, text.replace("elecciones", "zq0100"))
    assert code == 0
    assert f"searching the {MAX_EXPANSION} most common" in err
    assert "many" in ids(hits)


def test_a_range_query_finds_only_the_words_in_its_range(wire_index, capsys):
    code, hits, err = run(wire_index, capsys, "text:[chile TO chilf]")
    assert code == 0 and ids(hits) == ["new"] and "note" not in err


def test_a_fuzzy_distance_is_capped_by_the_word_length(wire_index, capsys):
    code, hits, err = run(wire_index, capsys, "x~9")
    assert code == 1
    assert "'x~9' searched within 0 edits (a 1-letter word)" in err
    code, hits, err = run(wire_index, capsys, "eleciones~2")
    assert code == 0 and "note" not in err


# -- API argument types ------------------------------------------------------------------------

@pytest.mark.parametrize("arguments, message", [
    ({"offset": 1.5}, "offset must be a whole number, not float 1.5"),
    ({"limit": "5"}, "limit must be a whole number, not str '5'"),
    ({"limit": True}, "limit must be a whole number, not bool True"),
    ({"limit": 1001}, "limit 1001 is out of range: use 0 to 1000"),
    ({"offset": -1}, "offset -1 is out of range"),
    ({"snippets": None}, "snippets must be a whole number"),
    ({"lang": 5}, "lang must be text or a list of texts, not int"),
    ({"lang": [None]}, "lang must be text or a list of texts"),
    ({"source": 3}, "source must be text or a list of texts, not int"),
    ({"since": 2025}, "since must be a date or text such as 2025-01, not int"),
    ({"sort": ["date"]}, "unknown sort"),
])
def test_api_arguments_of_the_wrong_type_are_invalid_input(wire_index, arguments, message):
    with search.open_index(wire_index) as engine:
        with pytest.raises(search.InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
            engine.search("elecciones", **arguments)


def test_a_query_that_is_not_text_is_invalid_input(wire_index):
    with search.open_index(wire_index) as engine:
        with pytest.raises(search.InvalidInput, match="the query must be text, not bytes"):
            engine.search(b"elecciones")


# -- did you mean ------------------------------------------------------------------------------

SPELLING_RECORDS = [
    # The wrong candidates are the more frequent words: closeness must win over frequency.
    *[(f"en{n}", "en", f"Report {n}", "Deportations were done by drones. Migrants waited. Ese is a word here too.",
       "AP", None) for n in range(6)],
    *[(f"medio{n}", "es", f"Nota {n}", "El medio dijo que la situación sigue igual.", "EFE", None) for n in range(6)],
    ("es1", "es", "Deportaciones a México", "Las deportaciones de migrantes a México con drones. El eje del debate.",
     "EFE", None),
]


@pytest.fixture(scope="module")
def spelling_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("spelling")
    search.build_index(write_records(root / "seeds", SPELLING_RECORDS), root / "index")
    return root / "index"


@pytest.mark.parametrize("typed, expected", [
    ("deportasiones", "deportaciones"),
    ("mexcio", "México"),
    ("migrantez", "migrantes"),
    ("dronez", "drones"),
    ("Méxicoo", "México"),
    ("deportasiones mexcio", "deportaciones México"),
])
def test_did_you_mean_prefers_the_closest_word_spelled_as_in_the_articles(spelling_index, capsys, typed, expected):
    code, hits, err = run(spelling_index, capsys, typed)
    assert code == 1 and hits == []
    assert err.strip().splitlines() == [f"search-cli: did you mean: {expected}"]


def test_did_you_mean_offers_up_to_three_closest_first(spelling_index):
    with search.open_index(spelling_index) as engine:
        offered = engine.suggest("deportasiones")
        # A word only ever written at a sentence start keeps its capital: the articles' spelling.
        assert offered[0] == "deportaciones" and "Deportations" in offered and len(offered) <= 3


def test_an_acronym_is_not_corrected_to_a_word(spelling_index, capsys):
    code, hits, err = run(spelling_index, capsys, "[EFE]")
    assert code == 1 and "did you mean" not in err
    with search.open_index(spelling_index) as engine:
        assert engine.suggest("[EFE]") == []
        assert engine.suggest("esee") == [], "a stop word is never offered"


# -- the README's examples ---------------------------------------------------------------------

def readme_queries() -> list[list[str]]:
    """Every `search-cli query ...` command line of README.md (pipes and comments cut off)."""
    import re
    import shlex

    from corpus_data import REPO_ROOT

    commands = []
    for line in (REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        found = re.search(r"search-cli query (.+)$", line)
        if found and not line.startswith(("-", "|")) and "`" not in line:
            words = shlex.split(found.group(1).split(" | ")[0], comments=True)
            commands.append(words)
    return commands


def test_the_readme_has_query_examples():
    assert len(readme_queries()) >= 4


@pytest.mark.parametrize("argv", readme_queries(), ids=" ".join)
def test_every_readme_query_example_finds_hits_on_the_bundled_seeds(seed_index, capsys, argv):
    code = main(["query", *argv, "--index", str(seed_index)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.strip()


# -- work budget -------------------------------------------------------------------------------

def test_a_query_over_its_work_budget_keeps_its_rarest_terms_and_says_so(tmp_path, capsys, monkeypatch):
    import search.backends.whoosh.reader

    records = [(f"d{n}", "en", f"Note {n}", "common words everywhere", "AP", None) for n in range(30)]
    records.append(("rare", "en", "Rare note", "common words and one zeppelin", "AP", None))
    search.build_index(write_records(tmp_path / "seeds", records), tmp_path / "index")
    code, full, err = run(tmp_path / "index", capsys, "common zeppelin")
    assert code == 0 and "left out" not in err and len(full) == 31
    monkeypatch.setattr(search.backends.whoosh.reader, "MAX_POSTINGS", 10)  # a budget the common word exceeds
    code, hits, err = run(tmp_path / "index", capsys, "common zeppelin")
    assert code == 0
    assert ids(hits) == ["rare"], "the best match of the terms kept"
    assert "most common terms were left out to answer in time" in err
    assert ids(full)[0] == "rare"


# -- the real entry point ----------------------------------------------------------------------

def test_the_installed_command_reports_undated_matches_and_takes_the_last_date(seed_index):
    import subprocess
    import sys

    command = Path(sys.executable).parent / "search-cli"
    if not command.exists():
        pytest.skip("search-cli is not installed beside this Python")
    done = subprocess.run([str(command), "query", "deportacion", "--since", "2025-01", "--sort", "date",
                           "--index", str(seed_index)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert "undated match left out by --since/--until; add --include-undated" in done.stderr
    done = subprocess.run([str(command), "query", "deportacion", "--until", "9999-12-31", "--include-undated",
                           "--index", str(seed_index)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr and done.stdout

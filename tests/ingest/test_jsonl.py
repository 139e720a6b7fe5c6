"""JSON Lines exports: records, bad lines reported by number, ids, dates, languages, real corpora."""

from __future__ import annotations

import json

import pytest
from ingest_helpers import corpus_records, read_one

from search.errors import SeedFileError
from search.ingest import read_seed_file, scan_seeds


def jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def test_records_become_documents_with_their_fields(tmp_path):
    documents, problems = read_one(tmp_path, "export/news.jsonl", jsonl(
        {"id": "n-1", "title": "Trump team reaches out to Mexico", "body": "The transition team has reached out.",
         "lang": "en", "date": "2025-01-13", "source": "Bloomberg", "url": "https://example.org/n-1"},
        {"id": 7, "title": "Deportaciones", "body": "El gobierno de México declinó comentar.", "lang": "es"},
    ))
    assert problems == []
    first, second = documents
    assert (first.id, first.group, first.path, first.lang, first.date, first.source, first.url) == (
        "export/news.jsonl/n-1#en", "export/news.jsonl/n-1", "export/news.jsonl", "en", "2025-01-13", "Bloomberg",
        "https://example.org/n-1")
    assert (second.id, second.title, second.body, second.lang, second.date, second.source) == (
        "export/news.jsonl/7#es", "Deportaciones", "El gobierno de México declinó comentar.", "es", None, None)


def test_malformed_line_is_reported_by_number_and_the_rest_kept(tmp_path):
    documents, problems = read_one(tmp_path, "bad.jsonl", jsonl(
        {"id": "a", "title": "One", "body": "First record of the file.", "lang": "en"},
        '{"id": "b", "title": "Two" "body": "missing comma"}',
        "",
        "[1, 2, 3]",
        {"id": "c", "title": "Three", "body": "Third record of the file.", "lang": "en"},
    ))
    assert [d.id for d in documents] == ["bad.jsonl/a#en", "bad.jsonl/c#en"]
    assert [p.path for p in problems] == ["bad.jsonl", "bad.jsonl"]
    assert problems[0].reason.startswith("line 2: not valid JSON (")
    assert problems[0].reason.endswith("— line skipped")
    assert problems[1].reason.startswith("line 4: not a JSON object")


def test_records_without_title_or_body(tmp_path):
    first_sentence = "The Trump administration is developing an asylum agreement with the government of El Salvador"
    body = f"{first_sentence}. It would allow deportations."
    documents, problems = read_one(tmp_path, "partial.jsonl", jsonl(
        {"id": "no-title", "body": body, "lang": "en"},
        {"id": "no-body", "title": "Trump shuts down CBP One asylum app", "lang": "en"},
        {"id": "nothing", "lang": "en", "title": "  ", "body": None},
    ))
    by_id = {d.id.removeprefix("partial.jsonl/").removesuffix("#en"): d for d in documents}
    assert by_id["no-title"].title == first_sentence
    assert by_id["no-body"].body == by_id["no-body"].title == "Trump shuts down CBP One asylum app"
    assert "nothing" not in by_id
    assert [p.reason for p in problems] == ["line 3: record has neither a title nor a body — line skipped"]


def test_duplicate_ids_in_one_file_keep_every_record_and_name_both_lines(tmp_path):
    documents, problems = read_one(tmp_path, "dups.jsonl", jsonl(
        {"id": "x", "title": "First", "body": "The first one keeps its id.", "lang": "en"},
        {"id": "y", "title": "Other", "body": "Another record.", "lang": "en"},
        {"id": "x", "title": "Second", "body": "The second one is reported.", "lang": "en"},
        {"id": "x", "title": "Third", "body": "So is the third.", "lang": "en"},
    ))
    assert [(d.id, d.title) for d in documents] == [
        ("dups.jsonl/x#en", "First"), ("dups.jsonl/y#en", "Other"),
        ("dups.jsonl/x~line-3#en", "Second"), ("dups.jsonl/x~line-4#en", "Third"),
    ]
    assert [(p.kind, p.reason) for p in problems] == [
        ("warning", "line 3: duplicate id 'x' (also on line 1) — indexed as 'dups.jsonl/x~line-3#en'"),
        ("warning", "line 4: duplicate id 'x' (also on line 1) — indexed as 'dups.jsonl/x~line-4#en'"),
    ]


@pytest.mark.parametrize(("written", "iso"), [
    ("2025-01-13", "2025-01-13"),
    ("13/01/2025", "2025-01-13"),
    ("01/13/2025", "2025-01-13"),
    ("January 13, 2025", "2025-01-13"),
    ("13 January 2025", "2025-01-13"),
    ("13 de enero de 2025", "2025-01-13"),
    ("2025-01-13T10:00:00Z", "2025-01-13"),
    ("Mon, 13 Jan 2025 10:00:00 GMT", "2025-01-13"),
])
def test_common_date_forms_become_iso(tmp_path, written, iso):
    record = {"id": "d", "title": "T", "body": "Body text.", "date": written}
    documents, problems = read_one(tmp_path, "dates.jsonl", jsonl(record))
    assert documents[0].date == iso
    assert problems == []


@pytest.mark.parametrize("written", ["yesterday", "2025-13-45", "31/02/2025", 20250113])
def test_non_dates_are_reported_and_indexed_without_a_date(tmp_path, written):
    record = {"id": "d", "title": "T", "body": "Body text.", "date": written}
    documents, problems = read_one(tmp_path, "dates.jsonl", jsonl(record))
    assert documents[0].date is None
    reason = f"line 1: date '{written}' is not a date (YYYY-MM-DD) — indexed without a date"
    assert [p.reason for p in problems] == [reason]


def test_missing_or_unknown_lang_is_detected_and_names_are_understood(tmp_path):
    documents, _ = read_one(tmp_path, "langs.jsonl", jsonl(
        {"id": "1", "title": "Deportaciones", "body": "El gobierno mexicano declinó comentar sobre el plan."},
        {"id": "2", "title": "Deportations", "body": "The Mexican government declined to comment.", "lang": "xx"},
        {"id": "3", "title": "Deportaciones", "body": "Los asesores dicen que Trump comenzará.", "lang": "Spanish"},
        {"id": "4", "title": "Talks", "body": "The talks will go on.", "lang": "EN-us"},
    ))
    assert [d.lang for d in documents] == ["es", "en", "es", "en"]


def test_file_with_no_usable_record_is_refused(tmp_path):
    with pytest.raises(SeedFileError, match="no usable records"):
        read_one(tmp_path, "junk.jsonl", "not json\n{also not\n")


def test_many_bad_lines_are_summed_up(tmp_path):
    lines = [json.dumps({"id": "ok", "title": "T", "body": "Fine."})] + ["broken"] * 250
    documents, problems = read_one(tmp_path, "flood.jsonl", "\n".join(lines))
    assert len(documents) == 1
    assert len(problems) == 101
    assert (problems[-1].reason, problems[-1].count) == ("... and 150 more skipped lines not listed", 150)
    assert sum(p.count for p in problems) == 250


@pytest.mark.corpora
def test_every_real_corpus_record_is_read(corpora):
    files, skipped = scan_seeds(corpora)
    assert skipped == []
    total_lines = total_documents = 0
    for path in files:
        if path.suffix != ".jsonl":
            continue
        documents, problems = read_seed_file(path, corpora)
        lines = sum(1 for line in path.open(encoding="utf-8") if line.strip())
        assert len(documents) + len(problems) == lines, path.name
        assert all(p.reason.endswith("— line skipped") for p in problems)
        assert all(d.lang in ("en", "es") and d.title and d.body for d in documents)
        total_lines += lines
        total_documents += len(documents)
    assert total_documents >= 0.99 * total_lines


@pytest.mark.corpora
def test_given_lang_is_kept_even_when_the_text_is_in_the_other_language(corpora, tmp_path):
    # About a quarter of handbook-es is untranslated English: the export's own lang stands.
    records = corpus_records(corpora, "handbook-es.jsonl", 200)
    documents, _ = read_one(tmp_path, "hb.jsonl", jsonl(*records))
    assert {d.lang for d in documents} == {"es"}
    assert [d.id for d in documents] == [f"hb.jsonl/{r['id']}#es" for r in records if r.get("body") or r.get("title")]

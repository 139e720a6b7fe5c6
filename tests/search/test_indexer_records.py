"""Per-record updates of a .jsonl export: only the records whose line changed are read and indexed again,
and the index then holds exactly what a fresh build of the same seeds holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

import search
import search.ingest.jsonl as jsonl
from search.backends.whoosh import store

WORDS = "harbour ferry storm council budget school river bridge market festival".split()


def record(n: int, **extra: object) -> dict[str, object]:
    return {"id": f"r{n}", "lang": "en", "title": f"Story {n} about the {WORDS[n % 10]}",
            "body": f"The {WORDS[n % 10]} and the {WORDS[(n + 3) % 10]} were in the news, item {n}.", **extra}


def write(path: Path, records: list[object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")


def indexed(index: Path) -> dict[str, tuple[str, str]]:
    """Every live document of the index: id → (content hash, title)."""
    ix = whoosh_index.open_dir(str(store.current_generation(index).path))
    try:
        with ix.searcher() as searcher:
            return {fields["id"]: (fields["hash"], fields["title"]) for fields in searcher.all_stored_fields()}
    finally:
        ix.close()


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids (own or not) of the records read from their JSON, in order, from now on."""
    seen: list[str] = []
    real = jsonl._document

    def spy(record, number, relative, slug, problems):
        seen.append(str(record.get("id", f"line-{number}")))
        return real(record, number, relative, slug, problems)

    monkeypatch.setattr(jsonl, "_document", spy)
    return seen


def assert_updated(index: Path, gone: str, added: str, query: str, hit: str) -> None:
    """``gone`` is no longer indexed, ``added`` is, and ``query`` finds ``hit`` alone."""
    docs = indexed(index)
    assert gone not in docs and added in docs
    with search.open_index(index) as engine:
        assert [h.id for h in engine.search(query).hits] == [hit]


def assert_same_as_a_fresh_build(seeds: Path, index: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    search.build_index(seeds, fresh, rebuild=True)
    assert indexed(index) == indexed(fresh)


def test_an_update_reads_only_the_added_and_edited_records(tmp_path: Path, parsed: list[str]) -> None:
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    records = [record(n) for n in range(40)]
    write(seeds / "export.jsonl", records)
    search.build_index(seeds, index)
    parsed.clear()

    records[5] = record(5, body="The ferry sank in the storm, a corrected story.")
    del records[9]
    records.append(record(40))
    write(seeds / "export.jsonl", records)
    report = search.build_index(seeds, index)

    assert parsed == ["r5", "r40"]
    assert (report.updated, report.documents) == (1, 40)
    assert_updated(index, gone="export.jsonl/r9#en", added="export.jsonl/r40#en", query="corrected",
                   hit="export.jsonl/r5#en")
    assert_same_as_a_fresh_build(seeds, index, tmp_path)


def test_reordered_records_keep_their_ids_and_are_not_read_again(tmp_path: Path, parsed: list[str]) -> None:
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    records = [record(n) for n in range(10)]
    write(seeds / "export.jsonl", records)
    search.build_index(seeds, index)
    before = indexed(index)
    parsed.clear()

    write(seeds / "export.jsonl", records[::-1])
    report = search.build_index(seeds, index)

    assert parsed == [] and report.updated == 1
    assert indexed(index) == before


def test_a_record_moved_to_another_file_is_removed_and_added_with_its_new_id(tmp_path: Path,
                                                                             parsed: list[str]) -> None:
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    write(seeds / "a.jsonl", [record(n) for n in range(5)])
    write(seeds / "b.jsonl", [record(n) for n in range(5, 10)])
    search.build_index(seeds, index)
    parsed.clear()

    write(seeds / "a.jsonl", [record(n) for n in range(4)])
    write(seeds / "b.jsonl", [record(n) for n in range(4, 10)])
    report = search.build_index(seeds, index)

    assert parsed == ["r4"]
    assert (report.updated, report.documents) == (2, 10)
    assert_updated(index, gone="a.jsonl/r4#en", added="b.jsonl/r4#en", query='"item 4"', hit="b.jsonl/r4#en")
    assert_same_as_a_fresh_build(seeds, index, tmp_path)


def test_records_known_by_their_line_number_or_reported_are_read_again(tmp_path: Path, parsed: list[str]) -> None:
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    no_id = {k: v for k, v in record(1).items() if k != "id"}
    bad_date = record(2, date="someday")
    write(seeds / "export.jsonl", [no_id, bad_date, record(3), record(4)])
    search.build_index(seeds, index)
    parsed.clear()

    # A new first line: the record without an id moves to line 2, so its id changes.
    write(seeds / "export.jsonl", [record(0), no_id, bad_date, record(3), record(4)])
    report = search.build_index(seeds, index)

    assert parsed == ["r0", "line-2", "r2"]
    assert [(p.path, p.reason) for p in report.skipped] == [
        ("export.jsonl", "line 3: date 'someday' is not a date (YYYY-MM-DD) — indexed without a date")]
    assert "export.jsonl/line-2#en" in indexed(index) and "export.jsonl/line-1#en" not in indexed(index)
    assert_same_as_a_fresh_build(seeds, index, tmp_path)


def test_a_new_duplicate_before_a_known_record_renames_the_later_one(tmp_path: Path, parsed: list[str]) -> None:
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    write(seeds / "export.jsonl", [record(1), record(2)])
    search.build_index(seeds, index)
    parsed.clear()

    write(seeds / "export.jsonl", [record(2, title="Another story under the same id"), record(1), record(2)])
    report = search.build_index(seeds, index)

    assert parsed == ["r2", "r2"]
    assert "export.jsonl/r2~line-3#en" in indexed(index)
    assert [p.reason.split(" —")[0] for p in report.skipped] == ["line 3: duplicate id 'r2' (also on line 1)"]
    assert_same_as_a_fresh_build(seeds, index, tmp_path)

"""The corpora loaders read XQuAD and the scale corpus as the README describes, and say what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.corpora import (
    CorporaError,
    check_corpora_dir,
    load_xquad,
    read_qrels,
    sample_scale_lines,
    scale_files,
    strip_accents,
    tiny_xquad,
)
from bench.seeds import change_some_documents, iter_records, write_seeds


@pytest.mark.corpora
def test_xquad_is_parallel_and_fully_judged(corpora: Path):
    xquad = load_xquad(corpora)
    en_ids = [record["id"] for record in xquad.docs["en"]]
    assert en_ids == [record["id"] for record in xquad.docs["es"]]
    assert len(set(en_ids)) == len(en_ids) > 0
    assert [q.qid for q in xquad.questions["en"]] == [q.qid for q in xquad.questions["es"]]
    assert set(xquad.qrels) == {q.qid for q in xquad.questions["en"]}
    assert set(xquad.qrels.values()) <= set(en_ids)


@pytest.mark.corpora
def test_tiny_xquad_keeps_questions_with_their_paragraphs(corpora: Path):
    tiny = tiny_xquad(load_xquad(corpora), paragraphs=3, questions=5)
    kept = {record["id"] for record in tiny.docs["es"]}
    assert len(kept) == 3 and len(tiny.questions["en"]) == len(tiny.questions["es"]) == 5
    assert set(tiny.qrels.values()) <= kept


@pytest.mark.corpora
def test_seeds_tag_xquad_ids_by_language_and_sample_the_scale_corpus(corpora: Path, tmp_path: Path):
    tiny = tiny_xquad(load_xquad(corpora), paragraphs=2, questions=2)
    folder = write_seeds(tmp_path / "seeds", tiny, scale_files(corpora), 25)
    ids = [record["id"] for record in iter_records(folder.path)]
    assert folder.documents == len(ids) == 2 * 2 + 25
    assert len(set(ids)) == len(ids)
    assert sum(i.endswith("@en") for i in ids) == sum(i.endswith("@es") for i in ids) == 2


def test_sampling_is_deterministic_and_spread_over_files(tmp_path: Path):
    files = []
    for name, count in (("a.jsonl", 30), ("b.jsonl", 70)):
        path = tmp_path / name
        path.write_text("".join(json.dumps({"id": f"{name}{i}"}) + "\n" for i in range(count)))
        files.append(path)
    picked = sample_scale_lines(files, 20)
    assert picked == sample_scale_lines(files, 20)
    assert sum(map(len, picked.values())) == 20
    assert all(0 <= line < 30 for line in picked[files[0]])
    assert sample_scale_lines(files, None)[files[1]] == list(range(70))


def test_changing_documents_edits_that_fraction(tmp_path: Path):
    (tmp_path / "a.jsonl").write_text(
        "".join(json.dumps({"id": str(i), "lang": "en", "title": "t", "body": "b"}) + "\n" for i in range(200)))
    changed = change_some_documents(tmp_path, 0.01, seed=1, marker="edited")
    records = {r["id"]: r for r in iter_records(tmp_path)}
    assert len(changed) == 2 and len(records) == 200
    assert {r["id"] for r in records.values() if r["body"] == "b edited"} == {r["id"] for r in changed}


def test_strip_accents():
    assert strip_accents("¿Cuántos niños había en México?") == "¿Cuantos ninos habia en Mexico?"


def test_missing_corpora_folder_is_one_clear_line(tmp_path: Path):
    with pytest.raises(CorporaError) as error:
        check_corpora_dir(tmp_path / "nowhere")
    assert "--corpora" in str(error.value) and "\n" not in str(error.value)
    (tmp_path / "xquad").mkdir()
    with pytest.raises(CorporaError, match="XQuAD file missing"):
        check_corpora_dir(tmp_path)


def test_malformed_qrels_line_names_the_line(tmp_path: Path):
    path = tmp_path / "qrels.tsv"
    path.write_text("q1 0 doc 1\nq2 doc\n")
    with pytest.raises(CorporaError, match=r"qrels.tsv:2:"):
        read_qrels(path)

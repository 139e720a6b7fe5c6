"""The archive generator: deterministic, the corpus's languages and words, split into export-sized files;
and python -m bench.archive end to end on a small size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bench.generate as generate
from bench.generate import Model, write_generated

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def model(corpora: Path) -> Model:
    return Model(corpora)


def test_the_same_seed_gives_the_same_records_and_another_seed_others(model: Model):
    first = list(model.records(50, seed=3))
    assert first == list(model.records(50, seed=3))
    assert first != list(model.records(50, seed=4))


def test_records_are_articles_in_both_languages_from_the_corpus_words(model: Model):
    records = list(model.records(400))
    assert len(records) == 400
    assert {r["lang"] for r in records} == {"en", "es"}
    vocabulary = {w.lower() for w in model.languages["es"].words}
    for r in records:
        assert r["title"] and r["body"].endswith(".")
        if r["lang"] == "es":
            words = [w.lower() for w in r["body"].split()]
            assert all(w in vocabulary or w[:-1] in vocabulary for w in words), r["body"]


def test_a_tenth_of_the_articles_have_a_version_in_the_other_language(model: Model):
    records = list(model.records(2000))
    by_id: dict[str, list[dict]] = {}
    for record in records:
        by_id.setdefault(record["id"], []).append(record)
    pairs = [versions for versions in by_id.values() if len(versions) == 2]
    assert all(len(versions) <= 2 for versions in by_id.values())
    assert 0.05 < len(pairs) / len(by_id) < 0.15
    for first, second in pairs:
        assert {first["lang"], second["lang"]} == {"en", "es"}
        assert (first["date"], first["source"]) == (second["date"], second["source"])
        assert first["body"] != second["body"]
        assert records.index(second) == records.index(first) + 1


def test_generated_seeds_are_split_into_files_and_index_whole(corpora: Path, model: Model, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    import search

    expected = list(model.records(100))
    # A file fills up right after the first record of a bilingual pair: the pair must not be split.
    first = next(n for n, r in enumerate(expected[1:], 1) if r["id"] == expected[n - 1]["id"]) - 1
    monkeypatch.setattr(generate, "PER_FILE", first + 1)
    size = write_generated(tmp_path / "seeds", corpora, 100)
    paths = sorted((tmp_path / "seeds").iterdir())
    assert len(paths) > 1 and [p.name for p in paths] == [f"generated-{n:04d}.jsonl" for n in range(len(paths))]
    assert size == sum(p.stat().st_size for p in paths)
    files = [[json.loads(line) for line in p.open(encoding="utf-8")] for p in paths]
    assert [r for records in files for r in records] == expected
    assert all(len(records) >= first + 1 for records in files[:-1])
    assert [r["id"] for r in files[0]][-2:] == [expected[first]["id"]] * 2
    report = search.build_index(tmp_path / "seeds", tmp_path / "index")
    assert report.documents == 100 and report.skipped == []
    # Every bilingual pair sits in one file, so the engine links its two records as language versions.
    twice = {r["id"] for r in expected if sum(1 for o in expected if o["id"] == r["id"]) == 2}
    with search.open_index(tmp_path / "index") as engine:
        for hit in engine.search("*", limit=100, snippets=0).hits:
            own = hit.id.split("/", 1)[1].rsplit("#", 1)[0]
            assert (len(engine.article(hit.id).versions) == 1) == (own in twice), hit.id


def test_the_archive_benchmark_reports_every_figure(corpora: Path, tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-m", "bench.archive", "--sizes", "300", "--questions", "5",
                           "--cold-runs", "1", "--corpora", str(corpora), "--json", str(tmp_path / "r.json"),
                           "--no-semantic", "--work", str(tmp_path / "work")],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    [result] = json.loads((tmp_path / "r.json").read_text())
    assert result["documents"] == 300 and result["edited"] == 3
    assert result["build_peak_rss"] > 0 and result["cold_peak_rss"] > 0 and result["index_bytes"] > 0
    # the build's processes together, each shared page once (Linux)
    assert 0 < result["build_peak_pss"] <= result["build_peak_sum"]
    assert "| 300 |" in done.stdout
    # --no-semantic reaches the build and the update, which run in processes of their own
    assert not list((tmp_path / "work" / "index-whoosh-300").glob("gen-*/vectors.*"))

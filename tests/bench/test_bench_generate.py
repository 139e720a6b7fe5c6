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
    assert {r["lang"] for r in records} == {"en", "es"}
    assert len({r["id"] for r in records}) == 400
    vocabulary = {w.lower() for w in model.languages["es"].words}
    for r in records:
        assert r["title"] and r["body"].endswith(".")
        if r["lang"] == "es":
            words = [w.lower() for w in r["body"].split()]
            assert all(w in vocabulary or w[:-1] in vocabulary for w in words), r["body"]


def test_generated_seeds_are_split_into_files_and_index_whole(corpora: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    import search

    monkeypatch.setattr(generate, "PER_FILE", 40)
    size = write_generated(tmp_path / "seeds", corpora, 100)
    files = sorted(p.name for p in (tmp_path / "seeds").iterdir())
    assert files == ["generated-0000.jsonl", "generated-0001.jsonl", "generated-0002.jsonl"]
    assert size == sum(p.stat().st_size for p in (tmp_path / "seeds").iterdir())
    report = search.build_index(tmp_path / "seeds", tmp_path / "index")
    assert report.documents == 100 and report.skipped == []


def test_the_archive_benchmark_reports_every_figure(corpora: Path, tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-m", "bench.archive", "--sizes", "300", "--questions", "5",
                           "--cold-runs", "1", "--corpora", str(corpora), "--json", str(tmp_path / "r.json")],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    [result] = json.loads((tmp_path / "r.json").read_text())
    assert result["documents"] == 300 and result["edited"] == 3
    assert result["build_peak_rss"] > 0 and result["cold_peak_rss"] > 0 and result["index_bytes"] > 0
    assert "| 300 |" in done.stdout

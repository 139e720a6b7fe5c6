"""`python -m bench --tiny` runs every benchmark end to end on a few documents and writes a full report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.relevance import QUERY_SETS
from bench.report import TABLE_TITLES

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_bench(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def tiny_run(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench-out")
    done = run_bench("--tiny", "--corpora", str(corpora), "--out", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    return out


@pytest.mark.corpora
@pytest.mark.slow
def test_tiny_run_reports_every_benchmark(tiny_run: Path):
    report = (tiny_run / "RESULTS.md").read_text(encoding="utf-8")
    assert "| cpu |" in report and "| python |" in report
    for title in TABLE_TITLES:
        heading = f"## {title}\n\n"
        assert heading in report, f"missing section {title!r}"
        section = report.split(heading, 1)[1].split("\n## ", 1)[0]
        assert section.startswith("| "), f"section {title!r} has no table:\n{section[:300]}"
    assert "Not run" not in report


@pytest.mark.corpora
@pytest.mark.slow
def test_tiny_run_scores_are_fractions_and_the_engine_finds_answers(tiny_run: Path):
    results = json.loads((tiny_run / "results.json").read_text(encoding="utf-8"))
    for corpus in ("xquad", "mix"):
        for ranker, sets in results["relevance"][corpus]["scores"].items():
            assert len(sets) == len(QUERY_SETS), ranker
            for name, scores in sets.items():
                assert scores["queries"] > 0
                for metric in ("mrr", "recall", "ndcg"):
                    assert 0.0 <= scores[metric] <= 1.0, (corpus, ranker, name, metric)
    # A handful of paragraphs and their own questions: every system finds most answers in its language.
    for ranker in ("engine", "fts5", "whoosh"):
        assert results["relevance"]["xquad"]["scores"][ranker]["en→en"]["recall"] >= 0.5, ranker


@pytest.mark.corpora
def test_bad_corpora_path_is_one_line(tmp_path: Path):
    done = run_bench("--tiny", "--corpora", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"bench: error: corpora folder not found: {tmp_path / 'nowhere'} "
        "(pass --corpora PATH or set NEWS_SEARCH_CORPORA)"]
    assert not (tmp_path / "out").exists()


def test_unknown_benchmark_name_is_refused(tmp_path: Path):
    done = run_bench("--only", "relevance,sped", "--out", str(tmp_path))
    assert done.returncode == 2
    assert "unknown benchmark 'sped'" in done.stderr

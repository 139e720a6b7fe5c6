"""python -m bench.compare: two checkouts answer the same questions on one index, taking turns."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from corpus_data import REPO_ROOT


def test_two_checkouts_are_timed_in_turn_and_compared(corpora: Path, seed_index: Path):
    env = {**os.environ, "NEWS_SEARCH_CORPORA": str(corpora), "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-m", "bench.compare", str(seed_index), str(REPO_ROOT),
                           "--questions", "4", "--rounds", "2"],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    turns = [line.split(":")[0] for line in done.stdout.splitlines() if line.startswith(("baseline:", "candidate:"))]
    assert turns == ["baseline", "candidate", "baseline", "candidate"]
    assert re.search(r"^\| candidate ÷ baseline \| \d+\.\d\d× \| \d+\.\d\d× \|$", done.stdout, re.M), done.stdout


def test_a_checkout_that_cannot_answer_is_named_in_one_line(corpora: Path, seed_index: Path, tmp_path: Path):
    env = {**os.environ, "NEWS_SEARCH_CORPORA": str(corpora), "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-m", "bench.compare", str(seed_index), str(tmp_path), "--questions", "2",
                           "--rounds", "1"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode != 0
    assert done.stderr.strip().startswith(f"bench.compare: {tmp_path}:") and "Traceback" not in done.stderr

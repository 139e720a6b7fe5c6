"""One harness run's settings, scratch folder, seed folders and built indexes (built once, reused)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpora import XQuAD, scale_files
from bench.engine_adapter import python_path
from bench.seeds import SeedsFolder, write_seeds

MIX = "mix"
XQUAD_ONLY = "xquad"


class BenchError(Exception):
    """A step of the harness failed; str() is one line naming the step and what to do."""


@dataclass
class Settings:
    corpora: Path
    out: Path
    work: Path
    repeat: int = 3
    tiny: bool = False
    mix_size: int | None = None
    """Scale documents mixed with XQuAD: None = all of them (tiny mode: a few dozen)."""
    scaling_sizes: tuple[int, ...] = (1000, 10000)
    """Smaller mixes for the latency-vs-size plot; the full mix is the last point."""
    latency_questions: int = 200
    mix_questions: int | None = 400
    """Questions per query set on the mix (a fixed sample; None = all 1,190); all of them on the 480 alone."""
    workers: int = 2
    """Processes for the untimed relevance rankings."""
    cold_runs: int = 5


@dataclass(frozen=True)
class Run:
    """One child-process build or update."""

    seconds: float
    documents: int
    peak_rss: int
    helper_peak_rss: int = 0
    """Peak of the largest helper process the build started (0: none)."""


@dataclass
class Workspace:
    settings: Settings
    xquad: XQuAD
    seeds_cache: dict[str, SeedsFolder] = field(default_factory=dict)
    built: dict[tuple[str, str], Run] = field(default_factory=dict)

    def corpus_size(self, corpus: str) -> int | None:
        if corpus == MIX:
            return self.settings.mix_size
        if corpus.startswith(MIX + "-"):
            return int(corpus.split("-", 1)[1])
        return 0

    def seeds(self, corpus: str) -> SeedsFolder:
        """The seed folder of a corpus: "xquad", "mix" or "mix-N" (XQuAD plus N sampled scale documents)."""
        if corpus not in self.seeds_cache:
            folder = self.settings.work / "seeds" / corpus
            shutil.rmtree(folder, ignore_errors=True)
            size = self.corpus_size(corpus)
            files = scale_files(self.settings.corpora) if size != 0 else []
            self.seeds_cache[corpus] = write_seeds(folder, self.xquad, files, size)
        return self.seeds_cache[corpus]

    def index_dir(self, system: str, corpus: str) -> Path:
        return self.settings.work / "index" / corpus / system

    def run_child(self, action: str, system: str, seeds_dir: Path, index_dir: Path,
                  changed: Path | None = None) -> Run:
        argv = [sys.executable, "-m", "bench.child", action, system, str(seeds_dir), str(index_dir)]
        if changed is not None:
            argv += ["--changed", str(changed)]
        env = {**os.environ, "PYTHONPATH": python_path()}
        done = subprocess.run(argv, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise BenchError(f"{action} with {system} on {seeds_dir} failed: {last}")
        data = json.loads(done.stdout.strip().splitlines()[-1])
        return Run(data["seconds"], data["documents"], data["peak_rss"], data["helper_peak_rss"])

    def build(self, system: str, corpus: str) -> Run:
        """Build from scratch in a fresh process (replacing any earlier index) and remember the run."""
        index_dir = self.index_dir(system, corpus)
        shutil.rmtree(index_dir, ignore_errors=True)
        run = self.run_child("build", system, self.seeds(corpus).path, index_dir)
        self.built[(system, corpus)] = run
        return run

    def index(self, system: str, corpus: str) -> Path:
        """The index of a corpus for a system, built on first use."""
        if (system, corpus) not in self.built:
            self.build(system, corpus)
        return self.index_dir(system, corpus)


def folder_size(path: Path) -> int:
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file())

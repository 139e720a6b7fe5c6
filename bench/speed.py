"""Speed on the scale corpus: full build, incremental update, warm query latency, cold start, size scaling."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.corpora import XQuAD
from bench.engine_adapter import python_path
from bench.seeds import change_some_documents
from bench.stats import Spread, percentile
from bench.systems import ENGINE, SYSTEMS
from bench.workspace import MIX, BenchError, Workspace, folder_size

Log = Callable[[str], None]
WARMUP_QUESTIONS = 20
CHANGED_FRACTION = 0.01


def latency_questions(xquad: XQuAD, count: int) -> list[str]:
    """A fixed sample of English and Spanish XQuAD questions, the same for every system and size."""
    questions = [q.text for lang in ("en", "es") for q in xquad.questions[lang]]
    random.Random(7).shuffle(questions)
    return questions[:count]


def build_speed(workspace: Workspace, log: Log) -> dict:
    """Full builds of the mixed corpus, each in a fresh process: time, throughput, peak memory, size.

    The systems take turns (one run each per round), so a slow spell of a shared machine falls on
    all of them rather than on one system's runs."""
    seeds = workspace.seeds(MIX)
    all_runs: dict[str, list] = {system: [] for system in SYSTEMS}
    for attempt in range(workspace.settings.repeat):
        for system in SYSTEMS:
            run = workspace.build(system, MIX)
            log(f"build: {system} run {attempt + 1}: {run.documents} documents in {run.seconds:.1f} s, "
                f"peak {run.peak_rss / 2**20:.0f} MiB")
            all_runs[system].append(run)
    result = {}
    for system, runs in all_runs.items():
        seconds = [run.seconds for run in runs]
        result[system] = {
            "documents": runs[-1].documents,
            "input_bytes": seeds.bytes,
            "seconds": Spread.of(seconds).to_dict(),
            "docs_per_s": Spread.of([run.documents / s for run, s in zip(runs, seconds)]).to_dict(),
            "mb_per_s": Spread.of([seeds.bytes / 1e6 / s for s in seconds]).to_dict(),
            "peak_rss": Spread.of([run.peak_rss for run in runs]).to_dict(),
            "helper_peak_rss": Spread.of([run.helper_peak_rss for run in runs]).to_dict(),
            "index_bytes": getattr(SYSTEMS[system], "index_bytes", folder_size)(workspace.index_dir(system, MIX)),
        }
    return result


def time_queries(searcher, questions: list[str], repeat: int) -> dict:
    """Warm latency with snippets: p50 and p95 over the questions, per pass; median and spread of passes."""
    for question in questions[:WARMUP_QUESTIONS]:
        searcher.search(question, snippets=True)
    p50s, p95s = [], []
    for _ in range(repeat):
        times = []
        for question in questions:
            started = time.perf_counter()
            searcher.search(question, snippets=True)
            times.append((time.perf_counter() - started) * 1000)
        p50s.append(percentile(times, 0.5))
        p95s.append(percentile(times, 0.95))
    return {"queries": len(questions), "p50_ms": Spread.of(p50s).to_dict(), "p95_ms": Spread.of(p95s).to_dict()}


HOSTILE_QUERIES: tuple[tuple[str, dict], ...] = (
    ("*", {}), ("*", {"sort": "date", "since": "2017-03"}), ("", {"lang": "es"}), ("a*", {}),
    ("*e*", {}), ("x~9", {}), ("mexcio~2", {}), ("title:[a TO z]", {}), ("text:[a TO zzzz]", {}),
    ("[mexico TO]", {}), ("the " * 40 + "de la " * 20, {}),
    (" ".join(f"w{n}*" for n in range(80)), {}), ("deportasiones mexcio", {}),
)
"""Queries that once enumerated the index (issue 13, issue 20 item 7), as search-cli runs them."""


def time_hostile(index_dir: Path, repeat: int) -> dict:
    """The slowest of ``HOSTILE_QUERIES`` through the engine API (median of ``repeat`` runs each)."""
    import search

    with search.open_index(index_dir) as engine:
        engine.search("warm up")
        medians = {}
        refused: dict[str, str] = {}
        for text, options in HOSTILE_QUERIES:
            times = []
            label = _label(text, options)
            for _ in range(repeat):
                started = time.perf_counter()
                try:
                    engine.search(text, facets=False, **options)
                except search.SearchError as exc:  # a bound reached (a server's statement timeout) is a figure too
                    refused[label] = str(exc)
                times.append((time.perf_counter() - started) * 1000)
            medians[label] = percentile(times, 0.5)
    slowest = max(medians, key=medians.get)
    return {"queries": len(medians), "slowest_ms": medians[slowest], "slowest_query": slowest,
            "refused": refused}


def _label(text: str, options: dict) -> str:
    shown = text if len(text) <= 30 else f"{text[:27]}… ({len(text.split())} words)"
    return " ".join([repr(shown), *(f"--{k} {v}" for k, v in options.items())])


def query_latency(workspace: Workspace, corpus: str, log: Log) -> dict:
    questions = latency_questions(workspace.xquad, workspace.settings.latency_questions)
    result = {}
    for system, module in SYSTEMS.items():
        index_dir = workspace.index(system, corpus)
        log(f"latency: {system} on {corpus}, {len(questions)} questions x {workspace.settings.repeat}")
        searcher = module.open_searcher(index_dir)
        try:
            result[system] = time_queries(searcher, questions, workspace.settings.repeat)
        finally:
            searcher.close()
        if system == ENGINE:
            log(f"latency: {len(HOSTILE_QUERIES)} hostile queries on {corpus}")
            result[system]["hostile"] = time_hostile(index_dir, workspace.settings.repeat)
        result[system]["documents"] = workspace.built[(system, corpus)].documents
    return result


def scaling(workspace: Workspace, full: dict, log: Log) -> dict:
    """Latency against corpus size: the smaller mixes measured here, the full mix taken from ``full``."""
    points: dict[str, list[dict]] = {system: [] for system in SYSTEMS}
    for size in workspace.settings.scaling_sizes:
        measured = query_latency(workspace, f"{MIX}-{size}", log)
        for system, figures in measured.items():
            points[system].append(figures)
    for system, figures in full.items():
        points[system].append(figures)
    return points


def incremental(workspace: Workspace, log: Log) -> dict:
    """Edit 1% of the mixed corpus's documents, then update every system's index; repeated on fresh edits.

    The engine rescans the seed folder and finds the changes itself; the baselines are handed
    the changed records (they have no change detection), so they do strictly less work.
    """
    seeds = workspace.seeds(MIX)
    for system in SYSTEMS:
        workspace.index(system, MIX)  # built before the first edit (with --only incremental, nothing built it yet)
    runs: dict[str, list] = {system: [] for system in SYSTEMS}
    changed_counts = []
    for attempt in range(workspace.settings.repeat):
        changed = change_some_documents(seeds.path, CHANGED_FRACTION, seed=100 + attempt,
                                        marker=f"Benchmark edit number {attempt + 1}.")
        changed_counts.append(len(changed))
        changed_file = workspace.settings.work / f"changed-{attempt}.json"
        changed_file.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
        for system in SYSTEMS:
            index_dir = workspace.index(system, MIX)
            run = workspace.run_child("update", system, seeds.path, index_dir, changed_file)
            log(f"update: {system} run {attempt + 1}: {len(changed)} changed, "
                f"{run.documents} reindexed in {run.seconds:.2f} s")
            runs[system].append(run)
    return {
        system: {
            "changed": changed_counts[-1],
            "reindexed": [run.documents for run in system_runs],
            "seconds": Spread.of([run.seconds for run in system_runs]).to_dict(),
            "peak_rss": Spread.of([run.peak_rss for run in system_runs]).to_dict(),
            "helper_peak_rss": Spread.of([run.helper_peak_rss for run in system_runs]).to_dict(),
            "index_bytes": getattr(SYSTEMS[system], "index_bytes", folder_size)(workspace.index_dir(system, MIX)),
        }
        for system, system_runs in runs.items()
    }


def wall_time(argv: list[str], extra_env: dict[str, str], runs: int) -> Spread:
    """Wall time of a fresh process, ``runs`` times; exit codes 0 (hits) and 1 (no hits) are fine."""
    env = {**os.environ, "PYTHONPATH": python_path(), **extra_env}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise BenchError(f"cold start of {' '.join(argv[:3])}... failed: {last}")
    return Spread.of(times)


def cold_start(workspace: Workspace, project_seeds: Path, log: Log) -> dict:
    """Wall time of one query in a fresh process (the page cache is warm: no disk cold start)."""
    runs = workspace.settings.cold_runs
    question = workspace.xquad.questions["en"][0].text
    result: dict = {"question": question, "runs": runs, "seeds": {}, "mix": {}}
    result["python"] = wall_time([sys.executable, "-c", "pass"], {}, runs).to_dict()
    seeds_index = workspace.settings.work / "index" / "project-seeds" / ENGINE
    workspace.run_child("build", ENGINE, project_seeds, seeds_index)
    argv, env = SYSTEMS[ENGINE].cold_start_argv(seeds_index, project_seeds, "México")
    log(f"cold start: search-cli query on {project_seeds}")
    result["seeds"][ENGINE] = wall_time(argv, env, runs).to_dict()
    for system, module in SYSTEMS.items():
        argv, env = module.cold_start_argv(workspace.index(system, MIX), workspace.seeds(MIX).path, question)
        log(f"cold start: {system} on {MIX}")
        result["mix"][system] = wall_time(argv, env, runs).to_dict()
    return result

"""python -m bench.archive: the engine on generated archives of growing size (issue 19's 1,000,000).

For each size: a full build in a fresh process (time, peak memory of it and of its helper), size on
disk, warm query p50/p95 with snippets, the slowest hostile query, ``search-cli query`` cold start
(wall time and peak memory), and an update after 1% of the documents are edited.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpora import check_corpora_dir, default_corpora_dir, load_xquad
from bench.engine_adapter import open_searcher, python_path
from bench.generate import write_generated
from bench.seeds import change_some_documents
from bench.speed import latency_questions, time_hostile, time_queries
from bench.stats import percentile
from search.backends.whoosh import store

_COLD_QUESTION = "border wall"


def _child(action: str, seeds: Path, index: Path) -> dict:
    """A build or update in a fresh process, as the main benchmark runs them."""
    env = {"PYTHONPATH": python_path(), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "bench.child", action, "engine", str(seeds), str(index)],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"bench.archive: {action} failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def cold_query(index: Path, runs: int) -> dict:
    """``search-cli query`` in a fresh process: median wall time and its peak resident memory."""
    program = (
        "import sys\nfrom search.cli import main\nfrom bench.child import peak_rss_bytes\n"
        f"code = main(['query', '--index', {str(index)!r}, {_COLD_QUESTION!r}])\n"
        "sys.stderr.write(f'\\nPEAK {peak_rss_bytes()}\\n')\nsys.exit(code)\n"
    )
    env = {"PYTHONPATH": python_path(), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    times, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise SystemExit(f"bench.archive: cold query failed: {done.stderr.strip()[-300:]}")
        peaks.append(int(done.stderr.rsplit("PEAK ", 1)[1].split()[0]))
    return {"seconds": percentile(times, 0.5), "peak_rss": max(peaks)}


def measure(size: int, work: Path, corpora: Path, questions: list[str], cold_runs: int) -> dict:
    seeds, index = work / f"seeds-{size}", work / f"index-{size}"
    started = time.perf_counter()
    input_bytes = write_generated(seeds, corpora, size)
    generated = time.perf_counter() - started
    build = _child("build", seeds, index)
    index_bytes = store.disk_size(store.current_generation(index).path)
    searcher = open_searcher(index)
    try:
        latency = time_queries(searcher, questions, repeat=1)
    finally:
        searcher.close()
    hostile = time_hostile(index, repeat=1)
    cold = cold_query(index, cold_runs)
    edited = len(change_some_documents(seeds, 0.01, seed=5, marker="Archive benchmark edit."))
    update = _child("update", seeds, index)
    return {
        "documents": build["documents"], "input_bytes": input_bytes, "generate_s": generated,
        "build_s": build["seconds"], "docs_per_s": build["documents"] / build["seconds"],
        "build_peak_rss": build["peak_rss"], "build_helper_peak_rss": build["helper_peak_rss"],
        "index_bytes": index_bytes, "p50_ms": latency["p50_ms"]["median"],
        "p95_ms": latency["p95_ms"]["median"], "hostile_ms": hostile["slowest_ms"],
        "hostile_query": hostile["slowest_query"], "cold_s": cold["seconds"], "cold_peak_rss": cold["peak_rss"],
        "edited": edited, "update_s": update["seconds"], "update_peak_rss": update["peak_rss"],
    }


def lines(results: list[dict]) -> list[str]:
    """The results as a Markdown table (copied into bench/RESULTS.md)."""
    mib = 2 ** 20
    out = ["| documents | build | docs/s | build peak (+ helper) | on disk | warm p50 / p95 | slowest hostile "
           "| cold query (peak) | update after 1% edits |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        out.append(
            f"| {r['documents']:,} | {r['build_s']:.0f} s | {r['docs_per_s']:,.0f} | "
            f"{r['build_peak_rss'] / mib:.0f} + {r['build_helper_peak_rss'] / mib:.0f} MiB | "
            f"{r['index_bytes'] / 1e6:.0f} MB | {r['p50_ms']:.1f} / {r['p95_ms']:.1f} ms | "
            f"{r['hostile_ms']:.0f} ms | {r['cold_s']:.2f} s ({r['cold_peak_rss'] / mib:.0f} MiB) | "
            f"{r['update_s']:.2f} s ({r['edited']:,} edited) |")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.archive", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="68000,1000000",
                        help="comma-separated archive sizes in documents (default 68000,1000000)")
    parser.add_argument("--questions", type=int, default=200, help="XQuAD questions for warm latency")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold queries per size (median)")
    parser.add_argument("--corpora", type=Path, default=None)
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    args = parser.parse_args(argv)
    corpora = check_corpora_dir(args.corpora or default_corpora_dir())
    questions = latency_questions(load_xquad(corpora), args.questions)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-archive-"))
    results = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"== {size:,} generated documents", flush=True)
            results.append(measure(size, work, corpora, questions, args.cold_runs))
            print(json.dumps(results[-1]), flush=True)
            if args.json:
                args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n".join(lines(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

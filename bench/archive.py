"""python -m bench.archive: the engine on generated archives of growing size (issue 19's 1,000,000).

For each size: a full build in a fresh process (time, peak memory of it and of its helper), size on
disk, warm query p50/p95 with snippets, the slowest hostile query, ``search-cli query`` cold start
(wall time and peak memory), the terminal app's keystroke-to-results, and an update after 1% of the
documents are edited. ``--backend postgres`` does the same with the index in PostgreSQL (the server
named by ``$NEWS_SEARCH_BENCH_PG``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpora import check_corpora_dir, default_corpora_dir, load_xquad
from bench import engine_adapter, system_postgres, tui_latency
from bench.engine_adapter import python_path
from bench.generate import write_generated
from bench.seeds import change_some_documents
from bench.speed import latency_questions, time_hostile, time_queries
from bench.stats import percentile
from search.backends.whoosh import store

_COLD_QUESTION = "border wall"
BACKENDS = {"whoosh": engine_adapter, "postgres": system_postgres}
"""--backend choices -> the bench system module that builds, updates and opens that backend's index."""


def _child_env() -> dict[str, str]:
    env = {"PYTHONPATH": python_path(), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    for name in (system_postgres.SERVER_ENV, engine_adapter.SEMANTIC_ENV):
        if os.environ.get(name):
            env[name] = os.environ[name]
    return env


def _child(action: str, system: str, seeds: Path, index: Path) -> dict:
    """A build or update in a fresh process, as the main benchmark runs them."""
    done = subprocess.run([sys.executable, "-m", "bench.child", action, system, str(seeds), str(index)],
                          capture_output=True, text=True, env=_child_env())
    if done.returncode != 0:
        raise SystemExit(f"bench.archive: {action} failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def cold_query(index: Path | str, runs: int) -> dict:
    """``search-cli query`` in a fresh process: median wall time and its peak resident memory."""
    program = (
        "import sys\nfrom search.cli import main\nfrom bench.child import peak_rss_bytes\n"
        f"code = main(['query', '--index', {str(index)!r}, {_COLD_QUESTION!r}])\n"
        "sys.stderr.write(f'\\nPEAK {peak_rss_bytes()}\\n')\nsys.exit(code)\n"
    )
    times, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=_child_env())
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise SystemExit(f"bench.archive: cold query failed: {done.stderr.strip()[-300:]}")
        peaks.append(int(done.stderr.rsplit("PEAK ", 1)[1].split()[0]))
    return {"seconds": percentile(times, 0.5), "peak_rss": max(peaks)}


def tui_keystroke(index: Path | str, xquad, count: int, work: Path) -> dict:
    """The terminal app's keystroke-to-results on this index (bench/tui_latency.py's method, one pass)."""
    from tui.app import PAGE_SIZE

    questions = tui_latency.tui_questions(xquad, count)
    [times] = asyncio.run(tui_latency._measure(index, work / "tui-history", questions, 1))
    alone = tui_latency.direct_search_ms(index, questions, PAGE_SIZE)
    return {"queries": len(times), "p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95),
            "search_alone_p50_ms": percentile(alone, 0.5), "search_alone_p95_ms": percentile(alone, 0.95)}


def measure(size: int, backend: str, work: Path, corpora: Path, xquad, questions: list[str],
            cold_runs: int, tui_count: int) -> dict:
    system = BACKENDS[backend]
    seeds, index = work / f"seeds-{size}", work / f"index-{backend}-{size}"
    started = time.perf_counter()
    input_bytes = write_generated(seeds, corpora, size)
    generated = time.perf_counter() - started
    print(f"generated {input_bytes / 1e6:.0f} MB in {generated:.0f} s", flush=True)
    build = _child("build", system.NAME, seeds, index)
    print(f"built {build['documents']:,} documents in {build['seconds']:.0f} s: {json.dumps(build)}", flush=True)
    if backend == "postgres":
        where: Path | str = system_postgres.location(index)
        index_bytes = system_postgres.index_bytes(index)
    else:
        where = index
        index_bytes = store.disk_size(store.current_generation(index).path)
    searcher = system.open_searcher(index)
    try:
        latency = time_queries(searcher, questions, repeat=1)
    finally:
        searcher.close()
    hostile = time_hostile(where, repeat=1)
    cold = cold_query(where, cold_runs)
    tui = tui_keystroke(where, xquad, tui_count, work) if tui_count else None
    print("queried: warm, hostile, cold, tui", flush=True)
    edited = len(change_some_documents(seeds, 0.01, seed=5, marker="Archive benchmark edit."))
    update = _child("update", system.NAME, seeds, index)
    return {
        "backend": backend, "documents": build["documents"], "input_bytes": input_bytes, "generate_s": generated,
        "build_s": build["seconds"], "docs_per_s": build["documents"] / build["seconds"],
        "build_peak_rss": build["peak_rss"], "build_helper_peak_rss": build["helper_peak_rss"],
        "build_peak_sum": build["peak_rss"] + build["helper_peak_rss"], "build_peak_pss": build.get("peak_pss_sum", 0),
        "index_bytes": index_bytes, "p50_ms": latency["p50_ms"]["median"],
        "p95_ms": latency["p95_ms"]["median"], "hostile_ms": hostile["slowest_ms"],
        "hostile_query": hostile["slowest_query"], "hostile_refused": hostile["refused"], "cold_s": cold["seconds"], "cold_peak_rss": cold["peak_rss"],
        "tui": tui, "edited": edited, "update_s": update["seconds"], "update_peak_rss": update["peak_rss"],
        "update_peak_pss": update.get("peak_pss_sum", 0),
    }


def lines(results: list[dict]) -> list[str]:
    """The results as a Markdown table (copied into bench/RESULTS.md), and the growth from the first size."""
    mib = 2 ** 20
    out = ["| backend | documents | build | docs/s | build peak: main + helper = sum (together, PSS) | on disk | warm p50 / p95 "
           "| slowest hostile | cold query (peak) | keystroke to results p50 / p95 | update after 1% edits |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        tui = r.get("tui")
        keys = f"{tui['p50_ms']:.0f} / {tui['p95_ms']:.0f} ms" if tui else "not measured"
        pss = f" ({r['build_peak_pss'] / mib:.0f} MiB)" if r.get("build_peak_pss") else ""
        out.append(
            f"| {r.get('backend', 'whoosh')} | {r['documents']:,} | {r['build_s']:.0f} s | {r['docs_per_s']:,.0f} | "
            f"{r['build_peak_rss'] / mib:.0f} + {r['build_helper_peak_rss'] / mib:.0f} = "
            f"{(r['build_peak_rss'] + r['build_helper_peak_rss']) / mib:.0f} MiB{pss} | "
            f"{r['index_bytes'] / 1e6:.0f} MB | {r['p50_ms']:.1f} / {r['p95_ms']:.1f} ms | "
            f"{r['hostile_ms']:.0f} ms{' (refused)' if r.get('hostile_query') in r.get('hostile_refused', {}) else ''} | {r['cold_s']:.2f} s ({r['cold_peak_rss'] / mib:.0f} MiB) | {keys} | "
            f"{r['update_s']:.2f} s ({r['edited']:,} edited) |")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.archive", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="68000,1000000",
                        help="comma-separated archive sizes in documents (default 68000,1000000)")
    parser.add_argument("--questions", type=int, default=200, help="XQuAD questions for warm latency")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold queries per size (median)")
    parser.add_argument("--tui-questions", type=int, default=40,
                        help="questions typed into the terminal app per size (0: skip the app)")
    parser.add_argument("--backend", choices=sorted(BACKENDS), default="whoosh",
                        help=f"where the index lives (postgres: the server named by ${system_postgres.SERVER_ENV})")
    parser.add_argument("--no-semantic", action="store_true",
                        help="build and update without the semantic layer (lexical only: embedding a "
                             "million articles takes about an hour on two cores)")
    parser.add_argument("--corpora", type=Path, default=None, help="the corpora folder (default: $NEWS_SEARCH_CORPORA or ../shared/corpora)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    args = parser.parse_args(argv)
    if args.no_semantic:
        os.environ[engine_adapter.SEMANTIC_ENV] = "0"
    if args.backend == "postgres" and not system_postgres.available():
        parser.error(f"--backend postgres needs ${system_postgres.SERVER_ENV} (postgresql://USER:PW@HOST:PORT/postgres)")
    corpora = check_corpora_dir(args.corpora or default_corpora_dir())
    xquad = load_xquad(corpora)
    questions = latency_questions(xquad, args.questions)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-archive-"))
    results = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"== {size:,} generated documents", flush=True)
            results.append(measure(size, args.backend, work, corpora, xquad, questions, args.cold_runs,
                                   args.tui_questions))
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

"""python -m bench.compare: warm query latency of one index under two checkouts of the engine, side by side.

Each checkout answers the same XQuAD questions in a fresh process of its own (``bench.speed``'s
warm latency, snippets included), the checkouts taking turns for ``--rounds`` rounds, so that a
slow spell of a shared machine falls on both. For a change to the query path measured on an
index built once (the 1,000,000-document archive takes a quarter of an hour to build).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.stats import percentile

_CHILD = """
import json, sys
from pathlib import Path
from bench.corpora import default_corpora_dir, load_xquad
from bench.engine_adapter import Searcher
from bench.speed import latency_questions, time_queries
questions = latency_questions(load_xquad(default_corpora_dir()), int(sys.argv[2]))
searcher = Searcher(Path(sys.argv[1]))
try:
    latency = time_queries(searcher, questions, repeat=1)
finally:
    searcher.close()
print(json.dumps({"p50_ms": latency["p50_ms"]["median"], "p95_ms": latency["p95_ms"]["median"]}))
"""


def measure(checkout: Path, index: Path, questions: int) -> dict[str, float]:
    """Warm p50 and p95 (ms) of ``checkout``'s engine on ``index``, in a fresh process."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(index), str(questions)], capture_output=True,
                          text=True, cwd=checkout, env=_env(checkout))
    if done.returncode != 0:
        raise SystemExit(f"bench.compare: {checkout}: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _env(checkout: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(checkout.resolve())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path, help="an index folder both checkouts can read")
    parser.add_argument("baseline", type=Path, help="the checkout to compare against (a git worktree)")
    parser.add_argument("candidate", type=Path, nargs="?", default=Path(__file__).resolve().parent.parent,
                        help="the checkout measured (default: this one)")
    parser.add_argument("--questions", type=int, default=100, help="XQuAD questions per run (default 100)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each checkout, taking turns (default 2)")
    args = parser.parse_args(argv)
    runs: dict[str, list[dict[str, float]]] = {"baseline": [], "candidate": []}
    for _ in range(args.rounds):
        for name in runs:
            runs[name].append(measure(getattr(args, name), args.index, args.questions))
            print(f"{name}: {json.dumps(runs[name][-1])}", flush=True)
    medians = {name: {key: percentile([run[key] for run in done], 0.5) for key in ("p50_ms", "p95_ms")}
               for name, done in runs.items()}
    print("| checkout | warm p50 | warm p95 |\n|---|---|---|")
    for name, figures in medians.items():
        print(f"| {name} | {figures['p50_ms']:.1f} ms | {figures['p95_ms']:.1f} ms |")
    base, cand = medians["baseline"], medians["candidate"]
    print(f"| candidate ÷ baseline | {cand['p50_ms'] / base['p50_ms']:.2f}× | {cand['p95_ms'] / base['p95_ms']:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""python -m bench: run the benchmarks and write RESULTS.md, results.json and the latency plot."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.corpora import (
    CORPORA_ENV,
    CorporaError,
    check_corpora_dir,
    default_corpora_dir,
    load_xquad,
    repo_root,
    tiny_xquad,
)
from bench import engine_adapter
from bench.workspace import BenchError, Settings, Workspace

STAGES = ("build", "relevance", "latency", "scaling", "coldstart", "tui", "incremental")
"""In running order: relevance reuses the last timed build; incremental edits the seed files, so it is last."""
BENCH_DIR = Path(__file__).resolve().parent
RESULT_KEYS = {"build": "build", "relevance": "relevance", "latency": "latency", "scaling": "scaling",
               "coldstart": "cold_start", "tui": "tui", "incremental": "incremental"}
"""Stage name -> its section of results.json."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark news-search against SQLite FTS5 and plain Whoosh: relevance on XQuAD, speed "
                    "on the scale corpus.",
    )
    parser.add_argument("--corpora", type=Path, default=None,
                        help=f"the shared corpora folder (default: ${CORPORA_ENV} or ../shared/corpora)")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "out",
                        help="where results.json, RESULTS.md and the plot go (default: bench/out)")
    parser.add_argument("--write-results", action="store_true",
                        help="also write bench/RESULTS.md and the plot next to it (the committed copies)")
    parser.add_argument("--only", default=",".join(STAGES),
                        help=f"comma-separated benchmarks to run, among: {', '.join(STAGES)} (default: all)")
    parser.add_argument("--repeat", type=int, default=None, help="runs per timed figure (default 3, tiny 1)")
    parser.add_argument("--latency-questions", type=int, default=None,
                        help="questions per latency pass (default 200)")
    parser.add_argument("--mix-questions", type=int, default=None,
                        help="questions per query set for relevance on the mix, a fixed sample (default 400; "
                             "0 = all 1,190, which takes plain Whoosh alone about half an hour)")
    parser.add_argument("--tiny", action="store_true",
                        help="a few documents and questions: checks that the harness works, figures mean nothing")
    parser.add_argument("--work", type=Path, default=None,
                        help="scratch folder for seed copies and indexes (default: a new temporary folder)")
    parser.add_argument("--keep-work", action="store_true", help="do not delete the scratch folder at the end")
    parser.add_argument("--no-semantic", action="store_true",
                        help="build and update news-search's index without its semantic layer (lexical only, "
                             "as the baselines are)")
    parser.add_argument("--merge", type=Path, default=None, metavar="RESULTS_JSON",
                        help="start from an earlier run's results.json and replace only the benchmarks in "
                             "--only (the report says which were re-measured, and when)")
    parser.add_argument("--from-results", type=Path, default=None, metavar="RESULTS_JSON",
                        help="run nothing: rewrite RESULTS.md (and the plot, if matplotlib is there) from "
                             "an earlier run's results.json")
    args = parser.parse_args(argv)
    stages = [stage.strip() for stage in args.only.split(",") if stage.strip()]
    unknown = [stage for stage in stages if stage not in STAGES]
    if unknown or not stages:
        parser.error(f"unknown benchmark {unknown[0] if unknown else '(none)'!r} in --only; "
                     f"choose among {', '.join(STAGES)}")
    args.stages = [stage for stage in STAGES if stage in stages]
    if args.mix_questions is not None and args.mix_questions < 0:
        parser.error(f"--mix-questions must be 0 (all) or more, got {args.mix_questions}")
    for name in ("repeat", "latency_questions"):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1, got {value}")
    return args


def make_settings(args: argparse.Namespace, work: Path) -> Settings:
    corpora = check_corpora_dir((args.corpora or default_corpora_dir()).expanduser().resolve())
    if args.tiny:
        settings = Settings(corpora=corpora, out=args.out, work=work, repeat=1, tiny=True, mix_size=40,
                            scaling_sizes=(10, 20), latency_questions=12, mix_questions=None, cold_runs=1)
    else:
        settings = Settings(corpora=corpora, out=args.out, work=work)
    if args.repeat:
        settings.repeat = args.repeat
    if args.latency_questions:
        settings.latency_questions = args.latency_questions
    if args.mix_questions is not None:
        settings.mix_questions = args.mix_questions or None
    return settings


class Logger:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    def __call__(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:7.1f} s] {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace, work: Path, log: Logger) -> dict:
    from bench import machine, relevance, speed, tui_latency
    from bench.systems import SYSTEMS

    settings = make_settings(args, work)
    xquad = load_xquad(settings.corpora)
    if settings.tiny:
        xquad = tiny_xquad(xquad)
    workspace = Workspace(settings, xquad)
    results: dict = {}
    notes: list[str] = []
    for stage in args.stages:
        log(f"--- {stage}")
        if stage == "relevance":
            results["relevance"] = relevance.run(workspace, log)
        elif stage == "build":
            results["build"] = speed.build_speed(workspace, log)
        elif stage == "latency":
            results["latency"] = speed.query_latency(workspace, "mix", log)
        elif stage == "scaling":
            full = results.get("latency") or speed.query_latency(workspace, "mix", log)
            results["scaling"] = speed.scaling(workspace, full, log)
        elif stage == "coldstart":
            results["cold_start"] = speed.cold_start(workspace, repo_root() / "seeds", log)
        elif stage == "tui":
            results["tui"] = tui_latency.run(workspace, log)
        elif stage == "incremental":
            results["incremental"] = speed.incremental(workspace, log)
    results["meta"] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m bench " + shlex.join(sys.argv[1:]) if sys.argv[1:] else "python -m bench",
        "minutes": (time.perf_counter() - log.started) / 60,
        "tiny": settings.tiny,
        "repeat": settings.repeat,
        "corpora": str(settings.corpora),
        "machine": machine.describe(repo_root()),
        "labels": {name: module.LABEL for name, module in SYSTEMS.items()},
        "notes": notes,
    }
    return results


def merge_into(earlier_path: Path, fresh: dict, stages: list[str]) -> dict:
    """The earlier run's results with the given stages replaced by this run's, and a note saying so."""
    try:
        merged = json.loads(earlier_path.read_text(encoding="utf-8"))
        merged["meta"]
    except (OSError, json.JSONDecodeError, KeyError) as error:
        raise BenchError(f"cannot read {earlier_path} as a results.json ({error})") from None
    for stage in stages:
        key = RESULT_KEYS[stage]
        if key in fresh:
            merged[key] = fresh[key]
    merged["meta"].setdefault("notes", []).append(
        f"Re-measured {fresh['meta']['date']} by `{fresh['meta']['command']}`: {', '.join(stages)} "
        f"(the rest is from the run above; news-search {fresh['meta']['machine']['news-search']}, "
        f"commit {fresh['meta']['machine']['commit']}).")
    return merged


def write_outputs(results: dict, args: argparse.Namespace, log: Logger) -> None:
    from bench.plot import plot_scaling
    from bench.report import PLOT_FILE, render

    args.out.mkdir(parents=True, exist_ok=True)
    png = args.out / PLOT_FILE
    if args.from_results is None and "scaling" in args.stages:
        png.unlink(missing_ok=True)  # never pair new figures with an old plot
    results["meta"]["notes"] = [n for n in results["meta"]["notes"] if not n.startswith("Plot: ")]
    if results.get("scaling"):
        skipped = plot_scaling(results["scaling"], results["meta"]["labels"], png)
        if skipped and png.is_file():
            log(f"{skipped}; keeping the plot already in {png} (drawn from these results by python -m bench.plot)")
        elif skipped:
            log(skipped)
            results["meta"]["notes"].append(f"Plot: {skipped}.")
    (args.out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    markdown = render(results)
    (args.out / "RESULTS.md").write_text(markdown, encoding="utf-8")
    log(f"wrote {args.out / 'RESULTS.md'} and {args.out / 'results.json'}")
    if args.write_results:
        from bench.stress import keep_stress_section

        committed = BENCH_DIR / "RESULTS.md"
        committed.write_text(keep_stress_section(markdown, committed), encoding="utf-8")
        if (args.out / PLOT_FILE).is_file():
            shutil.copyfile(args.out / PLOT_FILE, BENCH_DIR / PLOT_FILE)
        log(f"wrote {BENCH_DIR / 'RESULTS.md'}")


def rewrite_from(args: argparse.Namespace, log: Logger) -> int:
    try:
        results = json.loads(args.from_results.read_text(encoding="utf-8"))
        results["meta"]
    except (OSError, json.JSONDecodeError, KeyError) as error:
        print(f"bench: error: cannot read {args.from_results} as a results.json ({error})", file=sys.stderr)
        return 2
    write_outputs(results, args, log)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    log = Logger()
    if args.no_semantic:
        os.environ[engine_adapter.SEMANTIC_ENV] = "0"
    if args.from_results is not None:
        return rewrite_from(args, log)
    work = args.work or Path(tempfile.mkdtemp(prefix="news-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = run(args, work.resolve(), log)
        if args.merge is not None:
            results = merge_into(args.merge, results, args.stages)
        write_outputs(results, args, log)
    except (CorporaError, BenchError) as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    finally:
        if args.keep_work:
            log(f"scratch folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

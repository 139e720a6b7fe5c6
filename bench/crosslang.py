"""Cross-language relevance on XQuAD (``python -m bench.crosslang``): MRR@10 of the other language's
paragraph with a language filter, the monolingual MRR@10, and without a filter the Recall@10 of the
other language's paragraph with the query language's one still first; the engine with its semantic
layer and query translation, without the semantic layer, with its own words only (the lexical
baseline), beside SQLite FTS5 and plain Whoosh (monolingual: a filter keeps the other language's
hits of their top 100). Also each engine build's time and peak memory, and the query latency."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.corpora import check_corpora_dir, default_corpora_dir, load_xquad, scale_files
from bench.engine_adapter import python_path
from bench.metrics import first_relevant_rank, reciprocal_rank
from bench.seeds import tagged_id, write_seeds
from bench.stats import percentile
from bench.systems import SYSTEMS

OTHER = {"en": "es", "es": "en"}
ENGINES = {
    # label: (index, translate)
    "news-search (semantic layer + translation)": ("engine", True),
    "news-search, no semantic layer (translation only)": ("engine-lexical", True),
    "news-search, the query's own words (before)": ("engine-lexical", False),
}
BASELINES = {"SQLite FTS5": "fts5", "plain Whoosh": "whoosh"}
DEPTH = 100
"""A monolingual baseline's hits kept for a language filter applied afterwards."""

_BUILD = """
import json, sys, time
from bench.child import peak_rss_bytes
import resource, search
started = time.perf_counter()
report = search.build_index(sys.argv[1], sys.argv[2], rebuild=True, semantic=sys.argv[3] == "1")
print(json.dumps({"seconds": time.perf_counter() - started, "documents": report.documents,
                  "peak_rss": peak_rss_bytes(), "helper_peak_rss": peak_rss_bytes(resource.RUSAGE_CHILDREN)}))
"""


def build(kind: str, seeds: Path, index: Path) -> dict:
    """A build in a fresh process: its time and peak memory."""
    shutil.rmtree(index, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": python_path()}
    if kind in ("engine", "engine-lexical"):
        argv = [sys.executable, "-c", _BUILD, str(seeds), str(index), "1" if kind == "engine" else "0"]
    else:
        argv = [sys.executable, "-m", "bench.child", "build", kind, str(seeds), str(index)]
    done = subprocess.run(argv, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"bench.crosslang: building {kind} failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def rank_engine(index: str, translate: bool, questions: list[str], lang: str) -> dict:
    """Rankings of one question list: filtered to the other language, and unfiltered; with timings."""
    import search
    from search.ingest.ids import own_record_id

    out = {"filtered": [], "unfiltered": [], "ms": []}
    with search.open_index(index) as engine:
        for text in questions:
            for key, wanted in (("filtered", OTHER[lang]), ("unfiltered", None)):
                started = time.perf_counter()
                hits = engine.search(text, lang=wanted, limit=10, facets=False, snippets=0, translate=translate).hits
                if key == "unfiltered":
                    out["ms"].append((time.perf_counter() - started) * 1000)
                out[key].append([own_record_id(hit.id, hit.path) for hit in hits])
    return out


def rank_baseline(system: str, index: str, questions: list[str], lang: str) -> dict:
    searcher = SYSTEMS[system].open_searcher(Path(index))
    out = {"filtered": [], "unfiltered": [], "ms": []}
    try:
        for text in questions:
            started = time.perf_counter()
            ranked = searcher.search(text, limit=DEPTH)
            out["ms"].append((time.perf_counter() - started) * 1000)
            out["unfiltered"].append(ranked[:10])
            out["filtered"].append([doc for doc in ranked if doc.endswith("@" + OTHER[lang])][:10])
    finally:
        searcher.close()
    return out


def scores(rankings: dict, qrels: list[str], lang: str) -> dict:
    """The figures of one system and question language."""
    other, own = OTHER[lang], lang
    filtered = [reciprocal_rank(first_relevant_rank(r, [tagged_id(p, other)]))
                for r, p in zip(rankings["filtered"], qrels)]
    mono = [reciprocal_rank(first_relevant_rank(r, [tagged_id(p, own)])) for r, p in zip(rankings["unfiltered"], qrels)]
    recall = [first_relevant_rank(r, [tagged_id(p, other)]) is not None for r, p in zip(rankings["unfiltered"], qrels)]
    first = [bool(r) and r[0] == tagged_id(p, own) for r, p in zip(rankings["unfiltered"], qrels)]
    ms = sorted(rankings["ms"])
    return {f"{lang}→{other} MRR@10 (filtered)": statistics.mean(filtered), f"{lang}→{lang} MRR@10": statistics.mean(mono),
            f"{lang}: {other} paragraph in top 10 (no filter)": statistics.mean(recall),
            f"{lang}: own paragraph first (no filter)": statistics.mean(first),
            f"{lang}: p50 ms": percentile(ms, 0.5), f"{lang}: p95 ms": percentile(ms, 0.95)}


def run_corpus(corpus: str, size: int | None, work: Path, xquad, corpora: Path, questions: int | None, log,
               reuse: bool = False, baselines: dict[str, str] = BASELINES) -> dict:
    record = work / f"builds-{corpus}.json"
    if reuse and record.exists():  # the indexes and build figures of an earlier run in this --work
        builds = json.loads(record.read_text(encoding="utf-8"))
        documents = json.loads((work / f"documents-{corpus}.json").read_text(encoding="utf-8"))
        log(f"{corpus}: {documents} documents, indexes of an earlier run")
    else:
        seeds = write_seeds(work / "seeds" / corpus, xquad, scale_files(corpora) if size != 0 else [], size)
        documents = seeds.documents
        log(f"{corpus}: {seeds.documents} documents")
        builds = {}
        for kind in ("engine", "engine-lexical", *baselines.values()):
            log(f"{corpus}: building {kind}")
            builds[kind] = build(kind, seeds.path, work / "index" / corpus / kind)
            log(f"{corpus}: {kind} built in {builds[kind]['seconds']:.1f} s, peak {builds[kind]['peak_rss'] / 2**20:.0f} MiB")
        record.write_text(json.dumps(builds), encoding="utf-8")
        (work / f"documents-{corpus}.json").write_text(json.dumps(documents), encoding="utf-8")
    count = len(xquad.questions["en"])
    positions = sorted(random.Random(3).sample(range(count), questions)) if questions and questions < count else list(range(count))
    result = {"documents": documents, "questions": len(positions), "builds": builds, "systems": {}}
    jobs = {}
    # one process per ranking (2 at a time): latencies are of a machine doing two searches at once
    with ProcessPoolExecutor(max_workers=2) as pool:
        for lang in ("en", "es"):
            texts = [xquad.questions[lang][i].text for i in positions]
            for label, (index, translate) in ENGINES.items():
                jobs[(label, lang)] = pool.submit(rank_engine, str(work / "index" / corpus / index), translate, texts, lang)
            for label, system in baselines.items():
                jobs[(label, lang)] = pool.submit(rank_baseline, system, str(work / "index" / corpus / system), texts, lang)
        for (label, lang), job in jobs.items():
            qrels = [xquad.qrels[xquad.questions[lang][i].qid] for i in positions]
            result["systems"].setdefault(label, {}).update(scores(job.result(), qrels, lang))
            log(f"{corpus}: {label} {lang} done")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crosslang", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=None, help="the shared corpora folder (default: ../shared/corpora)")
    parser.add_argument("--out", type=Path, default=Path("bench/out/crosslang.json"), help="where the figures go (JSON)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a new temporary one, removed)")
    parser.add_argument("--mix", action="store_true", help="also among the scale corpus (68,000 distractors; slow)")
    parser.add_argument("--mix-size", type=int, default=None, help="distractors in the mix (default: all)")
    parser.add_argument("--mix-questions", type=int, default=400, help="questions per language on the mix (default 400)")
    parser.add_argument("--reuse", action="store_true",
                        help="rank on the indexes an earlier run left in --work (their build figures too)")
    parser.add_argument("--only-engine", action="store_true", help="rank the engine's variants only, not the baselines")
    args = parser.parse_args(argv)
    corpora = check_corpora_dir((args.corpora or default_corpora_dir()).expanduser().resolve())
    xquad = load_xquad(corpora)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-crosslang-"))
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f} s] {message}", file=sys.stderr, flush=True)

    results = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "load_before": os.getloadavg()}
    try:
        baselines = {} if args.only_engine else BASELINES
        results["xquad"] = run_corpus("xquad", 0, work, xquad, corpora, None, log, args.reuse, baselines)
        if args.mix:
            results["mix"] = run_corpus("mix", args.mix_size, work, xquad, corpora, args.mix_questions, log,
                                        args.reuse, baselines)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    results["load_after"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    for corpus in ("xquad", "mix"):
        if corpus in results:
            print(f"## {corpus}: {results[corpus]['documents']} documents, {results[corpus]['questions']} questions per language")
            for label, figures in results[corpus]["systems"].items():
                print(label + ": " + ", ".join(f"{k} {v:.3f}" if "ms" not in k else f"{k} {v:.1f}" for k, v in sorted(figures.items())))
            for kind, b in results[corpus]["builds"].items():
                print(f"build {kind}: {b['seconds']:.1f} s, peak {b['peak_rss'] / 2**20:.0f} MiB (+ helper {b['helper_peak_rss'] / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

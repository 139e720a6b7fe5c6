"""Relevance on XQuAD: MRR@10, Recall@10 and nDCG@10 per query set, alone and among the scale corpus."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.corpora import strip_accents
from bench.metrics import score
from bench.seeds import tagged_id
from bench.stats import percentile
from bench.systems import SYSTEMS
from bench.workspace import MIX, XQUAD_ONLY, Workspace


@dataclass(frozen=True)
class QuerySet:
    name: str
    question_lang: str
    strip_accents: bool
    target_langs: tuple[str, ...]
    """Languages of the paragraph versions that count as relevant (two: either one will do)."""


QUERY_SETS = (
    QuerySet("en→en", "en", False, ("en",)),
    QuerySet("es→es", "es", False, ("es",)),
    QuerySet("es without accents→es", "es", True, ("es",)),
    QuerySet("es→either", "es", False, ("en", "es")),
    QuerySet("en→es", "en", False, ("es",)),
)


@dataclass(frozen=True)
class Ranker:
    key: str
    system: str
    label: str
    raw_questions: bool = False
    mix_too: bool = True


RANKERS = (
    Ranker("engine", "engine", SYSTEMS["engine"].LABEL),
    Ranker("fts5", "fts5", SYSTEMS["fts5"].LABEL),
    Ranker("whoosh", "whoosh", SYSTEMS["whoosh"].LABEL),
    Ranker("whoosh-raw", "whoosh", "plain Whoosh, raw question", raw_questions=True, mix_too=False),
    *((Ranker("postgres", "postgres", SYSTEMS["postgres"].LABEL),) if "postgres" in SYSTEMS else ()),
)
"""The compared rankings; "whoosh-raw" is plain Whoosh given the question as typed (README, "Benchmarks"),
on the 480 paragraphs only: on the mix plain Whoosh is slow enough to dominate the run's time."""

CORPORA = (XQUAD_ONLY, MIX)


def run_questions(search: Callable[[str], list[str]], questions: list[str]) -> tuple[list[list[str]], dict]:
    """Rank every question; a failing query counts as an empty ranking and is reported, not hidden."""
    rankings, times, errors, example = [], [], 0, None
    for question in questions:
        started = time.perf_counter()
        try:
            ranking = search(question)
        except Exception as error:  # noqa: BLE001 - any failure is a result to report
            ranking = []
            errors += 1
            example = example or f"{question!r}: {type(error).__name__}: {error}"
        times.append((time.perf_counter() - started) * 1000)
        rankings.append(ranking)
    return rankings, {"errors": errors, "error_example": example,
                      "ranking_ms_p50": percentile(times, 0.5) if times else 0.0}


def rank_job(system: str, index_dir: str, raw_questions: bool, questions: list[str]) -> tuple[list[list[str]], dict]:
    """One ranker over one list of questions; runs in a worker process."""
    searcher = SYSTEMS[system].open_searcher(Path(index_dir))
    try:
        return run_questions(searcher.search_raw if raw_questions else searcher.search, questions)
    finally:
        searcher.close()


def question_sample(workspace: Workspace, corpus: str) -> list[int]:
    """Positions of the questions asked on this corpus: all on the 480 paragraphs, a fixed sample on the mix."""
    count = len(workspace.xquad.questions["en"])
    wanted = workspace.settings.mix_questions if corpus == MIX else None
    if wanted is None or wanted >= count:
        return list(range(count))
    return sorted(random.Random(3).sample(range(count), wanted))


def evaluate(workspace: Workspace, corpus: str, log: Callable[[str], None]) -> dict:
    """Scores of every ranker on one corpus ("xquad" or "mix"); the rankings run in parallel processes."""
    xquad = workspace.xquad
    positions = question_sample(workspace, corpus)
    runs = sorted({(qs.question_lang, qs.strip_accents) for qs in QUERY_SETS})
    texts = {(lang, stripped): [strip_accents(xquad.questions[lang][i].text) if stripped
                                else xquad.questions[lang][i].text for i in positions]
             for lang, stripped in runs}
    rankers = [ranker for ranker in RANKERS if corpus != MIX or ranker.mix_too]
    result: dict = {"documents": {}, "scores": {}, "queries": {}, "questions": len(positions),
                    "questions_total": len(xquad.questions["en"])}
    for ranker in rankers:
        workspace.index(ranker.system, corpus)
        result["documents"][ranker.key] = workspace.built[(ranker.system, corpus)].documents
    log(f"relevance on {corpus}: {len(rankers)} rankers x {len(runs)} question lists x {len(positions)} "
        f"questions, {workspace.settings.workers} processes")
    jobs = {}
    with ProcessPoolExecutor(max_workers=workspace.settings.workers) as pool:
        for ranker in rankers:
            index_dir = str(workspace.index_dir(ranker.system, corpus))
            for run in runs:
                jobs[(ranker.key, run)] = pool.submit(rank_job, ranker.system, index_dir,
                                                      ranker.raw_questions, texts[run])
        rankings = {key: job.result() for key, job in jobs.items()}
    for ranker in rankers:
        result["queries"][ranker.key] = {
            f"{lang}{'-stripped' if stripped else ''}": rankings[(ranker.key, (lang, stripped))][1]
            for lang, stripped in runs}
        scores = {}
        for query_set in QUERY_SETS:
            questions = [xquad.questions[query_set.question_lang][i] for i in positions]
            relevant = [[tagged_id(xquad.qrels[q.qid], lang) for lang in query_set.target_langs]
                        for q in questions]
            ranked = rankings[(ranker.key, (query_set.question_lang, query_set.strip_accents))][0]
            scores[query_set.name] = asdict(score(ranked, relevant))
        result["scores"][ranker.key] = scores
    return result


def run(workspace: Workspace, log: Callable[[str], None]) -> dict:
    from bench.stem_pairs import measure

    return {**{corpus: evaluate(workspace, corpus, log) for corpus in CORPORA}, "stemming": measure()}

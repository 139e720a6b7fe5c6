"""RESULTS.md: one table per benchmark, with the machine, the date, ratios to the baselines and spreads."""

from __future__ import annotations

from collections.abc import Sequence

from bench.relevance import QUERY_SETS, RANKERS
from bench.stats import Spread
from bench.systems import BASELINES, ENGINE, RUNNABLE, SYSTEMS

PLOT_FILE = "latency-vs-size.png"
TABLE_TITLES = (
    "Relevance: XQuAD paragraphs alone",
    "Relevance: XQuAD paragraphs among the scale corpus",
    "Full build",
    "Incremental update",
    "Warm query latency",
    "Query latency against corpus size",
    "Cold start",
    "Terminal app: keystroke to results",
    "Cross-language search: cost of the semantic layer",
)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def spread(data: dict, scale: float = 1.0, digits: int = 1, unit: str = "") -> str:
    """"12.3 ms (11.9–13.0)": the median of the runs, then the lowest and highest run."""
    value = Spread.from_dict(data)
    text = f"{value.median * scale:,.{digits}f}{unit}"
    if value.runs > 1:
        text += f" ({value.low * scale:,.{digits}f}–{value.high * scale:,.{digits}f})"
    return text


def ratio(numerator: float, denominator: float) -> str:
    return "–" if not denominator else f"{numerator / denominator:.2f}×"


def median(data: dict) -> float:
    return Spread.from_dict(data).median


def _relevance_table(corpus_result: dict) -> str:
    rankers = [r for r in RANKERS if r.key in corpus_result["scores"]]
    headers = ["Query set", *(r.label for r in rankers),
               *(f"MRR {SYSTEMS[ENGINE].LABEL} ÷ {SYSTEMS[b].LABEL}" for b in BASELINES)]
    rows = []
    for query_set in QUERY_SETS:
        cells = [query_set.name]
        for ranker in rankers:
            s = corpus_result["scores"][ranker.key][query_set.name]
            cells.append(f"{s['mrr']:.3f} / {s['recall']:.3f} / {s['ndcg']:.3f}")
        engine_mrr = corpus_result["scores"][ENGINE][query_set.name]["mrr"]
        cells += [ratio(engine_mrr, corpus_result["scores"][b][query_set.name]["mrr"]) for b in BASELINES]
        rows.append(cells)
    any_set = QUERY_SETS[0].name
    counts = ", ".join(f"{RUNNABLE[key].LABEL} {n:,}" for key, n in corpus_result["documents"].items()
                       if key in RUNNABLE)
    asked = corpus_result["scores"][ENGINE][any_set]["queries"]
    total = corpus_result.get("questions_total", asked)
    which = (f"a fixed random sample of {asked:,} of the {total:,} questions (the same for every system)"
             if asked < total else f"all {asked:,} questions")
    notes = [f"Cells: MRR@10 / Recall@10 / nDCG@10 over {which} per set. Documents indexed: {counts}."]
    for key, per_run in corpus_result.get("queries", {}).items():
        for run, figures in per_run.items():
            if figures["errors"]:
                notes.append(f"{key}, {run} questions: {figures['errors']} queries failed and count as "
                             f"misses, e.g. {figures['error_example']}")
    return table(headers, rows) + "\n\n" + "\n".join(notes)


def memory(figures: dict) -> str:
    """Peak of the build process, plus that of its largest helper process when it started any."""
    text = spread(figures["peak_rss"], 2**-20, 0)
    helper = figures.get("helper_peak_rss")
    if helper and median(helper) > 0:
        text += f" + {spread(helper, 2**-20, 0)} largest helper"
    return text


def memory_total(figures: dict) -> float:
    """Median peak of the process plus that of its largest helper: what the ratios compare."""
    helper = figures.get("helper_peak_rss")
    return median(figures["peak_rss"]) + (median(helper) if helper else 0.0)


def _build_table(build: dict) -> str:
    headers = ["System", "Documents", "Time (s)", "Documents/s", "MB/s", "Peak memory (MiB)", "Index on disk (MiB)"]
    rows = [[SYSTEMS[s].LABEL, f"{f['documents']:,}", spread(f["seconds"]), spread(f["docs_per_s"], digits=0),
             spread(f["mb_per_s"], digits=2), memory(f), f"{f['index_bytes'] / 2**20:,.1f}"]
            for s, f in build.items()]
    engine = build[ENGINE]
    for b in BASELINES:
        other = build[b]
        rows.append([f"{SYSTEMS[ENGINE].LABEL} ÷ {SYSTEMS[b].LABEL}", "",
                     ratio(median(engine["seconds"]), median(other["seconds"])),
                     ratio(median(engine["docs_per_s"]), median(other["docs_per_s"])),
                     ratio(median(engine["mb_per_s"]), median(other["mb_per_s"])),
                     ratio(memory_total(engine), memory_total(other)),
                     ratio(engine["index_bytes"], other["index_bytes"])])
    input_mb = engine["input_bytes"] / 1e6
    return (table(headers, rows) + f"\n\nInput: {input_mb:,.1f} MB of .jsonl. Each build runs in a fresh "
            "process, the systems taking turns (one run each per round); peak memory is that process's "
            "maximum resident set size, and, for a system that writes with helper processes (the "
            "engine's parallel writer on large builds), the largest helper's (the ratio compares their "
            "sum, a lower bound when several helpers run at once). Documents/s and MB/s are over wall "
            "time, whatever the number of processes.")


def _incremental_table(incremental: dict) -> str:
    headers = ["System", "Documents edited", "Changes reported (per run)", "Time (s)", "Peak memory (MiB)"]
    rows = [[SYSTEMS[s].LABEL, f"{f['changed']:,}", ", ".join(f"{n:,}" for n in f["reindexed"]),
             spread(f["seconds"], digits=2), memory(f)] for s, f in incremental.items()]
    for b in BASELINES:
        rows.append([f"{SYSTEMS[ENGINE].LABEL} ÷ {SYSTEMS[b].LABEL}", "", "",
                     ratio(median(incremental[ENGINE]["seconds"]), median(incremental[b]["seconds"])), ""])
    return (table(headers, rows) + "\n\nEach run edits a fresh 1% of the documents (a sentence appended to the "
            "body) in the seed files, then each system updates its index in a fresh process. The engine "
            "rescans the seed folder and finds the changes itself; it reports changed seed files, and "
            "re-reads each changed file whole, so edits spread over every file cost it about a full "
            "re-read. The baselines have no change detection: they are handed the changed records and "
            "report the records they replaced, so they do less work.")


def _latency_table(latency: dict) -> str:
    headers = ["System", "Documents", "p50 (ms)", "p95 (ms)"]
    rows = [[SYSTEMS[s].LABEL, f"{f['documents']:,}", spread(f["p50_ms"]), spread(f["p95_ms"])]
            for s, f in latency.items()]
    for b in BASELINES:
        rows.append([f"{SYSTEMS[ENGINE].LABEL} ÷ {SYSTEMS[b].LABEL}", "",
                     ratio(median(latency[ENGINE]["p50_ms"]), median(latency[b]["p50_ms"])),
                     ratio(median(latency[ENGINE]["p95_ms"]), median(latency[b]["p95_ms"]))])
    count = latency[ENGINE]["queries"]
    return (table(headers, rows) + f"\n\n{count:,} XQuAD questions (English and Spanish mixed), top 10 with "
            "snippets: the engine as search-cli asks (3 snippets per hit), FTS5 with snippet() on the body, "
            "Whoosh with highlights() (3 fragments) on the stored body. Percentiles per pass; median of the "
            "passes, (lowest–highest pass).")


def _scaling_table(scaling: dict) -> str:
    sizes = [point["documents"] for point in scaling[ENGINE]]
    headers = ["System", *(f"{n:,} documents: p50 / p95 (ms)" for n in sizes)]
    rows = [[SYSTEMS[s].LABEL, *(f"{median(p['p50_ms']):.1f} / {median(p['p95_ms']):.1f}" for p in points)]
            for s, points in scaling.items()]
    return table(headers, rows) + f"\n\n![query latency against corpus size]({PLOT_FILE})"


def _cold_table(cold: dict) -> str:
    headers = ["Index", "Command", "Wall time (s)"]
    rows = [["–", "python -c pass (interpreter alone)", spread(cold["python"], digits=2)]]
    for system, figures in cold["seeds"].items():
        rows.append(["project seeds/", f"{SYSTEMS[system].LABEL}: search-cli query México", spread(figures, digits=2)])
    commands = {ENGINE: "search-cli query QUESTION"}
    for system, figures in cold["mix"].items():
        command = commands.get(system, f"python -m bench.baseline_{system} INDEX QUESTION")
        rows.append(["scale mix", f"{SYSTEMS[system].LABEL}: {command}", spread(figures, digits=2)])
    for b in BASELINES:
        rows.append(["scale mix", f"{SYSTEMS[ENGINE].LABEL} ÷ {SYSTEMS[b].LABEL}",
                     ratio(median(cold["mix"][ENGINE]), median(cold["mix"][b]))])
    return (table(headers, rows) + f"\n\nA fresh process per run ({cold['runs']} runs), page cache warm. "
            f"QUESTION: {cold['question']!r}. The baselines' commands open their index and print ten hits "
            "with snippets.")


def _tui_table(tui: dict) -> str:
    if not tui.get("measured"):
        return f"Not measured: {tui.get('reason', 'unknown reason')}."
    headers = ["Index", "Documents", "Queries", "p50 (ms)", "p95 (ms)"]
    rows = [[tui["index"], f"{tui['documents']:,}", f"{tui['queries']:,}",
             spread(tui["p50_ms"]), spread(tui["p95_ms"])]]
    return table(headers, rows) + "\n\n" + tui["method"]


def _semantic_table(relevance: dict) -> str:
    headers = ["Corpus", "Index", "Documents", "Build (s)", "Peak memory (MB)", "Query p50 (ms)", "Query p95 (ms)"]
    rows = []
    for corpus, name in (("xquad", "XQuAD 480"), ("mix", "scale mix")):
        costs = relevance.get(corpus, {}).get("semantic")
        for system, label in (("engine", "with the semantic layer"), ("engine-lexical", "--no-semantic")):
            if costs and system in costs:
                f = costs[system]
                rows.append([name, label, f"{f['documents']:,}", f"{f['build_s']:.1f}",
                             f"{f['peak_rss'] / 2**20:.0f}", spread(f["p50_ms"]), spread(f["p95_ms"])])
    return (table(headers, rows) + "\n\nBuilds are the relevance stage's, one each, in a fresh process; "
            "queries are warm, with snippets, over the latency questions (the same for both indexes). "
            "The semantic layer embeds every passage once (USE multilingual v3 in numpy, one thread) and "
            "encodes each query; with Apertium installed, queries are also translated.")


def _missing(name: str) -> str:
    return f"Not run in this run (see `python -m bench --only`); {name}."


def render(results: dict) -> str:
    meta = results["meta"]
    machine = meta["machine"]
    parts = [
        "# Benchmark results",
        "",
        f"Measured {meta['date']} by `{meta['command']}` in {meta['minutes']:.1f} minutes "
        f"({'tiny mode: a few documents, figures meaningless' if meta['tiny'] else 'full run'}).",
        "",
        table(["Machine", ""], [[k, v] for k, v in machine.items()]),
        "",
        f"Corpora: `{meta['corpora']}`. Timed figures are medians of {meta['repeat']} runs with the lowest "
        "and highest run in brackets; relevance figures are deterministic. Ratios are news-search's figure "
        "divided by the baseline's (for times, above 1× means news-search is slower).",
        "",
        "XQuAD paragraphs are indexed in both languages at once with ids tagged by language "
        "(`Super_Bowl_50#0@en`, `…@es`). The scale mix is the scale corpus (every top-level .jsonl file) "
        "plus those 480 paragraphs: the speed figures are measured on that mixed index.",
    ]
    relevance = results.get("relevance")
    sections = [
        (TABLE_TITLES[0], lambda: _relevance_table(relevance["xquad"]), relevance),
        (TABLE_TITLES[1], lambda: _relevance_table(relevance["mix"]), relevance),
        (TABLE_TITLES[2], lambda: _build_table(results["build"]), results.get("build")),
        (TABLE_TITLES[3], lambda: _incremental_table(results["incremental"]), results.get("incremental")),
        (TABLE_TITLES[4], lambda: _latency_table(results["latency"]), results.get("latency")),
        (TABLE_TITLES[5], lambda: _scaling_table(results["scaling"]), results.get("scaling")),
        (TABLE_TITLES[6], lambda: _cold_table(results["cold_start"]), results.get("cold_start")),
        (TABLE_TITLES[7], lambda: _tui_table(results["tui"]), results.get("tui")),
        (TABLE_TITLES[8], lambda: _semantic_table(relevance), relevance and relevance["xquad"].get("semantic")),
    ]
    for title, render_section, data in sections:
        parts += ["", f"## {title}", "", render_section() if data else _missing(title.lower())]
    for note in meta.get("notes", []):
        parts += ["", note]
    return "\n".join(parts) + "\n"

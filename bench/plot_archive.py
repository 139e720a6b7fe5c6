"""The PNG of how each archive figure grows with the documents (python -m bench.archive's results).

``python -m bench.plot_archive PNG RESULTS_JSON...`` draws it from one or more ``bench.archive --json``
files (one per backend) with any Python that has matplotlib (this module needs nothing else).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FIGURES: tuple[tuple[str, str], ...] = (
    ("build_s", "build time"),
    ("build_peak_sum", "build peak memory (sum)"),
    ("index_bytes", "size"),
    ("p50_ms", "warm query p50"),
    ("p95_ms", "warm query p95"),
    ("hostile_ms", "slowest hostile query"),
    ("cold_s", "cold query wall"),
    ("cold_peak_rss", "cold query peak memory"),
    ("tui_p50_ms", "keystroke to results p50"),
    ("update_s", "update after 1% edits"),
)
"""(key in a result, label): what is drawn, each as a multiple of its value at the smallest size."""


def value(result: dict, key: str) -> float | None:
    if key == "tui_p50_ms":
        return (result.get("tui") or {}).get("p50_ms")
    if key == "build_peak_sum":
        return result["build_peak_rss"] + result["build_helper_peak_rss"]
    return result.get(key)


def growth(results: list[dict]) -> dict[str, list[tuple[int, float]]]:
    """Per figure: (documents, value ÷ value at the first size) for each size measured."""
    first = results[0]
    out = {}
    for key, label in FIGURES:
        base = value(first, key)
        if not base:
            continue
        points = [(r["documents"], value(r, key) / base) for r in results if value(r, key) is not None]
        out[label] = points
    return out


def plot(runs: dict[str, list[dict]], png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    figure, axes = plt.subplots(figsize=(8, 5.5), dpi=120)
    styles = ["-", "--", ":"]
    colors: dict[str, str] = {}
    sizes: set[int] = set()
    for (backend, results), style in zip(runs.items(), styles):
        for label, points in growth(results).items():
            docs = [d for d, _ in points]
            sizes.update(docs)
            line, = axes.plot(docs, [g for _, g in points], marker="o", linestyle=style,
                              color=colors.get(label), label=f"{label} ({backend})")
            colors.setdefault(label, line.get_color())
    low, high = min(sizes), max(sizes)
    axes.plot([low, high], [1, high / low], color="black", linewidth=2.5, alpha=0.35,
              label="proportional to the documents")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xticks(sorted(sizes), [f"{size:,}" for size in sorted(sizes)])
    axes.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    axes.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda y, _: f"{y:g}×"))
    axes.set_xlabel("documents in the generated archive")
    axes.set_ylabel(f"figure ÷ its value at {low:,} documents")
    axes.set_title("Archive growth: each figure against the smallest archive (python -m bench.archive)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize="x-small", ncol=2, loc="upper left")
    figure.tight_layout()
    png.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(png)
    plt.close(figure)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python -m bench.plot_archive PNG RESULTS_JSON...", file=sys.stderr)
        return 2
    runs: dict[str, list[dict]] = {}
    for name in argv[1:]:
        try:
            results = json.loads(Path(name).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            print(f"bench.plot_archive: cannot read {name}: {error}", file=sys.stderr)
            return 2
        if not isinstance(results, list) or len(results) < 2:
            print(f"bench.plot_archive: {name} has fewer than two sizes: nothing grows", file=sys.stderr)
            return 2
        runs[results[0].get("backend", "whoosh")] = results
    try:
        plot(runs, Path(argv[0]))
    except ImportError:
        print("bench.plot_archive: matplotlib is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

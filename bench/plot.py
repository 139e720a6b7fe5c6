"""The PNG of query latency against corpus size; matplotlib is optional (the ``bench`` extra).

``python -m bench.plot RESULTS_JSON PNG`` redraws it from a run's results.json with any Python that
has matplotlib (this module needs nothing else from the project).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.stats import Spread


def plot_scaling(scaling: dict, labels: dict[str, str], png: Path) -> str | None:
    """Write the plot; return None, or one line saying why it was skipped."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.ticker
    except ImportError:
        return ("matplotlib is not installed, so no plot was drawn: install the bench extra "
                "(pip install -e '.[bench]') or run python -m bench.plot RESULTS_JSON PNG with a Python that has it")
    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=120)
    for system, points in scaling.items():
        doc_counts = [point["documents"] for point in points]
        p50 = [Spread.from_dict(point["p50_ms"]).median for point in points]
        p95 = [Spread.from_dict(point["p95_ms"]).median for point in points]
        line, = axes.plot(doc_counts, p50, marker="o", label=f"{labels.get(system, system)} p50")
        axes.plot(doc_counts, p95, marker="^", linestyle="--", color=line.get_color(),
                  label=f"{labels.get(system, system)} p95")
    axes.set_xscale("log")
    axes.set_yscale("log")
    # One tick per size, from the first system: the others may index a document more or less.
    sizes = [point["documents"] for point in next(iter(scaling.values()))]
    axes.set_xticks(sizes, [f"{size:,}" for size in sizes])
    axes.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    axes.set_xlabel("documents in the index")
    axes.set_ylabel("query latency with snippets (ms)")
    axes.set_title("Warm query latency against corpus size (XQuAD questions)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize="small")
    figure.tight_layout()
    png.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(png)
    plt.close(figure)
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m bench.plot RESULTS_JSON PNG", file=sys.stderr)
        return 2
    try:
        results = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        print(f"bench.plot: cannot read {argv[0]}: {error}", file=sys.stderr)
        return 2
    if not results.get("scaling"):
        print(f"bench.plot: {argv[0]} has no scaling figures: run python -m bench with the scaling benchmark",
              file=sys.stderr)
        return 2
    skipped = plot_scaling(results["scaling"], results.get("meta", {}).get("labels", {}), Path(argv[1]))
    if skipped:
        print(f"bench.plot: {skipped}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The engine under test, driven through its public API exactly as search-cli calls it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from search.ingest.ids import own_record_id

NAME = "engine"
LABEL = "news-search"
SEMANTIC_ENV = "NEWS_SEARCH_BENCH_SEMANTIC"
"""``0``: builds and updates make no semantic layer (``python -m bench --no-semantic``; the bench's
stages run in child processes, which inherit it)."""


def semantic() -> bool:
    """Whether builds and updates make the semantic layer (not when ``$NEWS_SEARCH_BENCH_SEMANTIC`` is 0)."""
    return os.environ.get(SEMANTIC_ENV, "1") != "0"


def build(seeds_dir: Path, index_dir: Path) -> int:
    """A full build from the seed folder (``search-cli index --rebuild``); return the documents indexed."""
    import search

    return search.build_index(seeds_dir, index_dir, rebuild=True, semantic=semantic()).documents


def update(index_dir: Path, seeds_dir: Path, changed: list[dict]) -> int:
    """An incremental run over the edited seed folder: the engine finds what changed by itself.

    Returns the changes it reports (added, updated and removed seed files).
    """
    import search

    report = search.build_index(seeds_dir, index_dir, semantic=semantic())
    return report.added + report.updated + report.removed


class Searcher:
    """An open engine answering questions the way ``search-cli query QUESTION`` does."""

    def __init__(self, index_dir: Path) -> None:
        import search

        self.engine = search.open_index(index_dir)

    def search(self, question: str, limit: int = 10, snippets: bool = False) -> list[str]:
        # The CLI's call (search/cli.py cmd_query): no filters, relevance order, limit 10, offset 0,
        # no facet counts, the default snippets (3). Without snippets only the ranking is asked for
        # (snippets=0), which the ranking does not depend on.
        options = {} if snippets else {"snippets": 0}
        result = self.engine.search(question, lang=None, source=None, since=None, until=None,
                                    sort="relevance", limit=limit, offset=0, facets=False, **options)
        # Document ids carry their seed file ("xquad-en.jsonl/Super_Bowl_50#0@en#en"); the judgments
        # name the record's own id.
        return [own_record_id(hit.id, hit.path) for hit in result.hits]

    def close(self) -> None:
        self.engine.close()


def open_searcher(index_dir: Path) -> Searcher:
    return Searcher(index_dir)


def cli_argv() -> list[str]:
    """``search-cli`` next to the running interpreter if installed, else the same entry point via -c."""
    installed = Path(sys.executable).with_name("search-cli")
    if installed.is_file():
        return [str(installed)]
    found = shutil.which("search-cli")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from search.cli import main; sys.exit(main())"]


def cold_start_argv(index_dir: Path, seeds_dir: Path, question: str) -> tuple[list[str], dict[str, str]]:
    """``search-cli query QUESTION --color never`` on the given index, in a fresh process."""
    env = {"NEWS_SEARCH_INDEX": str(index_dir), "NEWS_SEARCH_SEEDS": str(seeds_dir), "NO_COLOR": "1"}
    return [*cli_argv(), "query", "--index", str(index_dir), question], env


def python_path() -> str:
    """PYTHONPATH that lets a child process import ``search`` and ``bench`` even when not installed."""
    root = str(Path(__file__).resolve().parent.parent)
    existing = os.environ.get("PYTHONPATH")
    return f"{root}{os.pathsep}{existing}" if existing else root

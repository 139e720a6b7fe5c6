"""The engine without its semantic layer (``search-cli index --no-semantic``): the lexical baseline
the cross-language figures are compared with in the same run."""

from __future__ import annotations

from pathlib import Path

from bench.engine_adapter import Searcher

NAME = "engine-lexical"
LABEL = "news-search, lexical only"


def build(seeds_dir: Path, index_dir: Path) -> int:
    import search

    return search.build_index(seeds_dir, index_dir, rebuild=True, semantic=False).documents


def open_searcher(index_dir: Path) -> Searcher:
    return Searcher(index_dir)

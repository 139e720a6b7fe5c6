"""Where an index was built from: the seeds folder its generations record, readable even when the index is damaged."""

from __future__ import annotations

import os
from pathlib import Path

from search.backends import scheme
from search.backends.whoosh import store
from search.config import default_index_dir
from search.errors import SearchError


def recorded_seeds_dir(index_dir: str | os.PathLike[str] | None = None) -> str | None:
    """The seeds folder the live generation (else the newest readable one) was built from, or None."""
    root = index_dir if index_dir is not None else default_index_dir()
    if scheme(root) is not None:
        from search.backends.postgres.store import recorded_seeds_dir as in_database

        found = in_database(root)
        return str(found) if found else None
    root = Path(root)
    try:
        seeds = store.current_generation(root).meta.get("seeds_dir")
        if isinstance(seeds, str) and seeds:
            return seeds
    except (SearchError, AttributeError, RecursionError):
        pass  # damaged or from another version: an older generation may still say
    try:
        generations = sorted((path for path in root.glob(f"{store.GEN_PREFIX}*") if path.is_dir()), reverse=True)
    except OSError:
        return None
    for path in generations:
        try:
            seeds = store.read_meta(path).get("seeds_dir")
        except (SearchError, AttributeError, RecursionError):
            continue
        if isinstance(seeds, str) and seeds:
            return seeds
    return None

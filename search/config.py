"""Default locations of the seeds and the index, overridable by environment variables."""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV = "NEWS_SEARCH_INDEX"
SEEDS_ENV = "NEWS_SEARCH_SEEDS"


def default_index_dir() -> Path:
    """``$NEWS_SEARCH_INDEX`` or ``./index``."""
    return Path(os.environ.get(INDEX_ENV) or "index")


def default_seeds_dir() -> Path:
    """``$NEWS_SEARCH_SEEDS`` or ``./seeds``."""
    return Path(os.environ.get(SEEDS_ENV) or "seeds")

"""Where the shared corpora are, and how to read their JSON Lines files (for tests)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def corpora_path() -> Path:
    """``$NEWS_SEARCH_CORPORA`` or ``../shared/corpora`` beside the repository."""
    return Path(os.environ.get("NEWS_SEARCH_CORPORA") or REPO_ROOT.parent / "shared" / "corpora")


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[dict]:
    """The records of a JSON Lines file, at most ``limit`` of them."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def write_filler(seeds: Path, count: int = 60) -> None:
    """Documents enough that an update's few deletions stay in its index's first segment
    instead of being merged away (search.backends.whoosh.merging): for tests of indexes with deleted documents."""
    (seeds / "filler.jsonl").write_text("".join(
        f'{{"id": "f{n}", "title": "Filler {n}", "body": "Nothing here {n}.", "lang": "en"}}\n' for n in range(count)
    ), encoding="utf-8")

"""Helpers for the ingest tests: corpus samples and seed files written on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_data import read_jsonl

from search.ingest import read_seed_file
from search.ingest.document import Document
from search.models import SkippedFile

SEED_000 = "trump-mexico-el-salvador-deportations-en-es.txt"
SEED_001 = "trump-el-salvador-safe-third-country-en.txt"


def corpus_records(corpora: Path, name: str, limit: int) -> list[dict]:
    """The first ``limit`` records of one corpus file (the test is skipped when it is missing)."""
    path = corpora / name
    if not path.is_file():
        pytest.skip(f"corpus file {path} is missing")
    return list(read_jsonl(path, limit))


def write_seed(root: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    """Write one seed file under ``root`` (folders created) and return its path."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


def read_one(
    root: Path, name: str, content: str | bytes, encoding: str = "utf-8"
) -> tuple[list[Document], list[SkippedFile]]:
    """Write a seed file and read it back the way the indexer does."""
    return read_seed_file(write_seed(root, name, content, encoding), root)

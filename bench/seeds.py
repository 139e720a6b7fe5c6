"""Seed folders the systems index: XQuAD paragraphs with language-tagged ids, plus scale-corpus lines."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.corpora import XQuAD, read_jsonl, sample_scale_lines

LANG_TAG = "@"
"""XQuAD ids are the same in both languages ("Super_Bowl_50#0"); indexed together they become
"Super_Bowl_50#0@en" and "Super_Bowl_50#0@es" so every system sees unique ids (README, "Benchmarks")."""


def tagged_id(paragraph_id: str, lang: str) -> str:
    return f"{paragraph_id}{LANG_TAG}{lang}"


@dataclass(frozen=True)
class SeedsFolder:
    """A folder of .jsonl seed files and what it holds."""

    path: Path
    documents: int
    bytes: int

    def files(self) -> list[Path]:
        return sorted(self.path.glob("*.jsonl"))


def write_seeds(folder: Path, xquad: XQuAD | None, scale: list[Path], size: int | None) -> SeedsFolder:
    """Write the XQuAD paragraphs (if given) and ``size`` sampled scale lines (all when None) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    documents = 0
    if xquad is not None:
        for lang, records in xquad.docs.items():
            with (folder / f"xquad-{lang}.jsonl").open("w", encoding="utf-8") as out:
                for record in records:
                    out.write(json.dumps({**record, "id": tagged_id(record["id"], lang)}, ensure_ascii=False))
                    out.write("\n")
                    documents += 1
    if scale and (size is None or size > 0):
        for path, keep in sample_scale_lines(scale, size).items():
            if not keep:
                continue
            wanted = set(keep)
            with path.open(encoding="utf-8") as lines, (folder / path.name).open("w", encoding="utf-8") as out:
                number = 0
                for line in lines:
                    if not line.strip():
                        continue
                    if number in wanted:
                        out.write(line if line.endswith("\n") else line + "\n")
                    number += 1
            documents += len(keep)
    total_bytes = sum(p.stat().st_size for p in folder.glob("*.jsonl"))
    return SeedsFolder(folder, documents, total_bytes)


def iter_records(folder: Path) -> Iterator[dict]:
    """Every record of every .jsonl file in ``folder``, as the baselines index them."""
    for path in sorted(folder.glob("*.jsonl")):
        yield from read_jsonl(path)


def change_some_documents(folder: Path, fraction: float, seed: int, marker: str) -> list[dict]:
    """Edit ``fraction`` of the records in place (a sentence appended to the body); return the new records."""
    files = sorted(folder.glob("*.jsonl"))
    counts = {path: sum(1 for _ in read_jsonl(path)) for path in files}
    total = sum(counts.values())
    chosen = set(random.Random(seed).sample(range(total), max(1, round(total * fraction))))
    changed: list[dict] = []
    position = 0
    for path in files:
        records = list(read_jsonl(path))
        touched = False
        for record in records:
            if position in chosen:
                record["body"] = f"{record.get('body') or ''} {marker}".strip()
                changed.append(record)
                touched = True
            position += 1
        if touched:
            with path.open("w", encoding="utf-8") as out:
                for record in records:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return changed

"""Loaders for the shared corpora: XQuAD paragraphs, questions and judgments, and the scale corpus."""

from __future__ import annotations

import json
import os
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CORPORA_ENV = "NEWS_SEARCH_CORPORA"
XQUAD_LANGS = ("en", "es")


class CorporaError(Exception):
    """The corpora folder or one of its files is missing or malformed; str() is one line."""


@dataclass(frozen=True)
class Question:
    qid: str
    text: str


@dataclass(frozen=True)
class XQuAD:
    """The relevance corpus: paragraphs per language, questions per language, judged paragraph per qid."""

    docs: dict[str, list[dict]]
    """lang -> records as in the .jsonl file (ids like "Super_Bowl_50#0", the same in both languages)."""
    questions: dict[str, list[Question]]
    qrels: dict[str, str]
    """qid -> the judged paragraph id (relevant in either language version)."""


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def default_corpora_dir() -> Path:
    """``$NEWS_SEARCH_CORPORA`` or ``../shared/corpora`` next to the repository."""
    return Path(os.environ.get(CORPORA_ENV) or repo_root().parent / "shared" / "corpora")


def check_corpora_dir(corpora_dir: Path) -> Path:
    """Raise CorporaError unless the folder holds XQuAD and at least one scale .jsonl file."""
    if not corpora_dir.is_dir():
        raise CorporaError(
            f"corpora folder not found: {corpora_dir} (pass --corpora PATH or set {CORPORA_ENV})")
    needed = [corpora_dir / "xquad" / name for name in (
        "docs.en.jsonl", "docs.es.jsonl", "queries.en.tsv", "queries.es.tsv", "qrels.tsv")]
    missing = [str(path) for path in needed if not path.is_file()]
    if missing:
        raise CorporaError(f"XQuAD file missing: {missing[0]} (is {corpora_dir} the shared corpora folder?)")
    if not scale_files(corpora_dir):
        raise CorporaError(f"no scale corpus .jsonl files in {corpora_dir}")
    return corpora_dir


def read_jsonl(path: Path) -> Iterator[dict]:
    """Records of a .jsonl file; a malformed line is an error naming the file and line."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise CorporaError(f"{path}:{number}: not a JSON record ({error.msg})") from None
            if not isinstance(record, dict) or "id" not in record:
                raise CorporaError(f"{path}:{number}: record without an id")
            yield record


def read_questions(path: Path) -> list[Question]:
    questions = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            qid, tab, text = line.partition("\t")
            if not tab or not text.strip():
                raise CorporaError(f"{path}:{number}: expected 'qid<TAB>question'")
            questions.append(Question(qid, text.strip()))
    return questions


def read_qrels(path: Path) -> dict[str, str]:
    """TREC qrels ``qid 0 doc_id grade``: qid -> the one relevant doc id (grade > 0)."""
    qrels: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) != 4:
                raise CorporaError(f"{path}:{number}: expected 'qid 0 doc_id grade'")
            qid, _, doc_id, grade = fields
            if int(grade) > 0:
                qrels[qid] = doc_id
    return qrels


def load_xquad(corpora_dir: Path) -> XQuAD:
    folder = corpora_dir / "xquad"
    return XQuAD(
        docs={lang: list(read_jsonl(folder / f"docs.{lang}.jsonl")) for lang in XQUAD_LANGS},
        questions={lang: read_questions(folder / f"queries.{lang}.tsv") for lang in XQUAD_LANGS},
        qrels=read_qrels(folder / "qrels.tsv"),
    )


def tiny_xquad(xquad: XQuAD, paragraphs: int = 6, questions: int = 12) -> XQuAD:
    """A few paragraphs (both languages) and a few of their questions, for the harness's own test."""
    kept_ids = [record["id"] for record in xquad.docs["en"][:paragraphs]]
    kept = set(kept_ids)
    qids = [qid for qid, doc_id in xquad.qrels.items() if doc_id in kept][:questions]
    wanted = set(qids)
    return XQuAD(
        docs={lang: [r for r in records if r["id"] in kept] for lang, records in xquad.docs.items()},
        questions={lang: [q for q in qs if q.qid in wanted] for lang, qs in xquad.questions.items()},
        qrels={qid: xquad.qrels[qid] for qid in qids},
    )


def strip_accents(text: str) -> str:
    """Remove every combining mark (á -> a, ñ -> n, ü -> u), as typed on a keyboard without accents."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def scale_files(corpora_dir: Path) -> list[Path]:
    """The scale corpus: every top-level .jsonl file (XQuAD lives in a subfolder and is not part of it)."""
    return sorted(corpora_dir.glob("*.jsonl"))


def count_lines(path: Path) -> int:
    with path.open("rb") as data:
        return sum(1 for line in data if line.strip())


def sample_scale_lines(files: list[Path], size: int | None, seed: int = 13) -> dict[Path, list[int]]:
    """Line numbers to keep per file: ``size`` lines drawn uniformly from all files (all lines when None)."""
    counts = {path: count_lines(path) for path in files}
    total = sum(counts.values())
    if size is None or size >= total:
        return {path: list(range(count)) for path, count in counts.items()}
    chosen = sorted(random.Random(seed).sample(range(total), size))
    picked: dict[Path, list[int]] = {path: [] for path in files}
    offsets, start = [], 0
    for path in files:
        offsets.append((start, start + counts[path], path))
        start += counts[path]
    cursor = 0
    for index in chosen:
        while index >= offsets[cursor][1]:
            cursor += 1
        first, _, path = offsets[cursor]
        picked[path].append(index - first)
    return picked

"""Baseline: plain Whoosh, StemmingAnalyzer over title and body, the question parsed as an OR group."""

from __future__ import annotations

import sys
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import MultifieldParser, OrGroup

from bench.seeds import iter_records
from bench.words import question_words

NAME = "whoosh"
LABEL = "plain Whoosh"
SNIPPETS = 3


def make_schema() -> Schema:
    return Schema(
        doc_id=ID(stored=True, unique=True),
        title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=TEXT(analyzer=StemmingAnalyzer(), stored=True),
    )


def _fields(record: dict) -> dict[str, str]:
    return {"doc_id": str(record["id"]), "title": record.get("title") or "", "body": record.get("body") or ""}


def build(seeds_dir: Path, index_dir: Path) -> int:
    """Index every record of the seed folder from scratch with Whoosh's default writer."""
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index_dir), make_schema())
    writer = ix.writer()
    count = 0
    for record in iter_records(seeds_dir):
        writer.add_document(**_fields(record))
        count += 1
    writer.commit()
    ix.close()
    return count


def update(index_dir: Path, seeds_dir: Path, changed: list[dict]) -> int:
    """Replace the given records by their unique id (Whoosh has no change detection of its own)."""
    ix = whoosh_index.open_dir(str(index_dir))
    writer = ix.writer()
    for record in changed:
        writer.update_document(**_fields(record))
    writer.commit()
    ix.close()
    return len(changed)


class Searcher:
    """An open Whoosh index answering questions."""

    def __init__(self, index_dir: Path) -> None:
        self.ix = whoosh_index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "body"], self.ix.schema, group=OrGroup)

    def search(self, question: str, limit: int = 10, snippets: bool = False) -> list[str]:
        # Lower-cased words only: a raw question would turn "Panthers?" into a wildcard and "OR" into syntax.
        words = question_words(question)
        if not words:
            return []
        hits = self.searcher.search(self.parser.parse(" ".join(words)), limit=limit)
        ids = []
        for hit in hits:
            if snippets:
                hit.highlights("body", top=SNIPPETS)
            ids.append(hit["doc_id"])
        return ids

    def search_raw(self, question: str, limit: int = 10) -> list[str]:
        """The question handed to the parser as typed, as a naive Whoosh user would (relevance only)."""
        hits = self.searcher.search(self.parser.parse(question), limit=limit)
        return [hit["doc_id"] for hit in hits]

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()


def open_searcher(index_dir: Path) -> Searcher:
    return Searcher(index_dir)


def cold_start_argv(index_dir: Path, seeds_dir: Path, question: str) -> tuple[list[str], dict[str, str]]:
    """A fresh interpreter opening the index and printing one page of results with highlights."""
    return [sys.executable, "-m", "bench.baseline_whoosh", str(index_dir), question], {}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m bench.baseline_whoosh INDEX_DIR QUESTION", file=sys.stderr)
        return 2
    searcher = Searcher(Path(argv[0]))
    words = question_words(argv[1])
    if words:
        for hit in searcher.searcher.search(searcher.parser.parse(" ".join(words)), limit=10):
            print(f"{hit['doc_id']}  {hit['title']}\n    {hit.highlights('body', top=SNIPPETS)}")
    searcher.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

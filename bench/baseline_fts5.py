"""Baseline: SQLite FTS5 (unicode61, diacritics removed), the question's words OR-ed, ranked by bm25."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

from bench.seeds import iter_records
from bench.words import question_words

NAME = "fts5"
LABEL = "SQLite FTS5"
DB_FILE = "fts5.sqlite3"
SNIPPET_TOKENS = 24

SCHEMA = (
    "CREATE TABLE doc_rows(doc_id TEXT PRIMARY KEY);"
    "CREATE VIRTUAL TABLE docs USING fts5("
    " doc_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');"
)


def match_expression(question: str) -> str | None:
    """``"w1" OR "w2" ...``; each word quoted so no question can be an FTS5 syntax error."""
    words = question_words(question)
    return " OR ".join(f'"{word}"' for word in words) if words else None


def _insert(connection: sqlite3.Connection, records: Iterable[dict]) -> int:
    count = 0
    for record in records:
        doc_id = str(record["id"])
        row = connection.execute("INSERT INTO doc_rows(doc_id) VALUES (?)", (doc_id,)).lastrowid
        connection.execute(
            "INSERT INTO docs(rowid, doc_id, title, body) VALUES (?, ?, ?, ?)",
            (row, doc_id, record.get("title") or "", record.get("body") or ""),
        )
        count += 1
    return count


def build(seeds_dir: Path, index_dir: Path) -> int:
    """Index every record of the seed folder from scratch; return the number of documents."""
    index_dir.mkdir(parents=True, exist_ok=True)
    db_path = index_dir / DB_FILE
    db_path.unlink(missing_ok=True)
    connection = sqlite3.connect(db_path)
    try:
        connection.executescript(SCHEMA)
        with connection:
            count = _insert(connection, iter_records(seeds_dir))
    finally:
        connection.close()
    return count


def update(index_dir: Path, seeds_dir: Path, changed: list[dict]) -> int:
    """Replace the given records (the caller says which changed: FTS5 has no change detection)."""
    connection = sqlite3.connect(index_dir / DB_FILE)
    try:
        with connection:
            for record in changed:
                found = connection.execute(
                    "SELECT rowid FROM doc_rows WHERE doc_id = ?", (str(record["id"]),)).fetchone()
                if found is None:
                    _insert(connection, [record])
                    continue
                connection.execute(
                    "UPDATE docs SET title = ?, body = ? WHERE rowid = ?",
                    (record.get("title") or "", record.get("body") or "", found[0]),
                )
    finally:
        connection.close()
    return len(changed)


class Searcher:
    """An open FTS5 database answering questions."""

    def __init__(self, index_dir: Path) -> None:
        self.connection = sqlite3.connect(index_dir / DB_FILE, check_same_thread=False)

    def search(self, question: str, limit: int = 10, snippets: bool = False) -> list[str]:
        expression = match_expression(question)
        if expression is None:
            return []
        if snippets:
            rows = self.connection.execute(
                "SELECT doc_id, title, snippet(docs, 2, '[', ']', '…', ?) FROM docs"
                " WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                (SNIPPET_TOKENS, expression, limit),
            ).fetchall()
        else:
            rows = self.connection.execute(
                "SELECT doc_id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                (expression, limit),
            ).fetchall()
        return [row[0] for row in rows]

    def close(self) -> None:
        self.connection.close()


def open_searcher(index_dir: Path) -> Searcher:
    return Searcher(index_dir)


def cold_start_argv(index_dir: Path, seeds_dir: Path, question: str) -> tuple[list[str], dict[str, str]]:
    """A fresh interpreter opening the database and printing one page of results with snippets."""
    return [sys.executable, "-m", "bench.baseline_fts5", str(index_dir), question], {}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m bench.baseline_fts5 INDEX_DIR QUESTION", file=sys.stderr)
        return 2
    searcher = Searcher(Path(argv[0]))
    expression = match_expression(argv[1])
    if expression:
        for doc_id, title, snippet in searcher.connection.execute(
            "SELECT doc_id, title, snippet(docs, 2, '[', ']', '…', ?) FROM docs"
            " WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10",
            (SNIPPET_TOKENS, expression),
        ):
            print(f"{doc_id}  {title}\n    {snippet}")
    searcher.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

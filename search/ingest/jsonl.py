"""Read a JSON Lines export: one article object per line, bad lines reported and skipped."""

from __future__ import annotations

import json
from typing import Any

from search.ingest.dates import parse_date
from search.ingest.decode import normalize_text
from search.ingest.document import Document
from search.ingest.ids import path_slug
from search.ingest.languages import language_code
from search.ingest.langdetect import detect_language
from search.ingest.titles import title_from_text
from search.models import SkippedFile

MAX_REPORTED_LINES = 100
"""Problems reported one by one per file; the rest are summed up in one line."""


class _Problems:
    """Per-line problems of one file, capped so a broken export does not flood the report."""

    def __init__(self, relative: str):
        self.relative = relative
        self.items: list[SkippedFile] = []
        self.unreported = 0

    def add(self, line_number: int, reason: str) -> None:
        if len(self.items) < MAX_REPORTED_LINES:
            self.items.append(SkippedFile(self.relative, f"line {line_number}: {reason}"))
        else:
            self.unreported += 1

    def report(self) -> list[SkippedFile]:
        if self.unreported:
            return [*self.items, SkippedFile(self.relative, f"... and {self.unreported} more line problems not listed")]
        return self.items


def read_jsonl(text: str, relative: str) -> tuple[list[Document], list[SkippedFile], int]:
    """The documents of a .jsonl file, its per-line problems, and how many record lines it had."""
    problems = _Problems(relative)
    documents: list[Document] = []
    first_line_of: dict[str, int] = {}
    records = 0
    slug = path_slug(relative)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        records += 1
        try:
            record = json.loads(line)
        except ValueError as exc:
            problems.add(number, f"not valid JSON ({_json_reason(exc)}) — line skipped")
            continue
        if not isinstance(record, dict):
            problems.add(number, f"not a JSON object (a {type(record).__name__}) — line skipped")
            continue
        document = _document(record, number, relative, slug, problems)
        if document is None:
            continue
        if document.id in first_line_of:
            first = first_line_of[document.id]
            problems.add(number, f"duplicate id '{document.id}' (first on line {first}) — line skipped")
            continue
        first_line_of[document.id] = number
        documents.append(document)
    return documents, problems.report(), records


def _document(record: dict[str, Any], number: int, relative: str, slug: str, problems: _Problems) -> Document | None:
    title = " ".join(_text(record.get("title")).split())
    body = _text(record.get("body"))
    if not body and not title:
        problems.add(number, "record has neither a title nor a body — line skipped")
        return None
    body = body or title
    title = title or title_from_text(body)
    doc_id = _record_id(record.get("id")) or f"{slug}:{number}"
    lang = language_code(record.get("lang")) or detect_language(f"{title}\n{body}")[0]
    date = None
    raw_date = record.get("date")
    if raw_date not in (None, ""):
        date = parse_date(raw_date)
        if date is None:
            problems.add(number, f"date '{raw_date}' is not a date (YYYY-MM-DD) — indexed without a date")
    return Document(
        id=doc_id, path=relative, title=title, body=body, lang=lang,
        source=_text(record.get("source")) or None, date=date, url=_text(record.get("url")) or None, group=doc_id,
    )


def _text(value: Any) -> str:
    """A string field's text, stripped and normalised; numbers become text, other types nothing."""
    if isinstance(value, str):
        return normalize_text(value).strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _record_id(value: Any) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, (str, int)):
        return str(value).strip()
    return ""


def _json_reason(exc: ValueError) -> str:
    message = getattr(exc, "msg", None) or str(exc)
    column = getattr(exc, "colno", None)
    if not column:
        return message
    # Some of json's messages already end in "at" ("Unterminated string starting at").
    return f"{message} column {column}" if message.endswith(" at") else f"{message} at column {column}"

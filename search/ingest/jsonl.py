"""Read a JSON Lines export: one article object per line, bad lines reported and skipped."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from search.ingest.dates import parse_date
from search.ingest.decode import is_unicode, normalize_text
from search.ingest.document import Document
from search.ingest.ids import document_id, path_slug, record_group, record_id_problem
from search.ingest.languages import language_code
from search.ingest.langdetect import detect_language
from search.ingest.titles import title_from_text
from search.models import SKIPPED_RECORD, WARNING, SkippedFile

MAX_REPORTED_LINES = 100
"""Problems reported one by one per file; the rest are summed up in one line."""


class _Problems:
    """Per-line problems of one file, capped so a broken export does not flood the report."""

    def __init__(self, relative: str):
        self.relative = relative
        self.items: list[SkippedFile] = []
        self.unreported = 0

        self.unreported_kinds: dict[str, int] = {}

    def add(self, line_number: int, reason: str, kind: str = SKIPPED_RECORD) -> None:
        if len(self.items) < MAX_REPORTED_LINES:
            self.items.append(SkippedFile(self.relative, f"line {line_number}: {reason}", kind))
        else:
            self.unreported_kinds[kind] = self.unreported_kinds.get(kind, 0) + 1

    def report(self) -> list[SkippedFile]:
        """The problems; past the cap, one summary line per kind that counts the rest."""
        items = list(self.items)
        for kind, count in self.unreported_kinds.items():
            what = "skipped lines" if kind == SKIPPED_RECORD else "warnings"
            items.append(SkippedFile(self.relative, f"... and {count} more {what} not listed", kind, count))
        return items


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
        except RecursionError:
            problems.add(number, "JSON nested too deeply to read — line skipped")
            continue
        if not isinstance(record, dict):
            problems.add(number, f"not a JSON object (a {type(record).__name__}) — line skipped")
            continue
        document = _document(record, number, relative, slug, problems)
        if document is None:
            continue
        if document.id in first_line_of:
            # Both records are kept: the later one gets its line number in its id.
            first = first_line_of[document.id]
            own = _record_id(record.get("id"))
            group = record_group(slug, f"{own}~line-{number}")
            document = replace(document, id=document_id(group, document.lang), group=group)
            problems.add(number, f"duplicate id '{own}' (also on line {first}) — indexed as '{document.id}'",
                         WARNING)
        first_line_of.setdefault(document.id, number)
        documents.append(document)
    return documents, problems.report(), records


def _document(record: dict[str, Any], number: int, relative: str, slug: str, problems: _Problems) -> Document | None:
    title = " ".join(_text(record.get("title")).split())
    body = _text(record.get("body"))
    if not body and not title:
        problems.add(number, "record has neither a title nor a body — line skipped")
        return None
    own_id = _record_id(record.get("id"))
    if own_id and (problem := record_id_problem(own_id)):
        problems.add(number, f"{problem} — line skipped")
        return None
    body = body or title
    title = title or title_from_text(body)
    group = record_group(slug, own_id or f"line-{number}")
    lang = language_code(record.get("lang")) or detect_language(f"{title}\n{body}")[0]
    date = None
    raw_date = record.get("date")
    if raw_date not in (None, ""):
        date = parse_date(raw_date)
        if date is None:
            shown = _shown(raw_date)
            problems.add(number, f"date '{shown}' is not a date (YYYY-MM-DD) — indexed without a date", WARNING)
    fields = {"title": title, "body": body, "source": _text(record.get("source")), "url": _text(record.get("url"))}
    for name, value in fields.items():
        if not is_unicode(value):
            fields[name] = value.encode("utf-8", "replace").decode("utf-8")
            problems.add(number, f"'{name}' holds a lone surrogate (not text) — replaced by '?'", WARNING)
    return Document(
        id=document_id(group, lang), path=relative, title=fields["title"], body=fields["body"], lang=lang,
        source=fields["source"] or None, date=date, url=fields["url"] or None, group=group,
    )


def _shown(value: Any) -> str:
    """A value as a one-line message may quote it: no newline, no lone surrogate, not too long."""
    text = str(value).encode("utf-8", "backslashreplace").decode("utf-8")
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= 80 else text[:79] + "…"


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

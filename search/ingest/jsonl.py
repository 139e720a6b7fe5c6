"""Read a JSON Lines export: one article object per line, bad lines reported and skipped."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from search.errors import SeedFileError

from search.ingest.dates import parse_date
from search.ingest.decode import is_unicode, normalize_text
from search.ingest.document import Document
from search.ingest.ids import document_id, path_slug, record_group, record_id_problem
from search.ingest.languages import language_code
from search.ingest.langdetect import detect_language
from search.ingest.lines import Line, too_long
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

    def count(self) -> int:
        """Problems added so far, listed or not."""
        return len(self.items) + sum(self.unreported_kinds.values())

    def report(self) -> list[SkippedFile]:
        """The problems; past the cap, one summary line per kind that counts the rest."""
        items = list(self.items)
        for kind, count in self.unreported_kinds.items():
            what = "skipped lines" if kind == SKIPPED_RECORD else "warnings"
            items.append(SkippedFile(self.relative, f"... and {count} more {what} not listed", kind, count))
        return items


@dataclass(frozen=True)
class Unchanged:
    """A record whose line is byte for byte the one indexed under ``id`` last time: not read again."""

    id: str
    record: str


class JsonlReader:
    """The records of one .jsonl file, read as they are iterated; its problems and counts after.

    ``known`` maps the record digests of the file's previous reading to their document ids: a line
    found there (and not now a duplicate) gives an ``Unchanged`` instead of a Document."""

    def __init__(self, relative: str, known: dict[str, str] | None = None):
        self.relative = relative
        self.known = known or {}
        self._problems = _Problems(relative)
        self.records = 0
        self.documents = 0
        self._first_line_of: dict[str, int] = {}
        self._slug = path_slug(relative)

    def problems(self) -> list[SkippedFile]:
        return self._problems.report()

    def read(self, lines: Iterable[Line]) -> Iterator[Document | Unchanged]:
        try:
            for line in lines:
                item = self._item(line)
                if item is not None:
                    self.documents += 1
                    yield item
        except SeedFileError as exc:
            if not self.documents:
                raise
            # The records read so far stay indexed; the rest is reported, not silently lost.
            self._problems.add(self.records + 1, f"{exc} — the rest of the file was not indexed")

    def _item(self, line: Line) -> Document | Unchanged | None:
        if line.text is None:
            self.records += 1
            self._problems.add(line.number, too_long())
            return None
        if not line.text.strip():
            return None
        self.records += 1
        digest = hashlib.sha1(line.raw).hexdigest()
        known = self.known.get(digest)
        if known is not None and known not in self._first_line_of:
            self._first_line_of[known] = line.number
            return Unchanged(known, digest)
        problems_before = self._problems.count()
        document, own_id = self._document(line.text, line.number)
        # Only a line that alone makes its document can be skipped next time: an id from the line's
        # number, a duplicate's, or a reported problem depend on the rest of the file or must be reported again.
        if document is not None and own_id and self._problems.count() == problems_before:
            document = replace(document, record=digest)
        return document

    def _document(self, line: str, number: int) -> tuple[Document | None, bool]:
        """The line's document (None if skipped, reported), and whether it has an id of its own."""
        problems = self._problems
        try:
            record = json.loads(line)
        except ValueError as exc:
            problems.add(number, f"not valid JSON ({_json_reason(exc)}) — line skipped")
            return None, False
        except RecursionError:
            problems.add(number, "JSON nested too deeply to read — line skipped")
            return None, False
        if not isinstance(record, dict):
            problems.add(number, f"not a JSON object (a {type(record).__name__}) — line skipped")
            return None, False
        document = _document(record, number, self.relative, self._slug, problems)
        if document is None:
            return None, False
        own = _record_id(record.get("id"))
        if document.id in self._first_line_of:
            # Both records are kept: the later one gets its line number in its id.
            first = self._first_line_of[document.id]
            group = record_group(self._slug, f"{own}~line-{number}")
            document = replace(document, id=document_id(group, document.lang), group=group)
            problems.add(number, f"duplicate id '{own}' (also on line {first}) — indexed as '{document.id}'",
                         WARNING)
        self._first_line_of.setdefault(document.id, number)
        return document, bool(own)


def read_jsonl(text: str, relative: str) -> tuple[list[Document], list[SkippedFile], int]:
    """The documents of a .jsonl file's text, its per-line problems, and how many record lines it had."""
    reader = JsonlReader(relative)
    lines = (Line(n, line, line.encode("utf-8", "surrogatepass")) for n, line in enumerate(text.split("\n"), start=1))
    documents = [item for item in reader.read(lines) if isinstance(item, Document)]
    return documents, reader.problems(), reader.records


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

"""The Document record that readers produce and the indexer stores."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """One language version of one article, ready to index."""

    id: str
    """Stable across rebuilds: same file (and record) and language give the same id."""
    path: str
    """Seed file path relative to the seeds folder, POSIX separators."""
    title: str
    body: str
    """Story paragraphs only, joined by blank lines (no captions, credits, page furniture)."""
    lang: str
    """"en" or "es"."""
    source: str | None = None
    date: str | None = None
    """ISO YYYY-MM-DD, or None when unknown or unparseable."""
    url: str | None = None
    group: str = ""
    """Shared by the language versions of one article (e.g. the two halves of a bilingual file)."""
    record: str | None = None
    """The digest of its JSON line when that line alone makes it (own id, nothing reported): an update
    finding the same line under the same id skips reading it (see search.ingest.jsonl)."""

    @property
    def content_hash(self) -> str:
        h = hashlib.sha1()
        for part in (self.title, self.body, self.lang, self.source or "", self.date or "", self.url or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()

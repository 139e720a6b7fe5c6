"""Seeds the tests write: one ``wire.jsonl`` of (id, lang, title, body, source, date) records."""

from __future__ import annotations

import json
from pathlib import Path


def write_records(folder: Path, records) -> Path:
    """``folder/wire.jsonl`` with one record per tuple (a None date is left out); returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for doc_id, lang, title, body, source, day in records:
        record = {"id": doc_id, "lang": lang, "title": title, "body": body, "source": source}
        if day:
            record["date"] = day
        lines.append(json.dumps(record, ensure_ascii=False))
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder

"""A small bilingual corpus for the PostgreSQL backend's tests, written into a seeds folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from corpus_data import REPO_ROOT

WORDS_EN = ("border", "talks", "asylum", "rules", "election", "storm", "harbor", "minister", "budget", "vaccine")
WORDS_ES = ("frontera", "deportaciones", "elecciones", "tormenta", "puerto", "ministra", "presupuesto", "vacuna",
            "migración", "México")
SOURCES = ("EFE", "El País", "BBC News", None)


def write_corpus(seeds: Path) -> Path:
    """The repository's seeds plus a .jsonl of 40 records: two languages, four sources (one
    missing), dated and undated, a bad line (reported, not indexed)."""
    shutil.copytree(REPO_ROOT / "seeds", seeds)
    lines = []
    for n in range(40):
        lang = "en" if n % 2 else "es"
        words = WORDS_EN if lang == "en" else WORDS_ES
        body = " ".join(words[(n * k) % len(words)] for k in range(1, 4 + n % 5))
        record = {"id": n, "lang": lang, "title": f"{words[n % len(words)]} {words[(n + 3) % len(words)]}",
                  "body": f"{body}. {'México' if n % 7 == 0 else 'Mexico'} y El Salvador." if lang == "es"
                  else f"{body}. Mexico and El Salvador.", "source": SOURCES[n % len(SOURCES)]}
        if n % 3:
            record["date"] = f"202{n % 5}-0{1 + n % 9}-1{n % 10}"
        lines.append(json.dumps(record, ensure_ascii=False))
    lines.insert(5, "{not json")
    (seeds / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return seeds

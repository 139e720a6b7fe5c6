"""The documented JSON shapes of search-cli --json: one object per hit, per article, for stats."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from search.models import Article, Hit, IndexStats, Snippet


def _spans(spans: list[tuple[int, int]]) -> list[list[int]]:
    return [[start, end] for start, end in spans]


def _snippet(snippet: Snippet) -> dict[str, Any]:
    return {"text": snippet.text, "start": snippet.start, "spans": _spans(snippet.spans)}


def hit_object(rank: int, hit: Hit) -> dict[str, Any]:
    """One JSON Lines record; keys are part of the CLI's contract (see README, "Command line")."""
    return {
        "rank": rank,
        "id": hit.id,
        "title": hit.title,
        "lang": hit.lang,
        "source": hit.source,
        "date": hit.date,
        "path": hit.path,
        "url": hit.url,
        "score": None if hit.score is None else round(hit.score, 4),
        "title_spans": _spans(hit.title_spans),
        "snippets": [_snippet(snippet) for snippet in hit.snippets],
        "versions": list(hit.versions),
        "cross_language": hit.cross_language,
    }


def article_object(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "lang": article.lang,
        "source": article.source,
        "date": article.date,
        "path": article.path,
        "url": article.url,
        "title_spans": _spans(article.title_spans),
        "body": article.body,
        "spans": _spans(article.spans),
        "versions": list(article.versions),
    }


def stats_object(stats: IndexStats) -> dict[str, Any]:
    return asdict(stats)


def dumps(obj: dict[str, Any]) -> str:
    """One line of UTF-8 JSON (accents kept as they are, not escaped)."""
    return json.dumps(obj, ensure_ascii=False) + "\n"

"""bench.speed's hostile queries: a query the engine refuses (a bound reached) is reported, not fatal."""

from __future__ import annotations

from pathlib import Path

import search
from bench import speed


def test_a_refused_hostile_query_is_reported_with_its_time(seed_index: Path, monkeypatch):
    real = search.Engine.search

    def search_or_refuse(self, text, **options):
        if text == "a*":
            raise search.errors.ServerUnavailable("timeout", "127.0.0.1", 5432, "news")
        return real(self, text, **options)

    monkeypatch.setattr(search.Engine, "search", search_or_refuse)
    result = speed.time_hostile(seed_index, repeat=1)
    assert result["queries"] == len(speed.HOSTILE_QUERIES)
    assert list(result["refused"]) == ["'a*'"] and "too long" in result["refused"]["'a*'"]

"""search-cli stats: documents per language and source, size on disk, build time."""

from __future__ import annotations

import re
from datetime import datetime

from cli_helpers import ANY_ESCAPE, IndexedSeeds, json_lines


def test_stats_json_adds_up(indexed_seeds: IndexedSeeds) -> None:
    result = indexed_seeds.run("stats", "--json")
    assert result.returncode == 0, result.stderr
    [stats] = json_lines(result.stdout)
    assert stats["documents"] > 0
    assert sum(stats["langs"].values()) == stats["documents"]
    assert set(stats["langs"]) <= {"en", "es"}
    assert stats["size_bytes"] > 0
    datetime.fromisoformat(stats["built_at"])


def test_stats_readable_lists_every_language_and_source(indexed_seeds: IndexedSeeds) -> None:
    [stats] = json_lines(indexed_seeds.run("stats", "--json").stdout)
    result = indexed_seeds.run("stats")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert ANY_ESCAPE not in out
    assert re.search(rf"^documents +{stats['documents']}$", out, re.M)
    for name, count in {**stats["langs"], **stats["sources"]}.items():
        assert re.search(rf"^  {re.escape(name)} +{count}$", out, re.M), name
    assert re.search(r"^size on disk +[\d.]+ (B|KB|MB|GB)$", out, re.M)
    assert re.search(rf"^built +{re.escape(stats['built_at'])}$", out, re.M)

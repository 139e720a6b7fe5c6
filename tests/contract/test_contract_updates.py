"""What every backend does alike when the seeds change: incremental updates, deletions, and a
rebuild that an open reader sees only after refreshing. An update reaches an open reader whole:
after its refresh on Whoosh (a new generation), at once on PostgreSQL (one transaction in the live
tables); refresh says so on both."""

from __future__ import annotations

import pytest

import search
from test_contract_search import RECORDS, ids, write_seeds


def test_update_delete_and_refresh(backend: str, tmp_path) -> None:
    seeds = write_seeds(tmp_path / "seeds")
    search.build_index(seeds, backend, rebuild=True)
    with search.open_index(backend) as engine:
        assert ids(engine.search("guitar")) == ["guitars", "mention"]
        changed = [r for r in RECORDS if r[0] != "mention"] + [
            ("violin", "en", "Violins", "A violin maker opened a guitar workshop.", "AP", "2025-01-01")]
        write_seeds(seeds, changed)
        report = search.build_index(seeds, backend)
        assert (report.rebuilt, report.updated, report.documents) == (False, 1, len(changed))
        seen_at_once = backend.startswith("postgresql://")
        assert ids(engine.search("guitar")) == (["guitars", "violin"] if seen_at_once else ["guitars", "mention"])
        assert engine.refresh() is True
        assert ids(engine.search("guitar")) == ["guitars", "violin"]
        assert ids(engine.search("violin")) == ["violin"] and engine.search("drums").total == 0
        assert engine.stats().documents == len(changed)
        assert engine.refresh() is False
        search.build_index(seeds, backend, rebuild=True)
        assert engine.refresh() is True and engine.stats().documents == len(changed)


def test_a_location_of_no_index_is_index_not_found(backend: str, tmp_path) -> None:
    with pytest.raises(search.IndexNotFound):
        search.open_index(backend + "-missing")

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


def test_a_source_whose_articles_are_all_deleted_is_no_longer_listed(backend: str, tmp_path) -> None:
    """Listed sources come from live articles only, also while the deleted ones still take room
    (here 2 of 32: too few for the Whoosh backend to rewrite their segment without them)."""
    filler = [(f"filler{n}", "en", f"Filler {n}", f"Note number {n}.", "AP", None) for n in range(23)]
    seeds = write_seeds(tmp_path / "seeds", RECORDS + filler)
    search.build_index(seeds, backend, rebuild=True)
    with search.open_index(backend) as engine:
        assert engine.sources() == ["AP", "EFE", "Reuters"]
        write_seeds(seeds, [r for r in RECORDS if r[4] != "Reuters"] + filler)
        assert search.build_index(seeds, backend).documents == len(RECORDS) - 2 + len(filler)
        engine.refresh()
        assert engine.sources() == ["AP", "EFE"]
        assert "Reuters" not in engine.stats().sources
        with pytest.raises(search.UnknownSource):
            engine.search("source:reuters")

"""Scale-out: a streaming read replica answers searches as the primary does."""

from __future__ import annotations

import time

import psycopg
import pytest

import search

from pg_corpus import write_corpus

CATCH_UP_POLLS = 600
"""Upper bound of the wait for the replica to replay the primary's WAL (0.1 s each); no timing is asserted."""


def _caught_up(primary: str, replica: str) -> None:
    with psycopg.connect(primary, autocommit=True) as conn:
        target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    with psycopg.connect(replica, autocommit=True) as conn:
        for _ in range(CATCH_UP_POLLS):
            if conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)).fetchone()[0]:
                return
            time.sleep(0.1)
    raise AssertionError("the replica did not catch up with the primary")


def test_reads_from_a_replica_give_the_primarys_results(pg_server, tmp_path):
    seeds = write_corpus(tmp_path / "seeds")
    primary = pg_server.create_database("replicated")
    search.build_index(seeds, primary)
    standby = pg_server.standby(pg_server.root.parent / f"{pg_server.root.name}-standby")
    try:
        replica = standby.location("replicated")
        _caught_up(primary, replica)
        with psycopg.connect(replica) as conn:
            assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]  # really a standby
        with search.open_index(primary) as on_primary, search.open_index(replica) as on_replica:
            for query, options in [("mexico", {}), ("deportacion", {"fold": True}), ("*", {"sort": "date"}),
                                   ("puerto", {"lang": "es", "source": "EFE"})]:
                a, b = on_primary.search(query, **options), on_replica.search(query, **options)
                assert (a.total, a.hits, a.facets) == (b.total, b.hits, b.facets), query
            # An update on the primary reaches the replica's readers as one swap.
            (seeds / "feed.jsonl").unlink()
            search.build_index(seeds, primary)
            _caught_up(primary, replica)
            assert on_replica.refresh() is True and on_primary.refresh() is True
            assert on_replica.stats().documents == on_primary.stats().documents == 3
            with pytest.raises(search.ServerUnavailable, match="read-only standby"):
                search.build_index(seeds, replica, rebuild=True)  # a standby takes no writes
    finally:
        standby.remove()

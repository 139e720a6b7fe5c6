"""Building and updating a PostgreSQL index: incremental updates, atomic rebuilds, one writer."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import psycopg
import pytest

import search
from corpus_data import REPO_ROOT
from search.backends.postgres.schema import GEN_PREFIX
from search.backends.postgres.store import LOCK_KEY
from search.models import Progress

from pg_corpus import write_corpus


def _schemas(location: str) -> list[str]:
    with psycopg.connect(location) as conn:
        return [r[0] for r in conn.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)",
                                           (GEN_PREFIX,))]


def _ids(location: str, query: str, **options) -> list[str]:
    with search.open_index(location) as engine:
        return [h.id for h in engine.search(query, limit=100, **options).hits]


def test_updates_report_and_search_as_whoosh(pg_location, tmp_path):
    """Add, change and delete files: the same report as the Whoosh backend, the same search."""
    seeds = write_corpus(tmp_path / "seeds")
    folder = tmp_path / "index"
    for target in (pg_location, folder):
        first = search.build_index(seeds, target)
        assert (first.added, first.rebuilt, first.documents) == (3, True, 43)
        assert [(p.path, p.kind) for p in first.skipped] == [("feed.jsonl", "record")]
    (seeds / "new.md").write_text("---\ntitle: Tormenta en el puerto\nlang: es\n---\nLa tormenta cerró el puerto.\n")
    (seeds / "trump-el-salvador-safe-third-country-en.txt").unlink()
    feed = (seeds / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    feed[0] = json.dumps({"id": 0, "lang": "es", "title": "Huracán", "body": "Un huracán llega a la costa."})
    (seeds / "feed.jsonl").write_text("\n".join(feed[:-1]) + "\n", encoding="utf-8")  # record 39 gone
    reports = [search.build_index(seeds, target) for target in (pg_location, folder)]
    assert [(r.added, r.updated, r.removed, r.unchanged, r.documents, r.rebuilt) for r in reports] == \
        [(1, 1, 1, 1, 42, False)] * 2
    for query in ("tormenta puerto", "huracan", "asylum", "storm"):
        # each language's order; across languages the mix also weighs each language's best score, which
        # after an update differs a little between the two backends' statistics
        assert _ids(pg_location, query, translate=False) == _ids(str(folder), query, translate=False), query
        assert sorted(_ids(pg_location, query)) == sorted(_ids(str(folder), query)), query
    assert "new.md#es" in _ids(pg_location, "tormenta")
    assert "feed.jsonl/39#en" not in _ids(pg_location, "mexico")
    unchanged = search.build_index(seeds, pg_location)
    assert (unchanged.added, unchanged.updated, unchanged.removed, unchanged.unchanged) == (0, 0, 0, 3)


def test_a_rebuild_is_swapped_in_and_old_readers_keep_their_generation(pg_location, tmp_path):
    seeds = write_corpus(tmp_path / "seeds")
    search.build_index(seeds, pg_location)
    before = search.open_index(pg_location)
    try:
        assert before.search("tormenta").total > 0
        for path in seeds.glob("feed.jsonl"):
            path.unlink()
        report = search.build_index(seeds, pg_location, rebuild=True)
        assert (report.rebuilt, report.documents) == (True, 3)
        # The open engine still answers from the generation it opened, until it refreshes.
        assert before.search("tormenta").total > 0
        assert before.refresh() is True
        assert before.search("tormenta").total == 0
    finally:
        before.close()
    assert len(_schemas(pg_location)) == 2  # the retired one is kept for such readers...
    with search.open_index(pg_location) as behind:
        search.build_index(seeds, pg_location, rebuild=True)
        assert len(_schemas(pg_location)) == 2  # ...until the next build drops it
        search.build_index(seeds, pg_location, rebuild=True)
        # Two builds on, its generation is gone: the reader moves to the live one by itself.
        assert behind.search("deportaciones", translate=False).total == 1


@pytest.mark.parametrize("rebuild", [True, False], ids=["rebuild", "update"])
def test_an_interrupted_build_leaves_the_old_index(pg_location, tmp_path, rebuild):
    seeds = write_corpus(tmp_path / "seeds")
    search.build_index(seeds, pg_location)
    expected = _ids(pg_location, "mexico")
    (seeds / "feed.jsonl").write_text('{"id": 1, "title": "Otra", "body": "Nada que ver."}\n', encoding="utf-8")

    def stop(progress: Progress) -> None:
        if progress.phase == "write":  # every document written, nothing committed
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        search.build_index(seeds, pg_location, rebuild=rebuild, progress=stop)
    assert _ids(pg_location, "mexico") == expected
    assert len(_schemas(pg_location)) == 1  # a rebuild's half-built schema was dropped
    report = search.build_index(seeds, pg_location, rebuild=rebuild)
    assert report.documents == 4


def test_a_killed_writer_leaves_the_old_index_and_releases_the_lock(pg_location, tmp_path):
    """SIGKILL in the middle of a rebuild: the server rolls back, the lock goes with the connection."""
    seeds = write_corpus(tmp_path / "seeds")
    search.build_index(seeds, pg_location)
    expected = _ids(pg_location, "mexico")
    script = textwrap.dedent(f"""
        import sys, time, search
        def hold(progress):
            if progress.phase == "write":
                print("writing", flush=True)
                time.sleep(600)
        search.build_index({str(seeds)!r}, {pg_location!r}, rebuild=True, progress=hold)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout.readline().strip() == "writing"
        assert len(_schemas(pg_location)) == 2  # the new generation is being written
        with pytest.raises(search.IndexLocked):
            search.build_index(seeds, pg_location, lock_timeout=0)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    assert _ids(pg_location, "mexico") == expected
    report = search.build_index(seeds, pg_location, rebuild=True, lock_timeout=30)
    assert report.documents == 43
    assert len(_schemas(pg_location)) == 2  # the killed build's schema is gone; the old one kept


def test_one_writer_at_a_time(pg_location, tmp_path, capsys):
    from search.cli import main

    seeds = write_corpus(tmp_path / "seeds")
    with psycopg.connect(pg_location, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        assert main(["index", str(seeds), "--index", pg_location, "--wait", "0"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "index 'postgresql://news@" in err and "is being written by another process" in err
        assert "news-test-secret" not in err
        other.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
    assert main(["index", str(seeds), "--index", pg_location, "--wait", "0"]) == 0


def _statistics(location: str) -> tuple[list, list, int]:
    """The live generation's term dictionary, field totals and document count."""
    with psycopg.connect(location) as conn:
        (schema,) = conn.execute("SELECT generation FROM public.news_search_meta").fetchone()
        terms = conn.execute(f"SELECT field, term, df FROM {schema}.terms ORDER BY 1, 2").fetchall()
        fields = conn.execute(f"SELECT field, total_length FROM {schema}.fields ORDER BY 1").fetchall()
        return terms, fields, conn.execute(f"SELECT count(*) FROM {schema}.docs").fetchone()[0]


def _scores(location: str, query: str) -> dict[str, float]:
    with search.open_index(location) as engine:
        return {h.id: h.score for h in engine.search(query, limit=100).hits}


def _edit(seeds) -> None:
    """A file added, one removed, records changed, added and removed in the .jsonl."""
    (seeds / "new.md").write_text("---\ntitle: Tormenta en el puerto\nlang: es\n---\nLa tormenta cerró el puerto.\n")
    (seeds / "trump-el-salvador-safe-third-country-en.txt").unlink()
    feed = (seeds / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    feed[0] = json.dumps({"id": 0, "lang": "es", "title": "Huracán", "body": "Un huracán llega a la costa."})
    feed[3] = json.dumps({"id": 3, "lang": "en", "title": "Storm", "body": "A zyzzyva storm hit the harbor."})
    feed.append(json.dumps({"id": 77, "lang": "en", "title": "Budget", "body": "The budget vote on asylum rules."}))
    (seeds / "feed.jsonl").write_text("\n".join(feed[1:2] + feed[:1] + feed[3:-2] + feed[-1:]) + "\n", encoding="utf-8")


def test_an_update_changes_the_live_generation_as_a_rebuild_would(pg_server, pg_location, tmp_path):
    """No copy into a new schema: the changed rows and the statistics move in the live one, and
    end as a rebuild of the same seeds has them (terms, field lengths, hits and scores)."""
    seeds = write_corpus(tmp_path / "seeds")
    search.build_index(seeds, pg_location)
    before = _schemas(pg_location)
    _edit(seeds)
    report = search.build_index(seeds, pg_location)
    assert (report.rebuilt, report.added, report.updated, report.removed) == (False, 1, 1, 1)
    assert _schemas(pg_location) == before  # the same generation, changed in place
    fresh = pg_server.create_database("update_vs_rebuild")
    search.build_index(seeds, fresh, rebuild=True)
    assert _statistics(pg_location) == _statistics(fresh)
    assert ("zyzzyva" in str(_statistics(pg_location)[0])) and report.documents == _statistics(fresh)[2]
    for query in ("tormenta puerto", "huracan", "storm harbor", "asylum OR budget", "mexico", "border -storm"):
        assert _scores(pg_location, query) == _scores(fresh, query), query


def test_an_update_is_one_transaction(pg_location, tmp_path):
    """Written but not committed, an update is invisible to readers; stopped there, nothing of it stays."""
    seeds = write_corpus(tmp_path / "seeds")
    search.build_index(seeds, pg_location)
    expected = _scores(pg_location, "storm harbor huracan")
    stats = _statistics(pg_location)
    _edit(seeds)
    seen = []

    def stop(progress: Progress) -> None:
        if progress.phase == "commit":  # every row deleted, inserted and counted; not committed
            seen.append((_scores(pg_location, "storm harbor huracan"), _statistics(pg_location)))
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        search.build_index(seeds, pg_location, progress=stop)
    assert seen == [(expected, stats)]
    assert _scores(pg_location, "storm harbor huracan") == expected and _statistics(pg_location) == stats
    report = search.build_index(seeds, pg_location)
    assert (report.rebuilt, report.updated) == (False, 1) and "new.md#es" in _ids(pg_location, "tormenta")

"""First run: no index yet, so a progress screen builds it from the seeds folder, then the search opens."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import search
from tui_helpers import notifications, search_for, settle, status_text, wait_until
from tui.app import create_app
from tui.screens.build import BuildScreen

BIG_FILE_RECORDS = 6000
"""Records in one .jsonl: a build of it takes seconds here, reporting its progress inside the file."""


@pytest.fixture
def big_seeds(tmp_path: Path) -> Path:
    """A seeds folder of one big .jsonl (most of a real archive's build is inside a few such files)."""
    seeds = tmp_path / "big-seeds"
    seeds.mkdir()
    with open(seeds / "archive.jsonl", "w", encoding="utf-8") as handle:
        for n in range(BIG_FILE_RECORDS):
            record = {
                "id": f"nota-{n}", "lang": "es", "source": "EFE", "date": "2017-02-03",
                "title": f"Nota número {n} sobre la frontera",
                "body": f"Texto {n} de la nota sobre la frontera sur y los deportados de la semana {n % 52}.",
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return seeds


def build_phase(app) -> str:
    return str(app.screen.query_one("#build-phase").render())


async def test_first_run_builds_the_index_with_a_progress_screen(seeds_dir, tmp_path, history_path):
    index = tmp_path / "new-index"
    app = create_app(index_dir=index, seeds_dir=seeds_dir, history_path=history_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, BuildScreen)
        assert "Building the search index" in str(app.screen.query_one("#build-title").render())
        await wait_until(pilot, lambda: not isinstance(app.screen, BuildScreen), "the build to finish")
        await settle(pilot)
        assert search.index_exists(index)
        documents = search.open_index(index).stats().documents
        assert f"{documents:,} documents in the index" in status_text(app)
        await search_for(pilot, "deportacion")
        assert app.results.hits


async def test_progress_moves_inside_a_big_file_and_quitting_abandons_the_build(big_seeds, tmp_path, history_path):
    index = tmp_path / "new-index"
    app = create_app(index_dir=index, seeds_dir=big_seeds, history_path=history_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, BuildScreen)
        bar = screen.query_one("#build-bar")
        # Still the first (and only) file, yet the bar and the words move.
        await wait_until(pilot, lambda: "file 1 of 1" in build_phase(app) and bar.progress > 0, "progress inside the file")
        assert 0 < bar.progress < 1
        await pilot.press("q")
        await wait_until(pilot, lambda: app._exit, "the app to quit")
    await wait_until_process_ends(screen)
    assert not search.index_exists(index)  # the partial build was abandoned, not finished


async def test_quitting_a_rebuild_keeps_the_previous_index(big_seeds, seeds_dir, tmp_path, history_path):
    index = tmp_path / "index"
    before = search.build_index(seeds_dir, index, procs=1).documents
    (index / "CURRENT").write_text("gen-missing\n", encoding="utf-8")  # damaged: the app offers a rebuild
    live = sorted(path.name for path in index.iterdir() if path.name.startswith("gen-"))
    app = create_app(index_dir=index, seeds_dir=big_seeds, history_path=history_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#repair-yes"), "the question")
        await pilot.click("#repair-yes")
        await wait_until(pilot, lambda: isinstance(app.screen, BuildScreen) and "%" in build_phase(app), "the build")
        screen = app.screen
        await pilot.press("ctrl+c")
        await wait_until(pilot, lambda: app._exit, "the app to quit")
    await wait_until_process_ends(screen)
    assert sorted(path.name for path in index.iterdir() if path.name.startswith("gen-")) == live
    assert not [path for path in index.iterdir() if path.name.startswith(".tmp")]  # the partial one removed
    assert before


async def wait_until_process_ends(screen: BuildScreen) -> None:
    process = screen.build._process
    assert process is not None
    process.wait(30)  # an upper bound: the child stops at its next progress report
    assert process.returncode != 0


async def test_a_failed_first_build_says_why_and_does_not_crash(tmp_path, history_path):
    missing = tmp_path / "no-such-seeds"
    app = create_app(index_dir=tmp_path / "index", seeds_dir=missing, history_path=history_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, BuildScreen)
        await wait_until(pilot, lambda: "could not be built" in str(screen.query_one("#build-title").render()), "the error")
        assert str(missing) in str(screen.query_one("#build-phase").render())
        await wait_until(pilot, lambda: any(severity == "error" for severity, _ in notifications(app)), "the error toast")
        await pilot.press("q")
        await wait_until(pilot, lambda: app._exit, "the app to quit")


@pytest.fixture
def damaged_index(seeds_dir, tmp_path, monkeypatch):
    """An index built from ``seeds_dir``, then damaged; the default seeds folder is another one."""
    index = tmp_path / "index"
    documents = search.build_index(seeds_dir, index, procs=1).documents
    (index / "CURRENT").write_text("gen-missing\n", encoding="utf-8")
    other = tmp_path / "other-seeds"
    other.mkdir()
    (other / "otra-es.txt").write_text("Otra cosa\n\nNada que ver con el índice.\n", encoding="utf-8")
    monkeypatch.setenv("NEWS_SEARCH_SEEDS", str(other))
    return index, documents


async def test_a_damaged_index_is_repaired_from_its_own_folder_after_asking(damaged_index, seeds_dir, history_path):
    index, documents = damaged_index
    app = create_app(index_dir=index, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#repair-yes"), "the question")
        text = str(app.screen.query_one("#repair-text").render())
        assert "damaged" in text and str(seeds_dir.resolve()) in text and "built from" in text
        assert not isinstance(app.screen, BuildScreen)  # nothing is rebuilt before the answer
        await pilot.press("y")
        await wait_until(pilot, lambda: app.engine is not None, "the rebuilt index to open")
        await settle(pilot)
        assert f"{documents:,} documents in the index" in status_text(app)
        await search_for(pilot, "deportacion")
        assert app.results.hits


async def test_declining_the_repair_quits_and_leaves_the_index_alone(damaged_index, history_path):
    index, _documents = damaged_index
    before = sorted(path.name for path in index.iterdir())
    app = create_app(index_dir=index, history_path=history_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#repair-no"), "the question")
        await pilot.press("n")
        await wait_until(pilot, lambda: app._exit, "the app to quit")
    assert app.return_code == 1
    assert sorted(path.name for path in index.iterdir()) == before


SPY = '''
import os, search.indexer
search.indexer.PARALLEL_MIN_BYTES = 0  # any build would take two writer processes unless told procs=1
os.register_at_fork(before=lambda: open(os.environ["NEWS_SEARCH_FORK_LOG"], "a").write(f"{os.getpid()}\\n"))
'''


@pytest.mark.skipif((__import__("os").cpu_count() or 1) < 2, reason="one core: no build takes two processes here")
async def test_the_apps_builds_never_fork_a_writer_process(seeds_dir, tmp_path, history_path, monkeypatch):
    """Forking from the Textual process is unsafe, and the build child runs beside it: both the first build
    and F5's reindex write in one process (the child's procs=1), even where a build would take two."""
    spy = tmp_path / "spy"
    spy.mkdir()
    (spy / "sitecustomize.py").write_text(SPY, encoding="utf-8")
    log = tmp_path / "forks.log"
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(spy), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("NEWS_SEARCH_FORK_LOG", str(log))
    index = tmp_path / "new-index"
    app = create_app(index_dir=index, seeds_dir=seeds_dir, history_path=history_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: not isinstance(app.screen, BuildScreen), "the build to finish")
        await settle(pilot)
        await pilot.press("f5")
        await wait_until(pilot, lambda: not app.reindexing, "the reindex to finish")
        assert search.index_exists(index)
        assert any("Reindexed" in message for _severity, message in notifications(app)), notifications(app)
    assert not log.exists(), log.read_text()

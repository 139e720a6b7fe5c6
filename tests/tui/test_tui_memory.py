"""Garbage collection out of the way of typing: long-lived objects frozen, a collection and a freeze when idle."""

from __future__ import annotations

import gc

from tui_helpers import search_for, settle, wait_until
from tui.app import create_app
import tui.memory
from tui.memory import FULL_COLLECTION_EVERY, IdleCollector, freeze_long_lived


def test_the_idle_collector_collects_once_after_a_quiet_time():
    runs: list[str] = []
    now = [100.0]
    collector = IdleCollector(clock=lambda: now[0], idle_seconds=1.0, collect=lambda: runs.append("collect"))
    assert not collector.check(busy=False)  # nothing happened yet
    collector.activity()
    now[0] += 0.5
    assert not collector.check(busy=False)  # still typing
    now[0] += 0.6
    assert not collector.check(busy=True)  # a search or preview still pending
    assert collector.check(busy=False)
    assert runs == ["collect"]
    now[0] += 5
    assert not collector.check(busy=False)  # nothing new to collect
    collector.activity()
    now[0] += 1
    assert collector.check(busy=False)
    assert runs == ["collect", "collect"]


def test_a_pause_freezes_what_is_alive_until_too_much_waits_for_a_collection(monkeypatch):
    try:
        gc.unfreeze()
        collector = IdleCollector()
        assert collector.paused()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        monkeypatch.setattr(tui.memory, "MAX_FROZEN_SINCE_COLLECTION", frozen - 1)
        assert not collector.paused()  # past the bound: left to the automatic collections
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_freezing_leaves_live_objects_out_and_makes_full_collections_rarer():
    thresholds = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        freeze_long_lived()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (700, 10, FULL_COLLECTION_EVERY)
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


async def test_the_app_freezes_once_the_index_is_open(engine, history_path):
    thresholds = gc.get_threshold()
    try:
        gc.unfreeze()
        gc.set_threshold(700, 10, 10)
        app = create_app(engine=engine, history_path=history_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold()[2] == FULL_COLLECTION_EVERY
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


async def test_the_app_collects_once_the_user_pauses(engine, history_path):
    runs: list[str] = []
    app = create_app(engine=engine, history_path=history_path)
    app._collector = IdleCollector(idle_seconds=0.2, collect=lambda: runs.append("collect"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert runs == ["collect"]  # once the index is open
        await search_for(pilot, "mexico")
        await wait_until(pilot, lambda: len(runs) == 2, "a collection after the pause")
        await search_for(pilot, " border")
        await wait_until(pilot, lambda: len(runs) == 3, "a collection after the next pause")

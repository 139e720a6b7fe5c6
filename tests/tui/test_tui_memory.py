"""Garbage collection out of the way of typing: long-lived objects frozen, a full collection when idle."""

from __future__ import annotations

import gc

from tui_helpers import settle
from tui.app import create_app
from tui.memory import FULL_COLLECTION_EVERY, IdleCollector, freeze_long_lived


def test_the_idle_collector_collects_once_after_a_quiet_time(monkeypatch):
    collections: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collections.append(generation) or 0)
    now = [100.0]
    collector = IdleCollector(clock=lambda: now[0], idle_seconds=1.0)
    assert not collector.check(busy=False)  # nothing happened yet
    collector.activity()
    now[0] += 0.5
    assert not collector.check(busy=False)  # still typing
    now[0] += 0.6
    assert not collector.check(busy=True)  # a search or preview still pending
    assert collector.check(busy=False)
    assert collections == [2]
    now[0] += 5
    assert not collector.check(busy=False)  # nothing new to collect
    collector.activity()
    now[0] += 1
    assert collector.check(busy=False)
    assert collections == [2, 2]


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

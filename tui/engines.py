"""Engines for the app's workers: a search overtaken by newer typing keeps its engine, the newest gets another."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from search import Engine

POOL_SIZE = 2
"""Engines open at most: the user's engine and one spare. An ``Engine`` answers one call at a time (it
holds a lock for the whole search), and a Whoosh search cannot be stopped midway, so a slow search that
newer typing overtook would make the newest wait for it. With a spare, the newest starts at once; a
third overtaken search waits for one of the two (each spare holds its own open index in memory)."""


class EnginePool:
    """Lends engines to worker threads, one caller per engine; opens the spare the first time it is needed."""

    def __init__(self, engine: Engine, open_spare: Callable[[], Engine], size: int = POOL_SIZE) -> None:
        self.primary = engine
        self._open_spare = open_spare
        self._size = max(1, size)
        self._spares: list[Engine] = []
        self._opening = 0
        self._free: list[Engine] = [engine]
        self._stale: set[int] = set()
        """Spares (by id) that have not picked up the generation the primary refreshed to."""
        self._condition = threading.Condition()

    @property
    def idle(self) -> bool:
        """No engine is lent out (an overtaken search may still run after its worker was cancelled)."""
        with self._condition:
            return len(self._free) == 1 + len(self._spares)

    @contextmanager
    def lease(self) -> Iterator[Engine]:
        """An engine nobody else uses until the block ends (waits while all are busy)."""
        engine = self._take()
        try:
            if id(engine) in self._stale:
                self._stale.discard(id(engine))
                engine.refresh()
            yield engine
        finally:
            with self._condition:
                self._free.append(engine)
                self._condition.notify_all()

    def _take(self) -> Engine:
        with self._condition:
            while True:
                if self._free:
                    # The primary first: its caches are the warmest.
                    engine = self.primary if self.primary in self._free else self._free[0]
                    self._free.remove(engine)
                    return engine
                if 1 + len(self._spares) + self._opening < self._size:
                    self._opening += 1  # the slot is taken while the spare opens
                    break
                self._condition.wait()
        try:
            spare = self._open_spare()
        finally:
            with self._condition:
                self._opening -= 1
                self._condition.notify_all()
        with self._condition:
            self._spares.append(spare)
        return spare

    def refresh(self) -> bool:
        """Pick up a generation another build swapped in; True when the primary changed to it."""
        with self.lease_primary() as engine:
            changed = engine.refresh()
        if changed:
            with self._condition:
                self._stale.update(id(spare) for spare in self._spares)
        return changed

    @contextmanager
    def lease_primary(self) -> Iterator[Engine]:
        """The primary engine itself, waiting until it is free (for calls that must see the same index)."""
        with self._condition:
            while self.primary not in self._free:
                self._condition.wait()
            self._free.remove(self.primary)
        try:
            yield self.primary
        finally:
            with self._condition:
                self._free.append(self.primary)
                self._condition.notify_all()

    def close_spares(self) -> None:
        """Close the spares that are free (the primary belongs to whoever opened it)."""
        with self._condition:
            spares = [engine for engine in self._free if engine is not self.primary]
            for engine in spares:
                self._free.remove(engine)
                self._spares.remove(engine)
                self._stale.discard(id(engine))
        for engine in spares:
            engine.close()

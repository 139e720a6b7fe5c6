"""Python's garbage collector kept out of the way of typing.

A full collection walks every object in the process and holds the GIL meanwhile. With the index
open and the screen built that took about 100 ms, and with Python's default settings one ran every
few searches (every repaint leaves thousands of cached strips behind, many of them in reference
cycles), stalling whichever keystroke it fell on. So: the objects alive once the index is open are
frozen (left out of every later collection), automatic full collections are made rarer, every pause
in the typing freezes what is alive then (a moment's work, no collection), and when the user has
stopped for a while the app collects everything itself and freezes what is left. An automatic full
collection then only walks what was made since the last pause.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

FULL_COLLECTION_EVERY = 100
"""Collections of the middle generation between two automatic full collections (Python's default: 10)."""
IDLE_SECONDS = 1.0
"""Quiet time after the last search before the app collects garbage (and freezes the rest) itself."""
MAX_FROZEN_SINCE_COLLECTION = 300_000
"""Objects frozen by pauses since the last collection (garbage among them waits for the next one)
beyond which pauses stop freezing: memory stays bounded when the user never stops for long."""


def freeze_long_lived() -> None:
    """Leave every object alive now out of later collections; make automatic full collections rarer.

    Frozen objects are still freed when no longer referenced. An earlier freeze is undone first, so
    that what became garbage since (e.g. a replaced index) is collected once more.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


class IdleCollector:
    """Runs ``collect`` (a full collection, then a freeze) once nothing happened for ``idle_seconds``
    after some activity; freezes what is alive at shorter pauses."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        idle_seconds: float = IDLE_SECONDS,
        collect: Callable[[], None] = freeze_long_lived,
    ) -> None:
        self.clock = clock
        self.idle_seconds = idle_seconds
        self.collect = collect
        self.last_activity: float | None = None
        """When the last search was launched; None: collected since (or nothing happened yet)."""
        self.frozen_after_collection = gc.get_freeze_count()

    def activity(self) -> None:
        self.last_activity = self.clock()

    def paused(self) -> bool:
        """The typing paused (the preview is on the screen): freeze what is alive; True if it froze."""
        if gc.get_freeze_count() > self.frozen_after_collection + MAX_FROZEN_SINCE_COLLECTION:
            return False
        gc.freeze()
        return True

    def check(self, busy: bool) -> bool:
        """Collect if the quiet time is over and the app is not ``busy``; True if it collected."""
        if self.last_activity is None or busy or self.clock() - self.last_activity < self.idle_seconds:
            return False
        self.collect_now()
        return True

    def collect_now(self) -> None:
        self.last_activity = None
        self.collect()
        self.frozen_after_collection = gc.get_freeze_count()

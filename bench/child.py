"""Run one build or update in a fresh process and print its time and peak memory as JSON."""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

SAMPLE_EVERY = 0.05
"""Seconds between two readings of the process tree's memory."""


def peak_rss_bytes(who: int = resource.RUSAGE_SELF) -> int:
    """Peak resident memory of this process, or of its largest finished child."""
    if who == resource.RUSAGE_SELF:
        # ru_maxrss survives exec, so it would report the parent's size at fork time when that is
        # larger; the kernel's high-water mark (VmHWM) starts afresh with the new program.
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
    scale = 1 if sys.platform == "darwin" else 1024  # Linux reports KiB, macOS bytes
    return resource.getrusage(who).ru_maxrss * scale


def _pss(pid: int) -> int:
    """Proportional set size of one process: its private pages plus its share of pages shared with others."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        try:
            with open(f"/proc/{todo[0]}/task/{todo[0]}/children") as f:
                children = [int(p) for p in f.read().split()]
        except OSError:
            children = []
        found.extend(children)
        todo = todo[1:] + children
    return found


def tree_pss(pid: int, attempts: int = 5) -> int:
    """The proportional set sizes of a process and its descendants, summed (bytes).

    A reading during which a process of the tree started or ended is taken again: a parent read
    just before a fork counts the pages it shares whole, and its new child would add its half of
    them again (what a CI run's peak of half a shared buffer too much fits)."""
    total = 0
    for _ in range(attempts):
        members = [pid, *_descendants(pid)]
        total = sum(_pss(member) for member in members)
        if [pid, *_descendants(pid)] == members:
            break
    return total


class TreeMemory:
    """The peak of this process's and its descendants' memory together, sampled in a thread.

    A forked helper's resident size counts every page it still shares with its parent, so adding
    the two peaks counts those pages twice; summing proportional set sizes counts each page once.
    Zero where /proc has no ``smaps_rollup`` (not Linux)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = os.getpid()
        while True:
            self.peak = max(self.peak, tree_pss(me))
            if self._stop.wait(SAMPLE_EVERY):
                return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    parser.add_argument("action", choices=("build", "update"))
    parser.add_argument("system")
    parser.add_argument("seeds", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--changed", type=Path, help="JSON list of the changed records (update)")
    args = parser.parse_args(argv)

    from bench.systems import SYSTEMS

    module = SYSTEMS[args.system]
    changed = json.loads(args.changed.read_text(encoding="utf-8")) if args.changed else []
    with TreeMemory() as memory:
        started = time.perf_counter()
        if args.action == "build":
            documents = module.build(args.seeds, args.index)
        else:
            documents = module.update(args.index, args.seeds, changed)
        seconds = time.perf_counter() - started
    # A system that builds with helper processes (the engine's parallel writer) has their peak too.
    print(json.dumps({"seconds": seconds, "documents": documents, "peak_rss": peak_rss_bytes(),
                      "helper_peak_rss": peak_rss_bytes(resource.RUSAGE_CHILDREN),
                      "peak_pss_sum": memory.peak}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

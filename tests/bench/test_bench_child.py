"""bench/child.py's memory figures: the process tree's peak counts a page shared with a forked helper once."""

from __future__ import annotations

import os
import sys
import time

import pytest

from bench.child import TreeMemory, _pss, tree_pss

MIB = 2 ** 20

pytestmark = pytest.mark.skipif(not os.path.exists(f"/proc/{os.getpid()}/smaps_rollup"), reason="needs Linux /proc")


def test_a_childs_memory_counts_toward_the_peak():
    import subprocess

    program = "b = bytearray(200 * 2 ** 20)\nfor i in range(0, len(b), 4096): b[i] = 1\nimport time; time.sleep(0.6)\n"
    before = _pss(os.getpid())  # this test process (pytest and all it has loaded) counts too
    with TreeMemory() as memory:
        subprocess.run([sys.executable, "-c", program], check=True)
    assert memory.peak > before + 200 * MIB


def test_pages_a_forked_helper_shares_are_counted_once():
    size = 1024 * MIB
    shared = bytearray(size)
    for i in range(0, len(shared), 4096):
        shared[i] = 1
    before = tree_pss(os.getpid())  # the buffer included, and any helper an earlier test left running
    with TreeMemory() as memory:
        pid = os.fork()
        if pid == 0:  # the helper only reads the parent's pages, as the build's helper reads its documents
            total = sum(shared[i] for i in range(0, len(shared), 65536))
            time.sleep(0.6)
            os._exit(0 if total else 1)
        _, status = os.waitpid(pid, 0)
    assert status == 0
    # Resident sizes would add the whole buffer again for the helper; the pages exist once. The margin
    # is for the pages the helper's interpreter does copy (CI once saw 227 MiB more, not reproduced here).
    assert before - 50 * MIB <= memory.peak < before + size // 2


def test_a_reading_during_which_the_tree_changed_is_taken_again(monkeypatch):
    # The parent read just before its fork counts the shared pages whole; its new child would add
    # its half again. The tree as listed after the reading differs, so the reading is taken again.
    import bench.child as child

    listings = iter([[], [7], [7], [7]])
    monkeypatch.setattr(child, "_descendants", lambda pid: next(listings))
    sizes = iter([100, 45, 50])  # the parent alone; then the parent and its child, sharing pages
    monkeypatch.setattr(child, "_pss", lambda pid: next(sizes))
    assert child.tree_pss(1) == 95  # the reading of the tree as it stood after

"""Kill -9 during `search-cli index` (rebuild and incremental): the index stays whole and recovers."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from bench.stress import crash_rounds, index_with_cli, observe, run_cli, write_version_b
from search.backends.whoosh import store


def test_kill_9_leaves_old_or_new_version_and_next_run_recovers(tmp_path: Path) -> None:
    report = crash_rounds(tmp_path, rounds=4, files=10, per_file=150, seed=7)

    assert report.runs == 4
    assert report.killed_writing >= 1, "no run was killed while writing: the seeds are too small"
    assert report.seen["A"] + report.seen["B"] == report.runs


def test_leftovers_of_a_killed_writer_need_no_manual_clean_up(tmp_path: Path) -> None:
    seeds, index, env, versions = index_with_cli(tmp_path, files=3, per_file=20)
    # What a writer killed mid-way leaves: a half-written generation, a half-written pointer,
    # and a lock file (its flock died with the process).
    half_built = store.new_temp_dir(index)
    (half_built / "_MAIN_1.toc").write_bytes(b"\x00" * 10)
    (index / "CURRENT.deadbeef.tmp").write_text("gen-nothing", encoding="utf-8")
    assert (index / ".lock").exists()
    write_version_b(seeds, files=3, per_file=20)

    updated = run_cli("index", str(seeds), "--index", str(index), env=env)

    assert updated.returncode == 0, updated.stderr
    assert versions.which(observe(index)) == "B"
    assert not half_built.exists()
    assert not list(index.glob("CURRENT.*.tmp"))


def test_lock_file_left_by_a_dead_process_does_not_block(tmp_path: Path) -> None:
    seeds, index, env, _versions = index_with_cli(tmp_path, files=2, per_file=10)
    # A lock taken and never released by a process that then died: the kernel drops it.
    child = os.fork()
    if child == 0:
        fd = os.open(index / ".lock", os.O_RDWR)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os._exit(0)
    os.waitpid(child, 0)

    rebuilt = run_cli("index", str(seeds), "--index", str(index), "--rebuild", env=env)

    assert rebuilt.returncode == 0, rebuilt.stderr

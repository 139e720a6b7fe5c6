"""bench/RESULTS.md's stress section, written from `python -m bench.stress`, survives `python -m bench --write-results`."""

from __future__ import annotations

from pathlib import Path

from bench.stress import STRESS_HEADING, keep_stress_section


def test_the_stress_section_of_the_previous_file_is_kept(tmp_path: Path) -> None:
    previous = tmp_path / "RESULTS.md"
    previous.write_text(f"# Benchmark results\n\nold tables\n\n{STRESS_HEADING}\n\n100 updates: size 1.05x\n",
                        encoding="utf-8")

    written = keep_stress_section("# Benchmark results\n\nnew tables\n", previous)

    assert written == f"# Benchmark results\n\nnew tables\n\n{STRESS_HEADING}\n\n100 updates: size 1.05x\n"


def test_nothing_is_added_without_a_previous_stress_section(tmp_path: Path) -> None:
    previous = tmp_path / "RESULTS.md"
    assert keep_stress_section("new\n", previous) == "new\n"
    previous.write_text("old tables only\n", encoding="utf-8")
    assert keep_stress_section("new\n", previous) == "new\n"

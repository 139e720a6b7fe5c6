"""How build progress is shown: words with file counts and the share of a big file, a pulsing bar where unmeasured."""

from __future__ import annotations

from search import Progress
from tui.indexing import bar_position, phase_label


def test_progress_inside_a_big_file_moves_the_bar_and_says_how_far():
    progress = Progress("read", 2, 7, "bible-en-es.jsonl", part=0.43)
    assert phase_label(progress) == "Reading articles (file 3 of 7, 43%)"
    assert bar_position(progress) == (7, 2.43)


def test_between_files_the_count_of_files_read():
    assert phase_label(Progress("read", 2, 7)) == "Reading articles (2 of 7)"
    assert bar_position(Progress("read", 2, 7)) == (7, 2)


def test_the_final_writes_pulse_instead_of_claiming_100_percent():
    for phase in ("write", "commit"):
        progress = Progress(phase, 7, 7)
        assert bar_position(progress) == (None, 0.0)  # a None total: Textual's bar pulses
        assert "7 of 7" not in phase_label(progress) and "%" not in phase_label(progress)

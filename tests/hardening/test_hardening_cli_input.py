"""Hostile command lines: undecodable bytes, option-like and huge arguments get one line, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.stress import cli_env


def _run(args: list[str | bytes], home: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "search.cli", *args], env=cli_env(home),
                          capture_output=True, timeout=120)


@pytest.mark.parametrize("command", [["query", b"mexic\xff"], ["show", b"\xff\xfe"], ["query", "x", "--source", b"\xe9"]])
def test_bytes_that_are_not_utf8_get_one_line(seed_index: Path, tmp_path: Path, command) -> None:
    result = _run([*command, "--index", str(seed_index)], tmp_path)

    assert result.returncode == 2
    lines = result.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1 and "not UTF-8 text" in lines[0] and "\\x" in lines[0], lines
    assert "rebuild" not in lines[0]


@pytest.mark.parametrize("text, codes", [
    ("-", {0, 1}), ("--", {0, 1}), ("-mexico", {2}), ("\u202emexico\u200b", {0, 1}), ("méxico " * 5000, {0}),
], ids=["dash", "double-dash", "option-like", "bidi-controls", "35000-chars"])
def test_odd_query_arguments_never_trace_back(seed_index: Path, tmp_path: Path, text: str, codes: set[int]) -> None:
    # "-mexico" is typed as is (argparse takes it for an option); the others as a user would quote them.
    quoted = text.startswith("-") and text != "-mexico"
    argv = ["query", "--index", str(seed_index), "--", text] if quoted else ["query", text, "--index", str(seed_index)]
    result = _run(argv, tmp_path)

    stderr = result.stderr.decode("utf-8")
    assert result.returncode in codes, stderr
    assert "Traceback" not in stderr
    assert all(line.startswith("search-cli: ") for line in stderr.splitlines()), stderr


def test_a_wait_of_400_digits_gets_one_line_and_writes_nothing(seeds_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    result = _run(["index", str(seeds_copy), "--index", str(index), "--wait", "9" * 400], tmp_path)

    assert result.returncode == 2
    lines = result.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("search-cli: error: "), lines
    assert "out of range" in lines[0] and "604800" in lines[0] and len(lines[0]) < 200, lines[0]
    assert not (index / "CURRENT").exists()

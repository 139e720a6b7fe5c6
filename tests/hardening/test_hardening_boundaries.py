"""The tool writes only inside its index folder and reads only inside the seeds folder it was given."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.stress import cli_env, run_cli, write_version_a

OUTSIDE_WORD = "exfiltrate"
# Run search-cli in-process under an audit hook that records every path opened or listed.
AUDITED_RUN = """
import json, os, sys
seen = []
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
        seen.append(os.path.abspath(os.fsdecode(args[0])))
sys.addaudithook(hook)
from search.cli import main
codes = [main(argv) for argv in json.loads(sys.argv[1])]
with open(sys.argv[2], "w") as out:
    json.dump({"codes": codes, "paths": seen}, out)
"""


def _snapshot(folder: Path, skip: Path | None = None) -> dict[str, tuple[int, int]]:
    """Every entry under ``folder`` (but ``skip``) with its size and modification time."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        if skip is not None:
            dirnames[:] = [d for d in dirnames if Path(dirpath, d) != skip]
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            if skip is not None and path == skip:
                continue
            info = path.lstat()
            found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return found


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    places = {name: tmp_path / name for name in ("seeds", "parent", "home", "cwd", "outside", "tmpdir")}
    for path in places.values():
        path.mkdir()
    places["index"] = places["parent"] / "index"
    (places["parent"] / "neighbour.txt").write_text("left alone", encoding="utf-8")
    write_version_a(places["seeds"], files=3, per_file=30)
    outside_file = places["outside"] / "secret.txt"
    outside_file.write_text(f"Secret\n\nThe word {OUTSIDE_WORD} is outside.\n", encoding="utf-8")
    (places["outside"] / "folder").mkdir()
    (places["outside"] / "folder" / "more.txt").write_text(f"More\n\n{OUTSIDE_WORD} again.\n", encoding="utf-8")
    (places["seeds"] / "link-to-secret.txt").symlink_to(outside_file)
    (places["seeds"] / "link-to-folder").symlink_to(places["outside"] / "folder")
    (places["seeds"] / "up.txt").symlink_to("../outside/secret.txt")
    return places


def _commands(layout: dict[str, Path]) -> list[list[str]]:
    seeds, index = str(layout["seeds"]), str(layout["index"])
    return [["index", seeds, "--index", index], ["index", seeds, "--index", index, "--rebuild"],
            ["index", seeds, "--index", index], ["query", "quokka", "--index", index],
            ["query", OUTSIDE_WORD, "--index", index], ["stats", "--index", index],
            ["show", "part-000.jsonl/a-0-0#en", "--index", index]]


def test_nothing_outside_the_index_folder_changes(layout: dict[str, Path]) -> None:
    env = {**cli_env(layout["home"]), "TMPDIR": str(layout["tmpdir"])}
    before = {name: _snapshot(layout[name], skip=layout["index"])
              for name in ("seeds", "parent", "home", "cwd", "outside", "tmpdir")}

    for command in _commands(layout):
        result = run_cli(*command, env=env, cwd=layout["cwd"])
        assert result.returncode in (0, 1), (command, result.stderr)

    after = {name: _snapshot(layout[name], skip=layout["index"])
             for name in ("seeds", "parent", "home", "cwd", "outside", "tmpdir")}
    assert after == before
    assert (layout["index"] / "CURRENT").is_file()


def test_nothing_outside_the_seeds_folder_is_read_or_indexed(layout: dict[str, Path], tmp_path: Path) -> None:
    env = cli_env(layout["home"])
    report = tmp_path / "audit.json"

    subprocess.run([sys.executable, "-c", AUDITED_RUN, json.dumps(_commands(layout)), str(report)],
                   env=env, cwd=layout["cwd"], check=True, capture_output=True, timeout=300)

    audit = json.loads(report.read_text(encoding="utf-8"))
    assert audit["codes"] == [0, 0, 0, 0, 1, 0, 0]
    outside = str(layout["outside"])
    assert [p for p in audit["paths"] if p.startswith(outside)] == []
    data_paths = [p for p in audit["paths"] if p.startswith(str(tmp_path)) and p != str(report)]
    allowed = (str(layout["seeds"]), str(layout["index"]))
    assert any(p.startswith(str(layout["seeds"])) for p in data_paths), "the audit hook saw no seed read"
    assert [p for p in data_paths if not p.startswith(allowed)] == []
    found = run_cli("query", OUTSIDE_WORD, "--index", str(layout["index"]), env=env)
    assert found.returncode == 1 and found.stdout == ""

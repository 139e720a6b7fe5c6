"""Hostile input files through search-cli index: FIFOs, devices, bad names, surrogates, deep JSON, huge sparse files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ENTRY_POINT = Path(sys.executable).with_name("search-cli")
REPO_ROOT = Path(__file__).resolve().parents[2]
GOOD = "Zeppelin over the harbour\n\nA zeppelin was seen over the harbour today.\n"


def search_cli(*args: str, home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The installed ``search-cli`` entry point, piped; a hang fails the test at ``timeout``."""
    command = [str(ENTRY_POINT)] if ENTRY_POINT.is_file() else [sys.executable, "-m", "search.cli"]
    env = {**os.environ, "NEWS_SEARCH_INDEX": str(home / "default-index"), "PYTHONIOENCODING": "utf-8",
           "NEWS_SEARCH_SEEDS": str(home / "default-seeds"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([*command, *args], env=env, capture_output=True, timeout=timeout,
                          encoding="utf-8", errors="strict")


def index(seeds: Path, home: Path) -> tuple[subprocess.CompletedProcess[str], dict]:
    """Build with --json; returns the run and its report."""
    result = search_cli("index", str(seeds), "--index", str(home / "ix"), "--json", home=home)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result, json.loads(result.stdout)


def problems_about(report: dict, name: str) -> list[dict]:
    return [p for p in report["problems"] if p["path"] == name]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def test_fifos_and_devices_are_skipped_with_one_line_never_a_hang(seeds: Path, tmp_path: Path) -> None:
    os.mkfifo(seeds / "pipe")
    os.symlink("pipe", seeds / "y.txt")
    os.mkfifo(seeds / "direct.txt")
    (seeds / ".hidden").mkdir()
    os.mkfifo(seeds / ".hidden" / "deep.txt")
    os.symlink(".hidden/deep.txt", seeds / "z.txt")
    os.symlink("/dev/zero", seeds / "zero.txt")
    _, report = index(seeds, tmp_path)
    assert report["documents"] == 1
    for name, words in [("y.txt", "named pipe"), ("direct.txt", "named pipe"), ("z.txt", "named pipe"),
                        ("zero.txt", "outside the seeds folder")]:
        about = problems_about(report, name)
        assert len(about) == 1 and about[0]["kind"] == "file", report["problems"]
        assert words in about[0]["reason"]
    # An update (which hashes files to find the changed ones) does not hang either.
    update = search_cli("index", "--index", str(tmp_path / "ix"), "--json", home=tmp_path)
    assert json.loads(update.stdout)["counts"]["skipped_files"] == 4


def test_a_name_that_is_not_utf8_costs_that_file_only(seeds: Path, tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    (seeds / name).write_text(GOOD.replace("Zeppelin", "Marmoset"), encoding="utf-8")
    result, report = index(seeds, tmp_path)
    assert report["documents"] == 1
    [problem] = problems_about(report, "caf\\xe9.txt")
    assert problem["kind"] == "file" and "not UTF-8" in problem["reason"]
    text = search_cli("index", str(seeds), "--rebuild", "--index", str(tmp_path / "ix"), home=tmp_path)
    assert [line for line in text.stderr.splitlines() if "caf" in line] == [
        "search-cli: skipped caf\\xe9.txt: name is not UTF-8 text (its undecodable bytes are shown as \\xNN)"
        " — rename it; not indexed"]


def test_a_newline_in_a_file_name_keeps_the_message_on_one_line(seeds: Path, tmp_path: Path) -> None:
    (seeds / "two\nlines.txt").write_bytes(b"")
    (seeds / "fine\nname.txt").write_text(GOOD.replace("Zeppelin", "Marmoset"), encoding="utf-8")
    result = search_cli("index", str(seeds), "--index", str(tmp_path / "ix"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == ["search-cli: skipped two\\nlines.txt: file is empty — add text or remove it"]
    hits = [json.loads(line) for line in search_cli("query", "marmoset", "--json", "--index", str(tmp_path / "ix"),
                                                     home=tmp_path).stdout.splitlines()]
    assert [hit["path"] for hit in hits] == ["fine\nname.txt"]
    assert "\n" not in hits[0]["id"]


def test_lone_surrogates_and_deep_json_cost_one_record(seeds: Path, tmp_path: Path) -> None:
    records = [
        '{"id": "ok", "title": "Harbour opens", "body": "The harbour opened.", "lang": "en"}',
        '{"id": "bad\\ud800", "title": "Harbour id", "body": "The harbour id.", "lang": "en"}',
        '{"id": "s", "title": "Harbour source", "body": "The harbour source.", "source": "EFE\\udc80", "lang": "en"}',
        '{"id": "u", "title": "Harbour url", "body": "The harbour url.", "url": "https://x.org/\\udfff", "lang": "en"}',
        "[" * 100_000 + "]" * 100_000,
    ]
    (seeds / "feed.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    _, report = index(seeds, tmp_path)
    assert report["documents"] == 4  # good.txt, ok, s, u
    reasons = {p["reason"].split(":")[0]: (p["kind"], p["reason"]) for p in problems_about(report, "feed.jsonl")}
    assert reasons["line 2"][0] == "record" and "lone surrogate" in reasons["line 2"][1]
    assert reasons["line 3"][0] == "warning" and "'source'" in reasons["line 3"][1]
    assert reasons["line 4"][0] == "warning" and "'url'" in reasons["line 4"][1]
    assert reasons["line 5"] == ("record", "line 5: JSON nested too deeply to read — line skipped")
    query = search_cli("query", "harbour", "--json", "--index", str(tmp_path / "ix"), home=tmp_path)
    assert query.returncode == 0, query.stderr
    hits = {hit["id"]: hit for hit in map(json.loads, query.stdout.splitlines())}
    assert hits["feed.jsonl/u#en"]["url"] == "https://x.org/?"
    assert hits["feed.jsonl/s#en"]["source"] == "EFE?"
    show = search_cli("show", "feed.jsonl/u#en", "--json", "--index", str(tmp_path / "ix"), home=tmp_path)
    assert show.returncode == 0 and json.loads(show.stdout)["url"] == "https://x.org/?"


def test_a_huge_sparse_file_is_refused_by_its_size_before_it_is_read(seeds: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import search
    from search.ingest import files

    with open(seeds / "huge.txt", "wb") as handle:
        handle.truncate(10 * 2**30)  # 10 GiB, no blocks on disk
    hashed: list[str] = []
    real_hash = files.file_hash
    monkeypatch.setattr("search.indexer.file_hash", lambda path: hashed.append(path.name) or real_hash(path))
    report = search.build_index(seeds, tmp_path / "ix")
    assert hashed == ["good.txt"]
    assert [(p.path, p.reason) for p in report.skipped] == [
        ("huge.txt", "file is 10240 MiB, over the 64 MiB limit — split it into smaller files")]
    again = search.build_index(None, tmp_path / "ix")
    assert hashed == ["good.txt", "good.txt"] and again.count("file") == 1
    result = search_cli("index", "--index", str(tmp_path / "ix"), home=tmp_path)
    assert result.stderr == "search-cli: skipped huge.txt: file is 10240 MiB, over the 64 MiB limit — split it into smaller files\n"

"""One seeds folder holding every kind of bad file plus good ones, indexed through search-cli."""

from __future__ import annotations

import codecs
import json
import os
import random
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

import search
from bench.stress import cli_env, run_cli

BIG_FILE_BYTES = 50 * 1024 * 1024
ENORMOUS_LINE_BYTES = 4 * 1024 * 1024
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + bytes(200)
IS_ROOT = os.geteuid() == 0  # root reads files whatever their permissions


@dataclass
class BadSeeds:
    seeds: Path
    index: Path
    result: subprocess.CompletedProcess[str]

    def skip_lines(self) -> list[str]:
        return [line for line in self.result.stderr.splitlines()
                if line.startswith(("search-cli: skipped ", "search-cli: warning: "))]

    def lines_about(self, name: str) -> list[str]:
        return [line for line in self.skip_lines()
                if line.startswith((f"search-cli: skipped {name}: ", f"search-cli: warning: {name}: "))]


def _article(title: str, body: str) -> str:
    return f"{title}\n\n{body}\n"


def _write_big_file(path: Path) -> None:
    rng = random.Random(5)
    words = ["internationalisation", "constitutionality", "telecommunications", "responsabilidades",
             "counterrevolutionary", "institucionalizacion", "electroencephalograms"]
    with open(path, "w", encoding="utf-8") as out:
        out.write(_article("A very large behemoth report", "The behemoth begins here."))
        written = 0
        while written < BIG_FILE_BYTES:
            paragraph = " ".join(rng.choice(words) for _ in range(200)) + ".\n\n"
            out.write(paragraph)
            written += len(paragraph)


def _make_seeds(root: Path, outside: Path) -> Path:
    seeds = root / "seeds"
    (seeds / "deep" / "er" / "est").mkdir(parents=True)
    (seeds / "año nuevo").mkdir()
    (seeds / "good.txt").write_text(_article("Zeppelin over the harbour", "A zeppelin was seen."), encoding="utf-8")
    (seeds / "deep" / "er" / "est" / "nested.md").write_text(
        "# Nested marmoset story\n\nThe marmoset lives three folders down.\n", encoding="utf-8")
    (seeds / "año nuevo" / "artículo con espacios.txt").write_text(
        _article("Fiesta del quetzal", "El quetzal voló sobre la ciudad en año nuevo."), encoding="utf-8")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "blank.txt").write_text("  \n\t\n   \n", encoding="utf-8")
    (seeds / "photo.txt").write_bytes(PNG)
    (seeds / "espanol-cp1252.txt").write_bytes(_article(
        "Los murciélagos de Michoacán",
        "La situación de los murciélagos preocupa: “están en peligro”, dijo el señor Muñoz.",
    ).encode("cp1252"))
    (seeds / "bom.txt").write_bytes(codecs.BOM_UTF8 + _article("Kumquat harvest", "Kumquat prices rose.").encode())
    (seeds / "utf16.txt").write_text(_article("Tamarind trade", "Tamarind exports doubled."), encoding="utf-16")
    (seeds / "crlf.txt").write_bytes(_article("Gondola strike", "Gondola workers stopped.\n\nSecond part.")
                                     .replace("\n", "\r\n").encode())
    _write_big_file(seeds / "big.txt")
    (seeds / "oneline.txt").write_text("x" * ENORMOUS_LINE_BYTES, encoding="ascii")
    locked = seeds / "locked.txt"
    locked.write_text(_article("Wombat secrets", "The wombat file is not readable."), encoding="utf-8")
    locked.chmod(0)
    (seeds / "broken.txt").symlink_to("does-not-exist.txt")
    (seeds / "loop-a.txt").symlink_to("loop-b.txt")
    (seeds / "loop-b.txt").symlink_to("loop-a.txt")
    (seeds / "outside.txt").symlink_to(outside)
    records = [
        {"id": "okapi-1", "title": "Okapi sighting", "body": "An okapi crossed the road.", "date": "2024-03-01"},
        "{this is not json",
        {"id": "axolotl-1", "body": "An axolotl story with no title at all.", "lang": "en"},
        {"id": "capybara-1", "title": "Capybara with no body", "lang": "en"},
        {"id": "okapi-1", "title": "Okapi again", "body": "Duplicate id inside the file."},
        {"id": "pangolin-1", "title": "Pangolin", "body": "A pangolin with a strange date.", "date": "last Tuesday"},
        {"id": "nothing-1", "source": "Nowhere"},
    ]
    (seeds / "feed.jsonl").write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (seeds / "later.jsonl").write_text(json.dumps(
        {"id": "okapi-1", "title": "Okapi copy", "body": "Another file reusing the id."}) + "\n"
        + json.dumps({"id": "ibis-1", "title": "Ibis", "body": "An ibis, the only new record."}) + "\n",
        encoding="utf-8")
    return seeds


@pytest.fixture(scope="module")
def bad_seeds(tmp_path_factory: pytest.TempPathFactory) -> BadSeeds:
    root = tmp_path_factory.mktemp("bad-seeds")
    outside = root / "outside-secret.txt"
    outside.write_text(_article("Exfiltrate", "The word exfiltrate must never be indexed."), encoding="utf-8")
    seeds = _make_seeds(root, outside)
    home = root / "home"
    home.mkdir()
    index = root / "index"
    result = run_cli("index", str(seeds), "--index", str(index), "--color", "never", env=cli_env(home))
    yield BadSeeds(seeds, index, result)
    (seeds / "locked.txt").chmod(0o644)


def _hits(index: Path, text: str) -> list[str]:
    with search.open_index(index) as engine:
        return [hit.path for hit in engine.search(text, limit=50, snippets=0, facets=False).hits]


def test_the_run_succeeds_without_a_traceback(bad_seeds: BadSeeds) -> None:
    assert bad_seeds.result.returncode == 0, bad_seeds.result.stderr
    assert "Traceback" not in bad_seeds.result.stderr
    assert bad_seeds.result.stdout.startswith("built ")
    stray = [line for line in bad_seeds.result.stderr.splitlines() if line not in bad_seeds.skip_lines()]
    assert stray == [], "stderr lines that are not one-line skip notices"


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty"),
    ("blank.txt", "only whitespace"),
    ("photo.txt", "binary"),
    ("broken.txt", "broken symbolic link"),
    ("loop-a.txt", "loop"),
    ("loop-b.txt", "loop"),
    ("outside.txt", "outside the seeds folder"),
    pytest.param("locked.txt", "permission denied",
                 marks=pytest.mark.skipif(IS_ROOT, reason="root can read a file without permissions")),
])
def test_each_bad_file_gets_one_line_naming_it_and_why(bad_seeds: BadSeeds, name: str, reason: str) -> None:
    lines = bad_seeds.lines_about(name)
    assert len(lines) == 1, bad_seeds.skip_lines()
    assert reason in lines[0]


def test_jsonl_problems_are_reported_by_line_and_the_other_lines_kept(bad_seeds: BadSeeds) -> None:
    lines = bad_seeds.lines_about("feed.jsonl")
    assert len(lines) == 4, lines
    assert "line 2: not valid JSON" in lines[0]
    assert "line 5: duplicate id 'okapi-1'" in lines[1]
    assert "line 6: date 'last Tuesday'" in lines[2] and "indexed without a date" in lines[2]
    assert "line 7:" in lines[3] and "neither a title nor a body" in lines[3]
    assert bad_seeds.lines_about("later.jsonl") == []  # ids are per file: reusing one elsewhere is fine
    for word in ("okapi", "axolotl", "capybara", "pangolin", "ibis"):
        assert _hits(bad_seeds.index, word), f"the record with {word!r} was lost"
    assert sorted(_hits(bad_seeds.index, "okapi")) == ["feed.jsonl", "feed.jsonl", "later.jsonl"]


def test_files_that_decode_are_indexed_without_complaint(bad_seeds: BadSeeds) -> None:
    decoded = {"good.txt": "zeppelin", "bom.txt": "kumquat", "utf16.txt": "tamarind", "crlf.txt": "gondola",
               "big.txt": "behemoth", "deep/er/est/nested.md": "marmoset",
               "año nuevo/artículo con espacios.txt": "quetzal", "espanol-cp1252.txt": "murciélagos"}
    if IS_ROOT:
        decoded["locked.txt"] = "wombat"
    for path, word in decoded.items():
        assert bad_seeds.lines_about(path) == []
        assert _hits(bad_seeds.index, word) == [path], word


def test_cp1252_spanish_keeps_its_accents(bad_seeds: BadSeeds) -> None:
    assert _hits(bad_seeds.index, "murcielagos") == ["espanol-cp1252.txt"]
    assert _hits(bad_seeds.index, "Muñoz") == ["espanol-cp1252.txt"]
    with search.open_index(bad_seeds.index) as engine:
        hit = engine.search("Michoacán", limit=1, facets=False).hits[0]
        article = engine.article(hit.id)
    assert article.title == "Los murciélagos de Michoacán"
    assert "“están en peligro”" in article.body and "señor Muñoz" in article.body


def test_found_by_the_cli_with_and_without_accents(bad_seeds: BadSeeds, tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    for word in ("murciélagos", "murcielagos", "MICHOACAN"):
        found = run_cli("query", word, "--index", str(bad_seeds.index), "--json", env=env)
        assert found.returncode == 0, found.stderr
        assert [json.loads(line)["path"] for line in found.stdout.splitlines()] == ["espanol-cp1252.txt"]


def test_bom_and_crlf_leave_no_trace_in_the_text(bad_seeds: BadSeeds) -> None:
    with search.open_index(bad_seeds.index) as engine:
        for word in ("kumquat", "gondola"):
            article = engine.article(engine.search(word, limit=1, facets=False).hits[0].id)
            assert "\ufeff" not in article.title + article.body and "\r" not in article.title + article.body
            assert article.title in ("Kumquat harvest", "Gondola strike")


def test_the_enormous_line_is_indexed_or_skipped_with_one_line(bad_seeds: BadSeeds) -> None:
    lines = bad_seeds.lines_about("oneline.txt")
    with search.open_index(bad_seeds.index) as engine:
        paths = {hit.path for hit in engine.search("x*", limit=100, snippets=0, facets=False).hits}
    assert len(lines) == 1 or (not lines and "oneline.txt" in paths), lines


def test_the_file_behind_an_outside_link_is_not_read(bad_seeds: BadSeeds) -> None:
    assert _hits(bad_seeds.index, "exfiltrate") == []

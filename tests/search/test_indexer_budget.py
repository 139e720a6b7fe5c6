"""The build's memory budget: a two-process rebuild hands documents over in batches of bounded text,
and the index it builds is the one a single process builds; the budget is an option of search-cli index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

import search
import search.indexer as indexer
from search.backends.whoosh import build
from search.backends.whoosh import store
from search.cli import main


def write_seeds(seeds: Path, files: int = 3, per_file: int = 40) -> None:
    seeds.mkdir()
    for f in range(files):
        rows = [{"id": f"{f}-{n}", "lang": "en", "title": f"Harbour report {f} {n}",
                 "body": f"The ferry left the harbour at dawn, trip {n} of file {f}. " * 5} for n in range(per_file)]
        (seeds / f"part-{f}.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


def documents_in_order(index: Path) -> list[str]:
    ix = whoosh_index.open_dir(str(store.current_generation(index).path))
    try:
        with ix.searcher() as searcher:
            return [fields["id"] for fields in searcher.all_stored_fields()]
    finally:
        ix.close()


def test_a_two_process_rebuild_writes_batches_of_bounded_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    seeds = tmp_path / "seeds"
    write_seeds(seeds)
    batches: list[int] = []
    real = build.add_in_two_processes

    def counting(writer, ix, docs, add, limitmb):
        batches.append(sum(len(d.title) + len(d.body) for d in docs))
        real(writer, ix, docs, add, limitmb)

    monkeypatch.setattr(build, "add_in_two_processes", counting)
    monkeypatch.setattr(indexer, "_batch_chars", lambda memory_mb: 8000)

    report = search.build_index(seeds, tmp_path / "two", procs=2)
    search.build_index(seeds, tmp_path / "one", procs=1)

    assert report.documents == 120
    assert len(batches) >= 4 and max(batches) < 8000 + 400
    assert documents_in_order(tmp_path / "two") == documents_in_order(tmp_path / "one")


def test_the_memory_budget_is_an_option_of_index(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch):
    seeds = tmp_path / "seeds"
    write_seeds(seeds, files=1, per_file=5)
    pools: list[int] = []
    real_writer = build.PostingsWriter
    monkeypatch.setattr(build, "PostingsWriter", lambda ix, **kw: pools.append(kw["limitmb"]) or real_writer(ix, **kw))

    assert main(["index", str(seeds), "--index", str(tmp_path / "ix"), "--memory-mb", "64", "--quiet"]) == 0
    assert main(["index", str(seeds), "--index", str(tmp_path / "ix"), "--rebuild", "--quiet"]) == 0
    assert pools == [16, indexer.MEMORY_MB // 4]
    assert documents_in_order(tmp_path / "ix") == [f"part-0.jsonl/0-{n}#en" for n in range(5)]

    assert main(["index", str(seeds), "--index", str(tmp_path / "ix"), "--memory-mb", "10"]) == 2
    assert "--memory-mb: expected a number >= 64, got 10" in capsys.readouterr().err

    with pytest.raises(SystemExit):
        main(["index", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"memory budget of the build in MiB (default: {indexer.MEMORY_MB}" in help_text


def test_a_budget_below_the_minimum_is_refused_by_the_api(tmp_path: Path):
    seeds = tmp_path / "seeds"
    write_seeds(seeds, files=1, per_file=2)
    with pytest.raises(search.InvalidInput, match="at least 64 MiB"):
        search.build_index(seeds, tmp_path / "ix", memory_mb=8)
    assert not (tmp_path / "ix").exists()

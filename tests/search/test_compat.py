"""Whoosh's private names fenced in compat: without them ``import search`` works and the fallbacks give the same results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import search
from search.backends.whoosh import compat

QUERIES = ["border court", "frontera", "storm", '"harbour storm"', "tormenta OR puerto", "bord*"]

# Run in a fresh interpreter: Whoosh's modules stand behind proxies that lack the private names the fast
# paths import (as if a Whoosh release had renamed them); Whoosh's own code still sees its globals.
HIDE_AND_RUN = r"""
import json, sys, types
import whoosh.codec.whoosh3, whoosh.filedb.filetables, whoosh.filedb.filestore, whoosh.filedb.structfile

class Renamed(types.ModuleType):
    def __init__(self, real, hidden):
        super().__init__(real.__name__)
        self._real, self._hidden = real, hidden
    def __getattr__(self, name):
        if name in self._hidden:
            raise AttributeError(name)
        return getattr(self._real, name)

for name, hidden in (("whoosh.codec.whoosh3", {"_lenfield"}), ("whoosh.filedb.filetables", {"_lengths"}),
                     ("whoosh.filedb.structfile", {"BufferFile"})):
    sys.modules[name] = Renamed(sys.modules[name], hidden)

import search
from search.backends.whoosh import compat
seeds, index, queries = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
report = search.build_index(seeds, index, procs=2)
with search.open_index(index) as engine:
    results = [[r.total, [(h.id, h.score) for h in r.hits]] for r in map(engine.search, queries)]
print(json.dumps({"ranking": compat.RANKING, "writer": compat.WRITER, "mapped": compat.MAPPED,
                  "documents": report.documents,
                  "results": results}))
"""


def write_seeds(seeds: Path) -> None:
    seeds.mkdir()
    words = "border court election harbour storm budget frontera tribunal elecciones puerto tormenta".split()
    rows = [{"id": f"d{n}", "title": f"{words[n % 11]} {words[(n * 7) % 11]}", "lang": "es" if n % 2 else "en",
             "body": " ".join(words[(n * k) % 11] for k in range(3 + n % 17))} for n in range(120)]
    (seeds / "docs.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")


def results(index: Path) -> list:
    with search.open_index(index) as engine:
        return [[r.total, [[h.id, h.score] for h in r.hits]] for r in map(engine.search, QUERIES)]


def test_without_the_private_names_import_indexing_and_search_fall_back_to_the_same_results(tmp_path: Path):
    seeds = tmp_path / "seeds"
    write_seeds(seeds)
    search.build_index(seeds, tmp_path / "fast", procs=2)
    expected = results(tmp_path / "fast")
    env = {**os.environ, "PYTHONPATH": str(Path(search.__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", HIDE_AND_RUN, str(seeds), str(tmp_path / "plain"), json.dumps(QUERIES)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    fallback = json.loads(done.stdout)
    assert (fallback["ranking"], fallback["writer"], fallback["mapped"]) == (False, False, False)
    assert fallback["documents"] == 120
    assert all(hits for _total, hits in expected)
    assert fallback["results"] == expected


def test_the_ranking_flag_off_scores_through_whoosh_alike(seed_engine, monkeypatch):
    queries = ["asylum", "safe third country", "mexico border wall", "frontera"]
    fast = [[(h.id, h.score) for h in seed_engine.search(q).hits] for q in queries]
    monkeypatch.setattr(compat, "RANKING", False)
    slow = [[(h.id, h.score) for h in seed_engine.search(q).hits] for q in queries]
    assert all(fast) and slow == fast


@pytest.mark.xfail(strict=True, reason="Whoosh 2.7's AndMaybeMatcher leaves out the optional part's score of some "
                   "documents when it walks all of them (with a filter of one document it adds it): known wrong")
def test_whoosh_ranks_a_two_word_spanish_query_as_the_fast_path_does(tmp_path: Path, monkeypatch):
    seeds = tmp_path / "seeds"
    write_seeds(seeds)
    search.build_index(seeds, tmp_path / "ix")
    with search.open_index(tmp_path / "ix") as engine:
        fast = [(h.id, h.score) for h in engine.search("frontera elecciones").hits]
        monkeypatch.setattr(compat, "RANKING", False)
        assert [(h.id, h.score) for h in engine.search("frontera elecciones").hits] == fast

"""Fixtures for the terminal app tests: a small real index (the seeds plus a few generated articles)."""

from __future__ import annotations

import asyncio
import inspect
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import search
from corpus_data import REPO_ROOT
from tui_helpers import CountingEngine



@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (Textual's Pilot is async) in a fresh event loop, no plugin needed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True

EXTRA_ARTICLES = [
    {
        "id": "efe-frontera", "lang": "es", "source": "EFE", "date": "2017-02-03",
        "title": "Agencias: la frontera sur recibe a los deportados [EFE]",
        "body": "Ciudad de México, 3 feb [EFE]. Cientos de deportados llegaron a la frontera sur.\n\n"
                "Las autoridades migratorias dijeron que la deportación continuará. "
                "Una segunda deportación se anunció por la tarde, y otra deportación más al anochecer.",
    },
    {
        "id": "bbc-border", "lang": "en", "source": "BBC", "date": "2017-01-15",
        "url": "https://www.bbc.example/news/border-towns",
        "title": "Border towns brace for deportation flights",
        "body": "Officials in border towns said deportation flights would resume next week.\n\n"
                "Local shelters asked for more beds. Another deportation flight is planned for March.",
    },
    {
        "id": "bbc-harvest", "lang": "en", "source": "BBC", "date": "2017-03-20",
        "title": "Farmers fear a poor harvest after the drought",
        "body": "Farmers in the valley fear the worst harvest in a decade after months without rain.",
    },
    {
        "id": "abc-tariffs", "lang": "en", "source": "ABC News", "date": "2016-12-28",
        "title": "Mexico weighs its answer to new tariffs",
        "body": "Mexico's government weighed its answer to the proposed tariffs on Thursday, "
                "officials said, while exporters warned of job losses along the border.",
    },
]


@pytest.fixture(scope="session")
def seeds_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's seeds/ plus generated articles (one with "[EFE]" in its text)."""
    seeds = tmp_path_factory.mktemp("tui") / "seeds"
    shutil.copytree(REPO_ROOT / "seeds", seeds)
    with open(seeds / "extra.jsonl", "w", encoding="utf-8") as handle:
        for article in EXTRA_ARTICLES:
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")
    return seeds


@pytest.fixture(scope="session")
def index_dir(seeds_dir: Path) -> Path:
    """The shared index; tests that change an index build their own."""
    index = seeds_dir.parent / "index"
    search.build_index(seeds_dir, index, procs=1)
    return index


@pytest.fixture
def engine(index_dir: Path) -> Iterator[CountingEngine]:
    opened = search.open_index(index_dir)
    yield CountingEngine(opened)
    opened.close()


@pytest.fixture
def history_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "history"

"""The contract suite's ``backend`` fixture: every test runs once per available backend.

A backend is a function from a fresh folder to an index *location* (what ``search.build_index``
and ``search.open_index`` accept); add one to ``BACKENDS`` (skip inside it when its server is not
available) and the whole suite runs against it too. Modeled on Harlequin's ``all_adapters``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


def whoosh_location(folder: Path, request: pytest.FixtureRequest) -> str:
    return str(folder / "index")


def postgresql_location(folder: Path, request: pytest.FixtureRequest) -> str:
    """A new database on the session's PostgreSQL server (tests/pg_server.py)."""
    server = request.getfixturevalue("pg_server")
    return server.create_database("contract_" + folder.name.replace("-", "_"))


BACKENDS: dict[str, Callable[[Path, pytest.FixtureRequest], str]] = {
    "whoosh": whoosh_location, "postgresql": postgresql_location,
}


@pytest.fixture(scope="module", params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh, empty index location of one backend (a new one per test module)."""
    return BACKENDS[request.param](tmp_path_factory.mktemp(request.param), request)

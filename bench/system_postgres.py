"""news-search with its index in PostgreSQL (search/backends/postgres), measured beside the folder engine.

Runs only when ``$NEWS_SEARCH_BENCH_PG`` names a server to use (``postgresql://USER:PW@HOST:PORT/postgres``):
each bench index folder maps to a database of its own there, made anew by every build.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from bench import engine_adapter

NAME = "postgres"
LABEL = "news-search on PostgreSQL"
SERVER_ENV = "NEWS_SEARCH_BENCH_PG"


def available() -> bool:
    return bool(os.environ.get(SERVER_ENV))


def location(index_dir: Path, fresh: bool = False) -> str:
    """The database standing for ``index_dir`` on the bench server (dropped and created when ``fresh``)."""
    import psycopg

    server = os.environ[SERVER_ENV]
    name = "bench_" + hashlib.sha1(str(Path(index_dir).resolve()).encode()).hexdigest()[:12]
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if fresh or not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + "/" + name


def build(seeds_dir: Path, index_dir: Path) -> int:
    import search

    return search.build_index(seeds_dir, location(index_dir, fresh=True), rebuild=True,
                              semantic=engine_adapter.semantic()).documents


def update(index_dir: Path, seeds_dir: Path, changed: list[dict]) -> int:
    import search

    report = search.build_index(seeds_dir, location(index_dir), semantic=engine_adapter.semantic())
    return report.added + report.updated + report.removed


def open_searcher(index_dir: Path) -> engine_adapter.Searcher:
    return engine_adapter.Searcher(location(index_dir))


def index_bytes(index_dir: Path) -> int:
    """The live generation's tables and indexes."""
    import search

    with search.open_index(location(index_dir)) as engine:
        return engine.stats().size_bytes


def cold_start_argv(index_dir: Path, seeds_dir: Path, question: str) -> tuple[list[str], dict[str, str]]:
    return engine_adapter.cold_start_argv(location(index_dir), seeds_dir, question)  # type: ignore[arg-type]

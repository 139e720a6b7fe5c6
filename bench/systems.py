"""The systems compared: the engine and the two baselines, each a module with the same functions."""

from __future__ import annotations

from types import ModuleType

from bench import baseline_fts5, baseline_whoosh, engine_adapter, system_postgres

SYSTEMS: dict[str, ModuleType] = {
    module.NAME: module for module in (engine_adapter, baseline_fts5, baseline_whoosh)
}
if system_postgres.available():  # a PostgreSQL server was named for the run
    SYSTEMS[system_postgres.NAME] = system_postgres
"""name -> module with NAME, LABEL, build, update, open_searcher, cold_start_argv."""

ENGINE = engine_adapter.NAME
BASELINES = (baseline_fts5.NAME, baseline_whoosh.NAME)


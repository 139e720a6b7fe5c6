"""The terminal app over a PostgreSQL index, driven with Textual's Pilot as a user would."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tui"))  # the app tests' helpers

from tui_helpers import results_titles, search_for, settle, status_text  # noqa: E402

import search  # noqa: E402
from tui.app import create_app  # noqa: E402

from pg_corpus import write_corpus  # noqa: E402


def test_searching_a_postgresql_index(pg_location, tmp_path):
    seeds = write_corpus(tmp_path / "seeds")
    search.build_index(seeds, pg_location)

    async def run() -> None:
        app = create_app(index_dir=pg_location, history_path=tmp_path / "history")
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await search_for(pilot, "deportacion")
            titles = results_titles(app)
            assert titles[0].startswith("El equipo de Trump establece canales")
            assert all(hit.lang == "es" for hit in app.results.hits.values())
            assert status_text(app).startswith("5 hits"), status_text(app)
            first = next(iter(app.results.hits.values()))
            await settle(pilot)
            # The first hit is previewed: the article's text from the database, its matches highlighted.
            assert app.preview.article is not None and app.preview.article.id == first.id
            assert "match 1/" in str(app.preview.border_subtitle)

    asyncio.run(run())

"""Both languages of an article: the badge on the hit and in the preview, the switch key, folding into one hit."""

from __future__ import annotations

import re

from test_tui_preview import CURRENT, MATCH, folded, open_hit
from tui_helpers import option_texts, run_command, search_for, settle, visible_highlights, visible_lines
from tui.app import create_app
from tui.widgets.preview import ArticleView

BILINGUAL = "trump-mexico-el-salvador-deportations-en-es"


def meta(app) -> str:
    return str(app.preview.query_one("#preview-meta").render())


async def test_the_badge_names_the_other_language_on_the_hit_and_in_the_preview(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await search_for(pilot, "salvador")
        texts = {hit_id: text for hit_id, text in zip(app.results.hits, [t for t in option_texts(app) if t])}
        spanish = next(hit for hit in app.results.hits.values() if hit.id.startswith(BILINGUAL) and hit.lang == "es")
        assert "ES · also EN" in texts[spanish.id]
        alone = next(hit for hit in app.results.hits.values() if not hit.versions)
        assert "also" not in texts[alone.id]
        await open_hit(pilot, app, lambda hit: hit.id == spanish.id)
        assert "ES · also EN" in meta(app)


async def test_the_language_key_switches_the_preview_keeping_the_highlights(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await search_for(pilot, "salvador")
        await open_hit(pilot, app, lambda hit: hit.id.startswith(BILINGUAL) and hit.lang == "en")
        english = app.preview.article
        assert english.lang == "en"
        await pilot.press("l")
        await settle(pilot)
        spanish = app.preview.article
        assert spanish.lang == "es" and spanish.id in english.versions
        assert "ES · also EN" in meta(app)
        # The query's matches are marked in the Spanish text too.
        view = app.query_one(ArticleView)
        assert view.match_count >= 1
        shown = visible_highlights(view, CURRENT) + visible_highlights(view, MATCH)
        assert shown and all(folded(text) == "salvador" for text in shown)
        await pilot.press("f4")  # the same from anywhere: back to English
        await settle(pilot)
        assert app.preview.article.id == english.id


async def test_folding_shows_one_hit_per_article(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await search_for(pilot, "salvador")
        unfolded = list(app.results.hits)
        assert sum(hit_id.startswith(BILINGUAL) for hit_id in unfolded) == 2
        await run_command(pilot, "Fold language versions")
        folded_ids = list(app.results.hits)
        assert [hit_id for hit_id in folded_ids if hit_id.startswith(BILINGUAL)] == [
            next(hit_id for hit_id in unfolded if hit_id.startswith(BILINGUAL))  # the best-ranked version stays
        ]
        assert len(folded_ids) == len(unfolded) - 1
        await run_command(pilot, "Fold language versions")
        assert list(app.results.hits) == unfolded


async def test_the_score_is_hidden_until_asked_for(engine, history_path):
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await search_for(pilot, "salvador")
        assert not any("score" in text for text in option_texts(app))
        await run_command(pilot, "Show scores")
        assert any("score" in text for text in option_texts(app))


async def test_the_score_and_the_facts_stay_on_the_line_of_the_badge_in_a_narrow_list(engine, history_path):
    # At 80 columns "EN  ABC News · 2016-12-28 · score 4.86" is wider than the list: the score used to wrap
    # onto a line of its own.
    app = create_app(engine=engine, history_path=history_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await search_for(pilot, "tariffs")
        await run_command(pilot, "Show scores")
        await settle(pilot)
        lines = visible_lines(app.results)
        scored = [line for line in lines if re.search(r"score\s\d+\.\d\d", line)]
        assert len(scored) == 1, lines  # "score" and its figure on one line...
        assert scored[0].split()[:2] == ["EN", "score"], lines  # ...beside the badge...
        assert scored[0].endswith("· AB… · 2016-12-28"), lines  # ...the source cut to keep the date there
        await pilot.resize_terminal(160, 35)  # room for the whole source
        await settle(pilot)
        assert any(line.endswith("· ABC News · 2016-12-28") for line in visible_lines(app.results))

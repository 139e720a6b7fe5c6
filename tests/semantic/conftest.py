"""Fixtures for the cross-language tests: small bilingual articles written for them."""

from __future__ import annotations

from pathlib import Path

import pytest

ENGLISH = """Harvest festival opens in the valley

The valley's harvest festival opened on Saturday with music, apple pies and a parade of tractors
decorated with flowers. Farmers said the dry summer had left them with a smaller crop than usual.

Local bakers sold more than two thousand loaves before noon, and the organisers promised a bigger
market next year, with stalls for cheese makers from the neighbouring towns and a children's fair.
"""

SPANISH = """El tiempo en la costa

Las lluvias de la semana pasada dejaron calles inundadas en varios barrios de la costa, y los
comerciantes del mercado central pidieron ayuda al ayuntamiento para limpiar sus locales dañados.

El gobierno anunció nuevas deportaciones de migrantes indocumentados hacia sus países de origen.
Los vuelos de expulsión saldrán cada semana desde la capital, y las organizaciones humanitarias
denunciaron que muchas familias serán separadas durante las repatriaciones forzosas.
"""


@pytest.fixture
def bilingual_seeds(tmp_path: Path) -> Path:
    """An English article about a festival and a Spanish one whose second paragraph is about
    deportations, in words the English query 'deportation' does not share."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "festival.txt").write_text(ENGLISH, encoding="utf-8")
    (seeds / "costa.txt").write_text(SPANISH, encoding="utf-8")
    return seeds


@pytest.fixture
def no_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Searches as on a machine without Apertium: the passage vectors alone cross languages."""
    from search.semantic import translate

    monkeypatch.setattr(translate, "MODE_DIRS", ())
    monkeypatch.setattr(translate, "_pipelines", {})

"""Saved web pages: the article's text, headline, date, source and language, without menus, ads, comments."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ingest_helpers import read_one

PAGE = """<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<title>Ayuda humanitaria para Gaza, pide la ONU | Diario Ejemplo</title>
<meta property="og:title" content="Ayuda humanitaria para Gaza, pide la ONU">
<meta property="og:site_name" content="Diario Ejemplo">
<meta property="article:published_time" content="2025-01-13T09:30:00-06:00">
<link rel="canonical" href="https://diario.example/gaza-onu">
</head>
<body>
<nav><ul><li><a href="/">Inicio</a></li><li><a href="/mundo">Mundo</a></li><li><a href="/deportes">Deportes</a></li></ul></nav>
<div class="ad">Publicidad: compre ahora zapatillas baratas</div>
<article>
<h1>Ayuda humanitaria para Gaza, pide la ONU</h1>
<p>La Organización de las Naciones Unidas pidió este lunes que se permita la entrada de ayuda humanitaria a la
Franja de Gaza, donde miles de familias esperan alimentos y medicinas desde hace semanas.</p>
<p>El portavoz del organismo dijo en una entrevista con EFE que los camiones esperan en la frontera y que cada
día de retraso cuesta vidas entre la población civil.</p>
<p>Las agencias humanitarias calculan que más de un millón de personas dependen de la ayuda para sobrevivir.</p>
</article>
<section class="comments"><h3>Comentarios</h3><p>Pepe: qué vergüenza todo esto, zapatillas.</p></section>
<footer>© 2025 Diario Ejemplo. Todos los derechos reservados.</footer>
</body></html>
"""


def test_a_saved_page_gives_its_article_and_its_details(tmp_path):
    documents, problems = read_one(tmp_path, "saved/gaza.html", PAGE)
    assert problems == []
    (document,) = documents
    assert (document.id, document.title, document.date, document.source, document.url, document.lang) == (
        "saved/gaza.html#es", "Ayuda humanitaria para Gaza, pide la ONU", "2025-01-13", "Diario Ejemplo",
        "https://diario.example/gaza-onu", "es")
    assert document.body.startswith("La Organización de las Naciones Unidas pidió este lunes")
    assert "sobrevivir" in document.body
    for furniture in ("Inicio", "Deportes", "zapatillas", "Comentarios", "derechos reservados"):
        assert furniture not in document.body, furniture


def test_a_page_without_article_text_is_skipped_with_a_reason(tmp_path):
    import pytest

    from search.errors import SeedFileError

    with pytest.raises(SeedFileError, match="no (article|story) text"):
        read_one(tmp_path, "menu.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_search_cli_indexes_saved_pages(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "gaza.htm").write_text(PAGE, encoding="utf-8")
    command = Path(sys.executable).with_name("search-cli")
    run = [str(command)] if command.is_file() else [sys.executable, "-m", "search.cli"]
    env = {"PATH": "/usr/bin:/bin", "NEWS_SEARCH_INDEX": str(tmp_path / "ix"), "PYTHONIOENCODING": "utf-8"}
    built = subprocess.run([*run, "index", str(seeds)], env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0 and "1 added" in built.stdout, built.stderr
    found = subprocess.run([*run, "query", "efe", "--json"], env=env, capture_output=True, text=True, timeout=300)
    [hit] = [json.loads(line) for line in found.stdout.splitlines()]
    assert (hit["title"], hit["source"], hit["date"], hit["lang"]) == (
        "Ayuda humanitaria para Gaza, pide la ONU", "Diario Ejemplo", "2025-01-13", "es")
    nothing = subprocess.run([*run, "query", "zapatillas"], env=env, capture_output=True, text=True, timeout=300)
    assert nothing.returncode == 1

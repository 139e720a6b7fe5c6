"""Markdown articles: front matter, a heading as the title, Markdown marks kept out of the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import SEED_000, read_one

ENGLISH = ("The Mexican government declined to comment, while El Salvador’s government didn’t immediately "
           "respond to a request for comment.")
SPANISH = ("El gobierno mexicano declinó comentar, mientras que el gobierno de El Salvador no respondió de "
           "inmediato a una solicitud de comentarios.")


def test_front_matter_fields_are_used(tmp_path):
    documents, problems = read_one(tmp_path, "notes/deportations.md", f"""---
title: "Trump team reaches out to Mexico"
date: January 13, 2025
source: 'Bloomberg Línea'
url: https://example.org/a   # the original
lang: english
---

{ENGLISH}
""")
    assert problems == []
    (document,) = documents
    assert (document.title, document.date, document.source, document.url, document.lang) == (
        "Trump team reaches out to Mexico", "2025-01-13", "Bloomberg Línea", "https://example.org/a", "en")
    assert (document.id, document.path, document.body) == ("notes/deportations.md#en", "notes/deportations.md", ENGLISH)


def test_first_heading_is_the_title_and_marks_are_removed(tmp_path):
    documents, _ = read_one(tmp_path, "a.md", f"""# Deportaciones: el plan de **Trump**

![Migrantes en Tapachula](img/tapachula.jpg)

{SPANISH}

## Qué sigue

Lee el [comunicado oficial](https://example.org) del **gobierno** de México.
""")
    (document,) = documents
    assert document.title == "Deportaciones: el plan de Trump"
    assert document.lang == "es"
    assert document.body.split("\n\n") == [SPANISH, "Qué sigue", "Lee el comunicado oficial del gobierno de México."]


def test_front_matter_title_wins_and_a_repeated_heading_is_dropped(tmp_path):
    documents, _ = read_one(tmp_path, "b.md", f"---\ntitle: Talks resume\n---\n# Talks resume\n\n{ENGLISH}\n")
    assert (documents[0].title, documents[0].body) == ("Talks resume", ENGLISH)


@pytest.mark.parametrize(("given", "lang"), [("es", "es"), ("español", "es"), ("Spanish", "es"), ("en", "en")])
def test_front_matter_lang_is_taken_as_given(tmp_path, given, lang):
    documents, problems = read_one(tmp_path, "c.md", f"---\nlang: {given}\n---\n{ENGLISH}\n")
    assert [d.lang for d in documents] == [lang]
    assert problems == []


def test_bad_front_matter_values_are_reported(tmp_path):
    documents, problems = read_one(tmp_path, "d.md", f"---\nlang: français\ndate: someday\n---\n{SPANISH}\n")
    assert documents[0].lang == "es" and documents[0].date is None
    assert [p.reason for p in problems] == [
        "front matter lang 'français' is not en or es — language detected instead",
        "front matter date 'someday' is not a date (YYYY-MM-DD) — indexed without a date",
    ]


def test_bilingual_markdown_without_lang_splits_like_text(tmp_path, seeds_dir: Path):
    text = (seeds_dir / SEED_000).read_text(encoding="utf-8")
    front_matter = "---\ntitle: Trump’s team reaches out to Mexico and El Salvador\n---\n"
    documents, _ = read_one(tmp_path, "both.md", front_matter + text)
    assert [d.lang for d in documents] == ["en", "es"]
    assert documents[0].title == "Trump’s team reaches out to Mexico and El Salvador"
    assert documents[1].title.startswith("El equipo de Trump establece canales")


def test_a_leading_rule_without_fields_is_not_front_matter(tmp_path):
    documents, _ = read_one(tmp_path, "e.md", f"---\n{ENGLISH}\n\n---\n\n{ENGLISH}\n")
    assert documents[0].body == f"{ENGLISH}\n\n{ENGLISH}"


HUGO = f"""---
title: "Trump's team: talks with Mexico"
date: 2024-12-04T09:30:00-06:00
tags:
  - migration
  - "El Salvador"
params:
  author: Ana Ruiz
source: Bloomberg
lang: en
---

{ENGLISH}
"""


@pytest.mark.parametrize(("written", "iso"), [
    ("2024-12-04T09:30:00-06:00", "2024-12-04"),
    ("2024-12-04T23:30:00-06:00", "2024-12-04"),  # the date as written, not moved to UTC
    ("2024-12-04 09:30:00 -0600", "2024-12-04"),
    ("'2024-12-04'", "2024-12-04"),
])
def test_jekyll_and_hugo_timestamps_give_the_date_as_written(tmp_path, written, iso):
    documents, problems = read_one(tmp_path, "t.md", f"---\ntitle: Talks\ndate: {written}\n---\n{ENGLISH}\n")
    assert (documents[0].date, problems) == (iso, [])


def test_hugo_front_matter_with_lists_and_nested_keys(tmp_path):
    documents, problems = read_one(tmp_path, "hugo.md", HUGO)
    assert problems == []
    assert (documents[0].title, documents[0].date, documents[0].source, documents[0].body) == (
        "Trump's team: talks with Mexico", "2024-12-04", "Bloomberg", ENGLISH)


def test_toml_front_matter(tmp_path):
    documents, problems = read_one(tmp_path, "toml.md", f"""+++
title = "Conversaciones con México"
date = 2024-12-04T09:30:00-06:00
tags = ["migración"]
[params]
source = "not this one"
+++

{SPANISH}
""")
    assert problems == []
    assert (documents[0].title, documents[0].date, documents[0].lang, documents[0].body) == (
        "Conversaciones con México", "2024-12-04", "es", SPANISH)


@pytest.mark.parametrize(("front", "kind"), [
    ("---\ntitle: [unclosed\ndate: 2024-12-04\n---\n", "YAML"),
    ('+++\ntitle = "unclosed\n+++\n', "TOML"),
])
def test_front_matter_that_cannot_be_parsed_is_reported_and_the_body_still_indexed(tmp_path, front, kind):
    documents, problems = read_one(tmp_path, "broken.md", f"{front}\n{ENGLISH}\n")
    assert documents[0].body == ENGLISH and "unclosed" not in documents[0].title
    [problem] = problems
    assert problem.kind == "warning"
    assert problem.reason.startswith(f"front matter is not valid {kind} (")
    assert problem.reason.endswith("— the text was indexed without it")

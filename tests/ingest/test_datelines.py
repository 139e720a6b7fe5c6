"""Dates of plain-text articles: a date line or dateline near the top, never a caption or the story."""

from __future__ import annotations

import pytest
from ingest_helpers import read_one

HEADLINE = "Border talks resume in Tijuana"
LEAD = "Officials from Mexico and the United States met on Monday to discuss the new asylum rules at the border."
STORY = "The talks will continue next week in Mexico City, where both delegations hope to sign an agreement."


@pytest.mark.parametrize(("line", "iso"), [
    ("January 13, 2025", "2025-01-13"),
    ("13 de enero de 2025", "2025-01-13"),
    ("Published 2025-01-13", "2025-01-13"),
    ("Updated: Jan. 13, 2025 10:32 a.m. ET", "2025-01-13"),
    ("Publicado el lunes 13 de enero de 2025", "2025-01-13"),
    ("Actualizado: 13/01/2025 - 10:30 h", "2025-01-13"),
    ("By Ana Ruiz | January 13, 2025", "2025-01-13"),
])
def test_a_date_line_under_the_headline_dates_the_article_and_leaves_the_text(tmp_path, line, iso):
    documents, _ = read_one(tmp_path, "a.txt", "\n\n".join([HEADLINE, line, LEAD, STORY]))
    assert (documents[0].date, documents[0].title, documents[0].body) == (iso, HEADLINE, f"{LEAD}\n\n{STORY}")


def test_a_date_line_above_the_headline_leaves_the_headline_the_title(tmp_path):
    documents, _ = read_one(tmp_path, "a.txt", "\n".join(["13 de enero de 2025", HEADLINE, LEAD, STORY]))
    assert (documents[0].date, documents[0].title) == ("2025-01-13", HEADLINE)


def test_the_publication_date_wins_over_the_update(tmp_path):
    text = "\n\n".join([HEADLINE, "Updated January 14, 2025", "Published January 12, 2025", LEAD, STORY])
    assert read_one(tmp_path, "a.txt", text)[0][0].date == "2025-01-12"


def test_a_dateline_opening_the_lead_dates_it_and_stays_in_the_text(tmp_path):
    lead = f"WASHINGTON, Jan. 13, 2025 — {LEAD}"
    documents, _ = read_one(tmp_path, "a.txt", "\n\n".join([HEADLINE, lead, STORY]))
    assert documents[0].date == "2025-01-13" and documents[0].body.startswith(lead)


@pytest.mark.parametrize("paragraphs", [
    # a caption's date
    [HEADLINE, LEAD, "Migrants wait outside the office in Tapachula, Mexico, on January 13, 2025.",
     "Alfredo Estrella / AFP via Getty Images", STORY],
    # a date in the story, and a date line too far down
    [HEADLINE, LEAD, "The deal was signed on January 13, 2025, in Mexico City.", STORY, STORY,
     "January 20, 2025"],
])
def test_no_date_from_a_caption_or_the_middle_of_the_story(tmp_path, paragraphs):
    assert read_one(tmp_path, "a.txt", "\n\n".join(paragraphs))[0][0].date is None


def test_the_bundled_seeds_state_no_date_of_their_own(seeds_dir):
    # Their only full dates are in photo captions ("... Mexico, on January 13, 2025."), which do not
    # date the article: both stay undated.
    from search.ingest import read_seed_file, scan_seeds

    files, _ = scan_seeds(seeds_dir)
    assert len(files) == 2
    assert [d.date for path in files for d in read_seed_file(path, seeds_dir)[0]] == [None, None, None]

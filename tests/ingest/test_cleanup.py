"""What is left out of an article's text, and what must stay in it."""

from __future__ import annotations

import pytest
from ingest_helpers import read_one

LEAD = "Officials from Mexico and the United States met on Monday to discuss the new asylum rules at the border."
STORY = "The talks will continue next week in Mexico City, where both delegations hope to sign an agreement."


def body_of(tmp_path, *paragraphs: str) -> list[str]:
    documents, _ = read_one(tmp_path, "article.txt", "\n\n".join(["Border talks resume", LEAD, *paragraphs, STORY]))
    assert documents[0].title == "Border talks resume"
    return documents[0].body.split("\n\n")


@pytest.mark.parametrize("credit", [
    "Alfredo Estrella / AFP via Getty Images",
    "Carlos Moreno/Nurphoto via Getty Images",
    "(Photo by John Moore/Getty Images)",
    "Getty Images",
    "Reuters",
    "AP Photo/Eduardo Verdugo",
    "Photo: Marco Ugarte",
    "Foto: Cuartoscuro",
])
def test_credit_and_its_caption_are_left_out(tmp_path, credit):
    caption = "A family waits at the crossing in Tijuana, Mexico, January 20, 2025."
    assert body_of(tmp_path, caption, credit) == [LEAD, STORY]


@pytest.mark.parametrize("furniture", [
    "Leave a Comment", "Share this article", "Advertisement", "Read more", "Subscribe", "PUBLICIDAD",
    "Lee también: Sheinbaum responde a Trump", "Read more: Trump's deportation plan", "© 2025 Example News",
])
def test_page_furniture_is_left_out(tmp_path, furniture):
    assert body_of(tmp_path, furniture) == [LEAD, STORY]


def test_image_slug_and_the_dated_caption_after_it_are_left_out(tmp_path):
    caption = ("Migrants wait outside the regional office of the National Migration Institute in Tapachula, "
               "on January 13, 2025.")
    assert body_of(tmp_path, "Mexico-us-migration", caption) == [LEAD, STORY]
    assert body_of(tmp_path, "IMG_2041.jpg") == [LEAD, STORY]


def test_story_after_an_image_slug_stays(tmp_path):
    assert body_of(tmp_path, "Mexico-us-migration") == [LEAD, STORY]


@pytest.mark.parametrize("kept", [
    "Reuters reported on Monday that the talks had stalled over the question of deportation flights.",
    "Trump shuts down CBP One asylum app",
    "“We’re already talking,” he said, adding that a plan would be in place within weeks.",
    "Share prices in Mexico fell after the announcement, and the peso lost two percent against the dollar.",
])
def test_story_text_that_resembles_furniture_stays(tmp_path, kept):
    assert body_of(tmp_path, kept) == [LEAD, kept, STORY]


def test_a_quoted_paragraph_before_a_credit_is_not_taken_for_a_caption(tmp_path):
    quote = "“They’ll take them back,” he said."
    assert body_of(tmp_path, quote, "Photo: Reuters") == [LEAD, quote, STORY]


@pytest.mark.parametrize("kept", [
    "Reuters/Ipsos poll shows 40% approve.",
    "What the AFP investigation found about the deportation flights to El Salvador",
])
def test_sentences_and_subheadings_naming_an_agency_stay(tmp_path, kept):
    assert body_of(tmp_path, kept) == [LEAD, kept, STORY]


@pytest.mark.parametrize("headline", [
    "Reuters Journalist Detained in Caracas",
    "AFP Photographer Killed in Gaza Strike",
    "Ayuda humanitaria para Gaza, pide la ONU en entrevista con EFE",
])
def test_a_headline_naming_an_agency_stays_the_title(tmp_path, headline):
    documents, _ = read_one(tmp_path, "agency.txt", "\n\n".join([headline, LEAD, STORY]))
    assert documents[0].title == headline
    assert documents[0].body.split("\n\n") == [LEAD, STORY]

"""Plain-text articles: the real seeds, language versions, headlines, captions and furniture."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import SEED_000, SEED_001, read_one

from search.ingest import read_seed_file

SPANISH_HEADLINE = "El equipo de Trump establece canales de comunicación con México y El Salvador sobre deportaciones"


def seed_lines(seeds_dir: Path, name: str) -> list[str]:
    return [line for line in (seeds_dir / name).read_text(encoding="utf-8").split("\n") if line.strip()]


@pytest.fixture(scope="module")
def bilingual(seeds_dir: Path):
    return read_seed_file(seeds_dir / SEED_000, seeds_dir)


@pytest.fixture(scope="module")
def english(seeds_dir: Path):
    return read_seed_file(seeds_dir / SEED_001, seeds_dir)


def test_bilingual_seed_becomes_an_english_and_a_spanish_version(bilingual):
    documents, problems = bilingual
    assert problems == []
    assert [d.lang for d in documents] == ["en", "es"]
    assert [d.id for d in documents] == [f"{SEED_000}#en", f"{SEED_000}#es"]
    assert {d.group for d in documents} == {SEED_000}
    assert all(d.path == SEED_000 and d.source is None and d.date is None and d.url is None for d in documents)


def test_bilingual_seed_spanish_title_is_its_headline(bilingual):
    spanish = bilingual[0][1]
    assert spanish.title == SPANISH_HEADLINE
    assert spanish.body.startswith("El equipo de transición del presidente electo Donald Trump")
    assert SPANISH_HEADLINE not in spanish.body


def test_bilingual_seed_english_title_comes_from_its_first_sentence(bilingual, seeds_dir):
    english_version = bilingual[0][0]
    first_line = seed_lines(seeds_dir, SEED_000)[0]
    assert english_version.title.endswith("…")
    assert first_line.startswith(english_version.title.removesuffix("…"))
    assert 60 <= len(english_version.title) <= 101
    assert english_version.body.startswith(first_line)


def test_bilingual_seed_halves_hold_every_line_of_their_language(bilingual, seeds_dir):
    english_version, spanish = bilingual[0]
    lines = seed_lines(seeds_dir, SEED_000)
    split = lines.index(SPANISH_HEADLINE)
    assert english_version.body.split("\n\n") == lines[:split]
    assert spanish.body.split("\n\n") == lines[split + 1:]
    assert "deportación" in spanish.body and "México" in spanish.body
    assert "México" not in english_version.body


def test_english_seed_title_is_its_headline(english, seeds_dir):
    (document,), problems = english
    assert problems == []
    assert document.lang == "en"
    assert document.title == seed_lines(seeds_dir, SEED_001)[0]
    assert document.title == "Trump Eyes Asylum Contract with El Salvador to deport migrants there Blogging Sole"
    assert document.body.startswith("Washington – The Trump administration")


def test_english_seed_body_has_no_captions_credits_slugs_or_furniture(english):
    body = english[0][0].body
    for left_out in ("Getty Images", "Leave a Comment", "Mexico-us-migration", "Blogging Sole",
                     "Migrants wait outside the regional office", "An asylum seeker from El Salvador, Silvia Martinez"):
        assert left_out not in body


def test_english_seed_keeps_its_subheading_and_story(english):
    paragraphs = english[0][0].body.split("\n\n")
    assert "Trump shuts down CBP One asylum app" in paragraphs
    assert paragraphs[-1].startswith("Currently, the United States has a secure third country agreement.")
    assert "“third country safe”" in english[0][0].body  # quotes kept as written


def test_stray_quote_in_the_other_language_does_not_split_an_article(tmp_path, seeds_dir):
    english_paragraphs = seed_lines(seeds_dir, SEED_001)[2:12:2]
    spanish_quote = "“Ya estamos hablando”, dijo."
    text = "\n\n".join(english_paragraphs[:3] + [spanish_quote] + english_paragraphs[3:] + [spanish_quote])
    documents, _ = read_one(tmp_path, "quote.txt", text)
    assert [d.lang for d in documents] == ["en"]
    assert spanish_quote in documents[0].body


def test_spanish_only_article_is_one_spanish_document(tmp_path, seeds_dir):
    lines = seed_lines(seeds_dir, SEED_000)
    spanish = lines[lines.index(SPANISH_HEADLINE):]
    documents, _ = read_one(tmp_path, "solo.txt", "\n".join(spanish))
    assert [(d.lang, d.title, d.id) for d in documents] == [("es", SPANISH_HEADLINE, "solo.txt#es")]


def test_spanish_then_english_also_splits(tmp_path, seeds_dir):
    lines = seed_lines(seeds_dir, SEED_000)
    split = lines.index(SPANISH_HEADLINE)
    english_headline = "Trump team reaches out to Mexico and El Salvador on deportations"
    text = "\n".join(lines[split:] + [english_headline] + lines[:split])
    documents, _ = read_one(tmp_path, "es-en.txt", text)
    assert [d.lang for d in documents] == ["es", "en"]
    assert documents[1].title == english_headline


def test_lines_are_paragraphs_without_blank_lines_and_blocks_with_them(tmp_path):
    text = "First paragraph of the story is here.\nSecond paragraph follows it.\n"
    per_line, _ = read_one(tmp_path, "lines.txt", text)
    assert per_line[0].body == "First paragraph of the story is here.\n\nSecond paragraph follows it."
    wrapped = ("The administration is developing an asylum agreement with the government\n"
               "of El Salvador, two sources familiar with the matter said.\n\nA second paragraph.")
    blocks, _ = read_one(tmp_path, "wrapped.txt", wrapped)
    assert blocks[0].body.split("\n\n") == [
        "The administration is developing an asylum agreement with the government of El Salvador, "
        "two sources familiar with the matter said.",
        "A second paragraph.",
    ]


def test_crlf_text_reads_like_lf_text(tmp_path, seeds_dir):
    text = (seeds_dir / SEED_001).read_text(encoding="utf-8")
    from_crlf, _ = read_one(tmp_path, "crlf.txt", text.replace("\n", "\r\n"))
    from_lf, _ = read_one(tmp_path, "lf.txt", text)
    assert (from_crlf[0].title, from_crlf[0].body) == (from_lf[0].title, from_lf[0].body)
    assert "\r" not in from_crlf[0].body


def test_headline_needs_more_text_after_it(tmp_path):
    documents, _ = read_one(tmp_path, "one.txt", "Trump shuts down CBP One asylum app\n")
    assert documents[0].title == documents[0].body == "Trump shuts down CBP One asylum app"


def test_sentence_first_line_is_not_a_headline(tmp_path):
    text = "The White House said Mr. Trump and Bukele spoke by phone.\n\nThey discussed gangs."
    documents, _ = read_one(tmp_path, "s.txt", text)
    assert documents[0].title == "The White House said Mr. Trump and Bukele spoke by phone"
    assert documents[0].body.startswith("The White House said")


def test_credit_lines_and_the_caption_before_them_are_left_out(tmp_path):
    text = "\n\n".join([
        "Border talks resume",
        "Officials from both countries met on Monday to discuss the new rules for asylum seekers at the border.",
        "A family waits at the crossing in Tijuana, Mexico, on Jan. 20, 2025.",
        "John Moore / Getty Images",
        "The talks will continue next week, a spokesperson said.",
        "Photo: Reuters",
        "Share this article",
        "Advertisement",
    ])
    documents, _ = read_one(tmp_path, "credits.txt", text)
    assert documents[0].title == "Border talks resume"
    assert documents[0].body.split("\n\n") == [
        "Officials from both countries met on Monday to discuss the new rules for asylum seekers at the border.",
        "The talks will continue next week, a spokesperson said.",
    ]


def test_only_furniture_is_an_error(tmp_path):
    from search.errors import SeedFileError

    with pytest.raises(SeedFileError, match="no story text"):
        read_one(tmp_path, "furniture.txt", "Leave a Comment\n\nAdvertisement\n\nGetty Images\n")


def test_enormous_line_without_spaces_is_read(tmp_path):
    documents, _ = read_one(tmp_path, "huge.txt", "Título\n\n" + "ab.-_/" * 600_000)
    assert documents[0].title == "Título"
    assert len(documents[0].body) == 3_600_000
    lone, _ = read_one(tmp_path, "lone.txt", "x" * 3_000_000)
    assert lone[0].title == "x" * 100 + "…"


ENGLISH_THEN_SUMMARY = [
    "Trump team reaches out to Mexico on deportations",
    "President-elect Donald Trump's transition team has reached out to the governments of Mexico and El Salvador "
    "through back channels about taking in some of the millions of undocumented migrants set to be expelled under "
    "his mass deportation plan, people familiar with the matter said.",
    "While Trump has discussed migration issues broadly with the two countries' leaders, his team and informal "
    "advisers have had more detailed discussions, in some cases via businesspeople as intermediaries, about taking "
    "back migrants, said the people, who asked not to be identified.",
    "The conversations are meant to address a problem Trump faces with his deportation push: in order to expel many "
    "of the estimated 11 million undocumented immigrants in the US, he needs other countries to take them in.",
    "Tom Homan, Trump's border czar, is also involved but focused more on domestic enforcement, they said.",
    "Marco Rubio and Christopher Landau are expected to lead the talks after the inauguration",
    "El equipo de Trump contactó a los gobiernos de México y El Salvador para que reciban a migrantes deportados, "
    "según personas familiarizadas con el asunto.",
    "Las conversaciones buscan acuerdos amplios antes de la investidura del 20 de enero.",
]


def test_an_english_article_then_a_short_spanish_summary_splits_where_the_spanish_begins(tmp_path):
    documents, _ = read_one(tmp_path, "summary.txt", "\n\n".join(ENGLISH_THEN_SUMMARY))
    english, spanish = documents
    assert english.lang == "en" and english.body.endswith(ENGLISH_THEN_SUMMARY[5])
    assert spanish.lang == "es" and spanish.title.startswith("El equipo de Trump contactó")
    assert spanish.body.split("\n\n") == ENGLISH_THEN_SUMMARY[6:]


WRAPPED_PARAGRAPHS = [
    "Officials from Mexico and the United States met on Monday to discuss the new asylum rules at the "
    "border, and agreed to meet again.",
    "The talks will continue next week in Mexico City, where both delegations hope to sign an agreement "
    "on deportation flights before the inauguration.",
    "A spokesman for the Mexican foreign ministry said the government would not accept migrants from "
    "other countries without guarantees.",
]


def test_hard_wrapped_text_is_rejoined_into_paragraphs(tmp_path):
    import textwrap

    wrapped = "\n".join(["Border talks resume in Tijuana", *(textwrap.fill(p, 70) for p in WRAPPED_PARAGRAPHS)])
    assert len(wrapped.split("\n")) > 7
    (document,) = read_one(tmp_path, "wire.txt", wrapped)[0]
    assert document.title == "Border talks resume in Tijuana"
    assert document.body.split("\n\n") == WRAPPED_PARAGRAPHS


def test_one_paragraph_per_line_is_not_taken_for_wrapping(tmp_path):
    lines = ["Border talks resume in Tijuana", *WRAPPED_PARAGRAPHS, *WRAPPED_PARAGRAPHS]
    (document,) = read_one(tmp_path, "lines.txt", "\n".join(lines))[0]
    assert document.body.split("\n\n") == lines[1:]

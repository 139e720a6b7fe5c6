"""Passages of an article and the one closest in meaning to a query."""

from __future__ import annotations

from search.semantic import match
from search.semantic.passages import most_similar, passages

BODY = ("El consejero regional visitó el lunes varios pueblos de la provincia de Valladolid, donde se reunió "
        "con alcaldes y vecinos para hablar de carreteras, de escuelas rurales y del nuevo centro de salud.\n\n"
        "Los agricultores recogieron este verano la mayor cosecha de trigo de su historia.\n\n"
        "El equipo de fútbol de la ciudad ganó el partido del domingo por tres goles a uno.")


def test_passages_are_the_paragraphs_with_their_offsets():
    found = passages(BODY)
    assert [text for _start, text in found] == BODY.split("\n\n")
    for start, text in found:
        assert BODY[start: start + len(text)] == text


def test_a_long_paragraph_is_cut_at_sentence_ends():
    paragraph = "La primera frase es corta. La segunda frase es algo más larga que la primera. La tercera cierra."
    found = passages(paragraph, chars=60)
    assert [text for _start, text in found] == ["La primera frase es corta.",
                                                 "La segunda frase es algo más larga que la primera.",
                                                 "La tercera cierra."]


def test_a_text_without_breaks_is_cut_at_words_and_the_count_is_bounded():
    text = " ".join(["palabra"] * 400)
    found = passages(text, chars=100, limit=5)
    assert len(found) == 5 and all(len(p) <= 100 and not p.endswith("palabr") for _s, p in found)
    assert passages("") == [] and passages("   ") == []


def test_the_snippet_is_the_passage_closest_to_the_query():
    snippet = most_similar(BODY, match.query_vector("record wheat harvest"))
    assert snippet.text.startswith("Los agricultores") and snippet.spans == []
    assert BODY[snippet.start:].startswith(snippet.text)
    assert most_similar(BODY, match.query_vector("football match goals")).text.startswith("El equipo de fútbol")


def test_a_piece_takes_as_many_whole_sentences_as_fit():
    paragraph = "Uno. Dos dos dos dos. Tres tres tres tres. Cuatro cuatro cuatro cuatro cuatro cuatro."
    found = passages(paragraph, chars=50)
    assert [text for _start, text in found] == ["Uno. Dos dos dos dos. Tres tres tres tres.",
                                                 "Cuatro cuatro cuatro cuatro cuatro cuatro."]

"""Articles cut into the passages that are embedded."""

from __future__ import annotations

from search.semantic.passages import MAX_CHARS, MIN_CHARS, embedding_text, passages, text_key


def test_paragraphs_are_passages_and_their_spans_point_into_the_body() -> None:
    first, second = "A" * 200 + " end.", "Second paragraph " * 12
    body = f"{first}\n\n{second.strip()}"
    spans = passages(body)
    assert [body[a:b] for a, b in spans] == [first, second.strip()]


def test_a_short_paragraph_joins_the_next_and_a_short_tail_the_one_before() -> None:
    dateline, story, tail = "MADRID, 3 May.", "x " * 100, "Photo: EFE."
    body = f"{dateline}\n\n{story.strip()}\n\n{tail}"
    spans = passages(body)
    assert spans == [(0, len(body))]
    assert all(b - a >= MIN_CHARS for a, b in spans)


def test_a_long_paragraph_is_split_at_sentence_ends() -> None:
    sentence = "This sentence is about the harvest and nothing else at all. "
    body = (sentence * 60).strip()
    spans = passages(body)
    assert len(spans) > 1
    assert all(b - a <= MAX_CHARS for a, b in spans)
    assert all(body[b - 1] == "." for _a, b in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(body)


def test_the_title_heads_the_first_embedded_passage_only_and_the_key_is_that_text() -> None:
    body = "x" * 300 + "\n\n" + "y" * 300
    first = embedding_text("Title", body, (0, 300), first=True)
    assert first == "Title\n" + "x" * 300
    assert embedding_text("Title", body, (302, 602), first=False) == "y" * 300
    assert text_key(first) != text_key("x" * 300)

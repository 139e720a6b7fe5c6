"""Apertium query translation: one null-flushed pipeline per direction, optional."""

from __future__ import annotations

import pytest

from search.semantic import translate

MODE = ("lt-proc '/x/eng-spa.automorf.bin' | apertium-tagger -g $2 '/x/eng-spa.prob' | "
        "apertium-pretransfer | lt-proc $1 '/x/eng-spa.autogen.bin'")

needs_apertium = pytest.mark.skipif(not translate.available("en", "es") or not translate.available("es", "en"),
                                    reason="Apertium's English-Spanish pair is not installed")


def test_every_program_of_the_mode_flushes_on_nulls_and_unknown_words_stay_unmarked() -> None:
    assert translate.pipeline_command(MODE) == (
        "lt-proc -z '/x/eng-spa.automorf.bin' | apertium-tagger -z -g  '/x/eng-spa.prob' | "
        "apertium-pretransfer -z | lt-proc -z -n '/x/eng-spa.autogen.bin'")


def test_without_the_pair_there_is_no_translation(no_translation) -> None:
    assert not translate.available("en", "es")
    assert translate.translate("deportation flights", "en", "es") is None


@needs_apertium
def test_one_pipeline_translates_query_after_query_both_ways() -> None:
    assert "deportación" in translate.translate("deportation", "en", "es").lower()
    assert "vuelos" in translate.translate("the flights", "en", "es").lower()
    assert "flights" in translate.translate("los vuelos", "es", "en").lower()


@needs_apertium
def test_stream_format_characters_come_back_as_typed() -> None:
    out = translate.translate("price $5 + tax [EFE] #1 a/b ^x^ @home", "en", "es")
    for kept in ("$5", "+", "[EFE]", "#1", "/", "^x^", "@"):
        assert kept in out, out
    # The pipeline is still in step: the next query gets its own translation, not a leftover.
    assert "perro" in translate.translate("the dog", "en", "es").lower()

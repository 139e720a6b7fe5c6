"""Query translation through real, persistent Apertium pipelines (skipped when Apertium is not installed)."""

import os
import signal
import stat
import threading
import time

import pytest

from optional import needs_apertium
from search.crosslang import translate as tr

pytestmark = needs_apertium


@pytest.fixture(autouse=True)
def _fresh_pipelines():
    tr.close()
    yield
    tr.close()


def test_sentence_en_to_es():
    out = tr.translate("The president announced new deportation rules.", "en", "es")
    assert out is not None
    assert "presidente" in out and "deportación" in out and "anunció" in out
    assert "*" not in out and "\0" not in out


def test_sentence_es_to_en():
    out = tr.translate("El presidente anunció nuevas reglas de deportación.", "es", "en")
    assert out is not None
    assert "president" in out and "deportation" in out and "announced" in out


def test_single_words_both_directions():
    assert "deportación" in tr.translate("deportation", "en", "es").lower()
    assert "house" in tr.translate("casa", "es", "en").lower()


def test_unknown_word_comes_back_without_mark():
    assert tr.translate("xyzzyq", "en", "es") == "xyzzyq"


def test_special_characters_pass_through_unchanged():
    text = '[EFE] ^$/<>@* {x} #1 ~xq|zv+yy "quoted" back\\slash'
    out = tr.translate(text, "en", "es")
    assert out is not None
    for piece in ["[EFE]", "^$/<>@*", "{x}", "#1", "~xq|zv+yy", '"', "\\"]:
        assert piece in out, piece
    # the pipeline is still in step afterwards: the next answer is this query's, not a leftover
    assert tr.translate("house", "en", "es") == "Casa"


def test_newlines_kept():
    out = tr.translate("The house.\nThe book.\n\nThe dog.", "en", "es")
    assert out.split("\n") == ["La casa.", "El libro.", "", "El perro."]


def test_long_text_comes_back_whole():
    text = " ".join(f"The dog {i} runs [EFE]." for i in range(1250))  # 5,000 words
    out = tr.translate(text, "en", "es", timeout=30)
    assert out is not None
    assert out.count("perro") == 1250 and out.count("[EFE]") == 1250
    assert f"perro {1249} " in out and "*" not in out


def test_concurrent_threads_each_get_their_own_answer():
    texts = ["The house.", "The dog runs.", "The book is red.", "Deportation rules."]
    pairs = [(t, tr.translate(t, "en", "es")) for t in texts]
    assert len({want for _, want in pairs}) == len(texts)
    errors = []

    def worker(text, want):
        for _ in range(20):
            got = tr.translate(text, "en", "es", timeout=10)
            if got != want:
                errors.append((text, got))

    threads = [threading.Thread(target=worker, args=p) for p in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_killed_pipeline_recovers_on_next_call():
    assert tr.translate("house", "en", "es") == "Casa"
    pipe = tr._pipelines["eng-spa"]
    os.kill(pipe.procs[3].pid, signal.SIGKILL)
    pipe.procs[3].wait()
    assert tr.translate("dog", "en", "es") == "Perro"
    assert tr._pipelines["eng-spa"] is not pipe


def _fake_path(tmp_path, monkeypatch):
    """A PATH whose lt-proc never answers (sleeps), the other Apertium programs real."""
    fake = tmp_path / "bin"
    fake.mkdir()
    script = fake / "lt-proc"
    script.write_text("#!/bin/sh\nexec sleep 30\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")


def test_timeout_returns_none_then_kills(tmp_path, monkeypatch):
    _fake_path(tmp_path, monkeypatch)
    start = time.monotonic()
    assert tr.translate("house", "en", "es", timeout=0.5) is None
    assert time.monotonic() - start < 5
    assert "eng-spa" not in tr._pipelines  # the stuck pipeline was killed, not kept
    monkeypatch.undo()
    assert tr.translate("house", "en", "es") == "Casa"


def test_not_installed_returns_none(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert tr.available("en", "es") is False
    assert tr.translate("house", "en", "es") is None


def test_unsupported_pair_returns_none():
    assert tr.available("en", "fr") is False
    assert tr.translate("house", "en", "fr") is None


def test_starting_a_pipeline_does_not_wait_for_it_and_the_next_translation_uses_it(tmp_path, monkeypatch):
    _fake_path(tmp_path, monkeypatch)  # an lt-proc that never answers: start must not wait on it
    begun = time.monotonic()
    tr.start("en", "es")
    assert time.monotonic() - begun < 0.5
    stuck = tr._pipelines["eng-spa"]
    assert stuck.alive()
    tr.start("en", "es")
    assert tr._pipelines["eng-spa"] is stuck  # a running pipeline is not started twice
    monkeypatch.undo()
    tr.close()
    tr.start("es", "en")
    started = tr._pipelines["spa-eng"]
    assert tr.translate("casa", "es", "en") == "House" and tr._pipelines["spa-eng"] is started


def test_starting_without_apertium_or_for_another_pair_does_nothing(monkeypatch, tmp_path):
    tr.start("en", "fr")
    monkeypatch.setenv("PATH", str(tmp_path))
    tr.start("en", "es")
    assert tr._pipelines == {}

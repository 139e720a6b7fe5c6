"""The semantic layer built by ``search-cli index``: incremental, reused across --rebuild, inside the
generation, skipped with --no-semantic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from search import store
from search.cli import main
from search.semantic import encoder, vectors
from search.semantic.passages import passages

NEW_PARAGRAPH = ("\n\nA late storm on Sunday evening sent the visitors running for the tents, but the "
                 "band kept playing and the last pies were sold by candlelight to a cheering crowd.\n")


def index(seeds: Path, index_dir: Path, *extra: str) -> int:
    before = encoder.texts_encoded
    assert main(["index", str(seeds), "--index", str(index_dir), *extra]) == 0
    return encoder.texts_encoded - before


def live_table(index_dir: Path) -> vectors.VectorTable | None:
    return vectors.read(store.current_generation(index_dir).path)


def test_index_embeds_every_passage_once_then_only_what_changed(bilingual_seeds: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = index(bilingual_seeds, index_dir)
    table = live_table(index_dir)
    assert table is not None and len(table) == first > 0

    festival = bilingual_seeds / "festival.txt"
    festival.write_text(festival.read_text(encoding="utf-8") + NEW_PARAGRAPH, encoding="utf-8")
    assert index(bilingual_seeds, index_dir) == 1  # the new paragraph; nothing else again
    assert len(live_table(index_dir)) == first + 1

    assert index(bilingual_seeds, index_dir, "--rebuild") == 0  # reused from the live generation
    assert len(live_table(index_dir)) == first + 1


def test_vector_rows_point_at_the_passages_of_the_live_documents(bilingual_seeds: Path, tmp_path: Path) -> None:
    import search

    index_dir = tmp_path / "index"
    index(bilingual_seeds, index_dir)
    (bilingual_seeds / "festival.txt").unlink()
    index(bilingual_seeds, index_dir)
    table = live_table(index_dir)
    with search.open_index(index_dir) as engine:
        reader = engine._searcher.reader()
        bodies = {docnum: stored["body"] for docnum, stored in reader.iter_docs()}
    assert set(table.docnums.tolist()) == set(bodies)
    for docnum, body in bodies.items():
        rows = table.docnums == docnum
        assert list(zip(table.starts[rows].tolist(), table.ends[rows].tolist())) == passages(body)


def test_an_update_leaves_the_previous_generation_and_its_vectors_untouched(
        bilingual_seeds: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index(bilingual_seeds, index_dir)
    old = store.current_generation(index_dir).path
    old_bytes = (old / vectors.FILE).read_bytes()
    festival = bilingual_seeds / "festival.txt"
    festival.write_text(festival.read_text(encoding="utf-8") + NEW_PARAGRAPH, encoding="utf-8")
    index(bilingual_seeds, index_dir)
    new = store.current_generation(index_dir).path
    assert new != old
    assert (old / vectors.FILE).read_bytes() == old_bytes
    assert os.stat(old / vectors.FILE).st_ino != os.stat(new / vectors.FILE).st_ino


def test_a_build_failing_while_embedding_keeps_the_previous_index(
        bilingual_seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    index_dir = tmp_path / "index"
    index(bilingual_seeds, index_dir)
    live = store.current_generation(index_dir).name
    festival = bilingual_seeds / "festival.txt"
    festival.write_text(festival.read_text(encoding="utf-8") + NEW_PARAGRAPH, encoding="utf-8")

    def interrupted(texts):
        raise KeyboardInterrupt

    monkeypatch.setattr(encoder, "encode", interrupted)
    assert main(["index", str(bilingual_seeds), "--index", str(index_dir)]) == 130
    assert store.current_generation(index_dir).name == live
    assert not list(index_dir.glob(".tmp-*"))
    monkeypatch.undo()
    capsys.readouterr()
    assert main(["query", "harvest", "--index", str(index_dir), "--json"]) == 0
    assert "festival" in capsys.readouterr().out


def test_no_semantic_builds_without_vectors_and_queries_say_they_are_lexical_only(
        bilingual_seeds: Path, tmp_path: Path, capsys) -> None:
    index_dir = tmp_path / "index"
    assert index(bilingual_seeds, index_dir, "--no-semantic") == 0
    assert not vectors.exists(store.current_generation(index_dir).path)
    capsys.readouterr()
    assert main(["query", "harvest", "--index", str(index_dir)]) == 0
    err = capsys.readouterr().err
    assert "note: this index has no semantic vectors, so results are lexical only" in err

    # The next plain update adds them, though no seed changed.
    assert index(bilingual_seeds, index_dir) > 0
    assert vectors.exists(store.current_generation(index_dir).path)
    capsys.readouterr()
    assert main(["query", "harvest", "--index", str(index_dir)]) == 0
    assert "lexical only" not in capsys.readouterr().err


def test_no_semantic_on_an_update_drops_the_vectors_the_documents_no_longer_match(
        bilingual_seeds: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index(bilingual_seeds, index_dir)
    (bilingual_seeds / "festival.txt").unlink()
    index(bilingual_seeds, index_dir, "--no-semantic")
    assert not vectors.exists(store.current_generation(index_dir).path)


def test_a_damaged_vector_file_means_lexical_results_until_the_next_index_run_rewrites_it(
        bilingual_seeds: Path, tmp_path: Path, capsys) -> None:
    index_dir = tmp_path / "index"
    index(bilingual_seeds, index_dir)
    damaged = store.current_generation(index_dir).path / vectors.FILE
    damaged.unlink()  # not written through: the file may be a hard link shared with another generation
    damaged.write_bytes(b"PK\x03\x04 not a table")
    capsys.readouterr()
    assert main(["query", "harvest", "--index", str(index_dir)]) == 0
    assert "lexical only" in capsys.readouterr().err
    # No seed changed, yet the run writes a new generation with vectors (embedded again: the
    # damaged table had none to reuse).
    assert index(bilingual_seeds, index_dir) > 0
    assert live_table(index_dir) is not None
    capsys.readouterr()
    assert main(["query", "harvest", "--index", str(index_dir)]) == 0
    assert "lexical only" not in capsys.readouterr().err


def test_a_paragraph_another_article_shares_is_not_embedded_again(bilingual_seeds: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index(bilingual_seeds, index_dir)
    story = (bilingual_seeds / "festival.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    (bilingual_seeds / "copy.txt").write_text("Festival copy on another site\n" + story, encoding="utf-8")
    assert index(bilingual_seeds, index_dir) == 1  # its first passage, headed by its own title

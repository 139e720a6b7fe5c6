"""The build's segment writer writes the same index as Whoosh's own writer, with or without sort runs."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.writing import SegmentWriter

from corpus_data import read_jsonl
from search.backends.whoosh.build import add_document, document_fields
from search.ingest import read_seed_file
from search.backends.whoosh.schema import build_schema
import search.backends.whoosh.writer as writer_module
from search.backends.whoosh.writer import PostingsWriter

SAMPLE = 200
GENERATED = 700
"""Generated documents: enough that common terms span several posting blocks (Whoosh's block holds 128)."""
_WORDS = {
    "en": "the of and border court election minister river asylum vote council harbour storm budget school "
          "police bridge market doctor festival railway quarry lighthouse".split(),
    "es": "el la de y frontera tribunal elecciones ministro río asilo voto consejo puerto tormenta presupuesto "
          "escuela policía puente mercado médico fiesta ferrocarril cantera faro".split(),
}


def generated_documents(seeds: Path, count: int = GENERATED) -> list:
    """English and Spanish records made up here (a fixed seed), read as the indexer reads them: Zipf-like
    word frequencies (a few terms in most documents, many rare ones), lengths from a word to a few hundred."""
    rng = random.Random(14)
    seeds.mkdir()
    rows = []
    for n in range(count):
        lang = "es" if n % 3 == 0 else "en"
        words = _WORDS[lang] + [f"{lang}w{k}" for k in range(rng.randint(1, 400))]
        length = rng.choice((1, 5, 40, 120, 400))
        body = " ".join(words[min(int(rng.paretovariate(0.8)) - 1, len(words) - 1)] for _ in range(length))
        rows.append({"id": f"g{n}", "title": f"{words[n % 7].title()} {n}", "body": body, "lang": lang,
                     "date": f"20{10 + n % 15}-0{1 + n % 9}-1{n % 10}"})
    path = seeds / "generated.jsonl"
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), encoding="utf-8")
    return read_seed_file(path, seeds)[0]


def sample_documents(corpora: Path, seeds: Path) -> list:
    """A few hundred real English and Spanish records, read as the indexer reads them."""
    seeds.mkdir()
    docs = []
    for name in ("congreso-es.jsonl", "news-en-2017.jsonl", "handbook-en.jsonl"):
        rows = list(read_jsonl(corpora / name, SAMPLE))
        path = seeds / name
        path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), encoding="utf-8")
        docs.extend(read_seed_file(path, seeds)[0])
    return docs


def build(folder: Path, docs, fast: bool, limitmb: int, compound: bool = True) -> Path:
    """An index of ``docs`` in ``folder`` (``compound=False``: one file per part of the segment)."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = (PostingsWriter if fast else SegmentWriter)(ix, limitmb=limitmb, compound=compound)
    for doc in docs:
        if fast:
            add_document(writer, doc)
        else:
            writer.add_document(**document_fields(doc))
    writer.commit()
    ix.close()
    return folder


def contents(folder: Path) -> dict:
    """Every term's statistics and postings, every stored document and every field length."""
    ix = whoosh_index.open_dir(str(folder))
    try:
        with ix.reader() as reader:
            terms = {}
            for fieldname, term in reader.all_terms():
                info = reader.term_info(fieldname, term)
                matcher = reader.postings(fieldname, term)
                postings = []
                while matcher.is_active():
                    postings.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                terms[fieldname, term] = (info.weight(), info.doc_frequency(), info.min_length(),
                                          info.max_length(), info.max_weight(), postings)
            stored = list(reader.all_stored_fields())
            lengths = {(name, n): reader.doc_field_length(n, name)
                       for name in ix.schema.scorable_names() for n in range(reader.doc_count_all())}
            columns = {name: list(reader.column_reader(name, translate=False)) for name in ("lang", "source", "date")
                       if reader.has_column(name)}
    finally:
        ix.close()
    return {"terms": terms, "stored": stored, "lengths": lengths, "columns": columns}


@pytest.mark.parametrize("limitmb", [256, 1])  # 1 MB: the pool spills to sort runs and merges them
def test_postings_writer_writes_what_whoosh_writes(tmp_path: Path, limitmb: int):
    docs = generated_documents(tmp_path / "seeds")
    plain = contents(build(tmp_path / "plain", docs, fast=False, limitmb=limitmb))
    fast = contents(build(tmp_path / "fast", docs, fast=True, limitmb=limitmb))
    assert plain["terms"] and plain == fast
    blocks = [postings for *_stats, postings in plain["terms"].values() if len(postings) > 2 * 128]
    assert blocks, "no term spans several posting blocks: the sample tests too little"
    assert inlined_terms(tmp_path / "fast") == {key for key, (*_stats, postings) in plain["terms"].items()
                                                if len(postings) < writer_module.INLINE_LIMIT}


def inlined_terms(folder: Path) -> set:
    """The (field, term) keys whose postings are inlined in their term info."""
    ix = whoosh_index.open_dir(str(folder))
    try:
        with ix.reader() as reader:
            return {key for key in reader.all_terms() if reader.term_info(*key).is_inlined()}
    finally:
        ix.close()


@pytest.mark.corpora
def test_postings_writer_writes_what_whoosh_writes_on_real_text(tmp_path: Path, corpora: Path):
    docs = sample_documents(corpora, tmp_path / "seeds")
    assert len(docs) > 500
    plain = contents(build(tmp_path / "plain", docs, fast=False, limitmb=1))
    fast = contents(build(tmp_path / "fast", docs, fast=True, limitmb=1))
    assert plain["terms"] and plain == fast


def postings_files(folder: Path) -> dict[str, bytes]:
    """The bytes of a segment's postings (.pst) and term table (.trm)."""
    return {path.suffix: path.read_bytes() for path in folder.iterdir() if path.suffix in {".pst", ".trm"}}


@pytest.mark.parametrize("limitmb", [256, 1])
def test_terms_written_a_block_at_a_time_are_the_bytes_whoosh_writes_posting_by_posting(
    tmp_path: Path, limitmb: int, monkeypatch: pytest.MonkeyPatch
):
    docs = generated_documents(tmp_path / "seeds")
    # Whoosh's one-by-one inlining keeps no values for a field without them (its ListMatcher then
    # reads "" where a block reads None): compared here with nothing inlined, read alike below.
    monkeypatch.setattr(writer_module, "INLINE_LIMIT", 1)
    blocks = postings_files(build(tmp_path / "blocks", docs, fast=True, limitmb=limitmb, compound=False))
    # Whoosh's FieldWriter, one start_term / add / finish_term at a time, as for an unknown layout,
    # pickling its blocks as the block writer does.
    monkeypatch.setattr(whoosh3, "dumps", lambda obj, _protocol: writer_module._dump_block(obj))
    monkeypatch.setattr(writer_module, "_TermBytes", lambda fieldwriter, _field, field_lengths: SimpleNamespace(
        write=lambda terms: writer_module._add_postings_one_by_one(fieldwriter, field_lengths.get, terms)))
    one_by_one = postings_files(build(tmp_path / "one-by-one", docs, fast=True, limitmb=limitmb, compound=False))
    assert set(blocks) == {".pst", ".trm"}
    assert blocks == one_by_one


def test_posting_blocks_are_pickled_compactly(tmp_path: Path):
    """Whoosh's protocol-2 pickles spell each positions value as a ``_codecs.encode`` call: the
    block writer's postings file holds the same postings in far fewer bytes."""
    docs = generated_documents(tmp_path / "seeds")
    plain = postings_files(build(tmp_path / "plain", docs, fast=False, limitmb=256, compound=False))
    fast = postings_files(build(tmp_path / "fast", docs, fast=True, limitmb=256, compound=False))
    assert b"_codecs" in plain[".pst"] and b"_codecs" not in fast[".pst"]
    assert len(fast[".pst"]) <= 0.75 * len(plain[".pst"]), (len(fast[".pst"]), len(plain[".pst"]))


def test_rare_terms_postings_inlined_in_their_term_info_take_less_room(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch):
    """A term in one or two documents keeps its postings in its term info, its whole-number
    weights pickled as ints: the term table and postings together shrink (by a fifth here)."""
    docs = generated_documents(tmp_path / "seeds")

    def size(name: str) -> int:
        return sum(map(len, postings_files(build(tmp_path / name, docs, fast=True, limitmb=256,
                                                 compound=False)).values()))

    inlined = size("inlined")
    monkeypatch.setattr(writer_module, "_compact_weight", lambda weight: weight)
    float_weights = size("float-weights")
    monkeypatch.setattr(writer_module, "INLINE_LIMIT", 1)
    separate = size("separate")
    assert inlined <= 0.97 * float_weights, (inlined, float_weights)
    assert float_weights <= 0.9 * separate, (float_weights, separate)


@pytest.mark.parametrize("lengths_in_one_go", [True, False])  # False: Whoosh's length column internals missing
@pytest.mark.parametrize("source_writer", [SegmentWriter, PostingsWriter])  # the latter inlines rare terms
def test_merging_segments_with_deletions_writes_what_whoosh_s_merge_writes(
    tmp_path: Path, lengths_in_one_go: bool, source_writer: type, monkeypatch: pytest.MonkeyPatch
):
    """A merge (an update's expunge or gathering of small segments) copies the live documents'
    stored fields, lengths, columns and postings: the writer's own copy gives Whoosh's result."""
    import shutil

    from whoosh.writing import NO_MERGE, OPTIMIZE

    from search.backends.whoosh import compat

    monkeypatch.setattr(compat, "RANKING", lengths_in_one_go)

    docs = generated_documents(tmp_path / "seeds")
    source = tmp_path / "source"
    source.mkdir()
    ix = whoosh_index.create_in(str(source), build_schema())
    for part in (docs[:300], docs[300:]):  # two segments
        writer = source_writer(ix)
        for doc in part:
            if source_writer is PostingsWriter:
                add_document(writer, doc)
            else:
                writer.add_document(**document_fields(doc))
        writer.commit(mergetype=NO_MERGE)
    writer = SegmentWriter(ix)
    for doc in docs[::7]:
        writer.delete_by_term("id", doc.id)
    writer.commit(merge=False)
    ix.close()
    merged = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("fast", PostingsWriter)):
        shutil.copytree(source, tmp_path / name)
        ix = whoosh_index.open_dir(str(tmp_path / name))
        assert len(ix._segments()) == 2
        writer_class(ix).commit(mergetype=OPTIMIZE)
        assert len(ix.refresh()._segments()) == 1
        ix.close()
        merged[name] = contents(tmp_path / name)
    assert len(merged["fast"]["stored"]) == len(docs) - len(docs[::7])
    assert merged["fast"]["columns"] and merged["fast"]["lengths"]
    assert merged["whoosh"] == merged["fast"]


@pytest.mark.parametrize("fast", [True, False])  # the writer's blocks, and Whoosh's own (protocol-2 pickles)
def test_posting_blocks_are_decoded_as_whoosh_s_matcher_reads_them(tmp_path: Path, fast: bool,
                                                                    monkeypatch: pytest.MonkeyPatch):
    docs = generated_documents(tmp_path / "seeds")
    ix = whoosh_index.open_dir(str(build(tmp_path / "index", docs, fast=fast, limitmb=256)))

    def every_term_s_blocks() -> list:
        with ix.reader() as reader:
            terms = reader._terms
            return [(key, [(list(ids), list(weights), list(values))
                           for ids, weights, values in writer_module._blocks(terms, info, ix.schema[key[0]].format)])
                    for key, info in terms.items()]

    try:
        with ix.reader() as reader:  # every term is decoded here, none left to the matcher
            terms = reader._terms
            assert all(writer_module._decoded_blocks(terms._postfile.get(*writer_module._extent(info)),
                                                     ix.schema[key[0]].format.fixed_value_size())
                       for key, info in terms.items() if not info.is_inlined())
            assert fast == any(info.is_inlined() for _key, info in terms.items())
        decoded = every_term_s_blocks()
        monkeypatch.setattr(writer_module, "_decoded_blocks", lambda data, fixedsize: None)  # the matcher's way
        assert decoded == every_term_s_blocks()
    finally:
        ix.close()
    assert any(len(blocks) > 1 for _key, blocks in decoded), "no term spans several blocks"
    assert any(weights != [1.0] * len(weights) for _key, blocks in decoded for _ids, weights, _v in blocks)

"""The build's postings equal, term for term, what the schema's analyzers index."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_data import read_jsonl
from search.ingest.document import Document
from search.backends.whoosh.build import document_fields
from search.backends.whoosh.postings import document_postings
from search.backends.whoosh.schema import EXACT_FIELD, ROOT_FIELDS, STEM_FIELDS, TITLE_FIELD, build_schema

SAMPLE = 150
TRICKY = [
    ("Año nuevo en México", "El niño pidió PIÑATAS; la Ñandú-Straße y U.S. don't ÆSIR ﬁnal œuvre.", "es"),
    ("", "İstanbul Ⅻ ½ ² ª º ß ẞ café CAFÉ café naïve déjà-vu", "en"),
    ("Título", "de la de la de la el el y y and the the of", "es"),
    ("One", "x", "en"),
]


def analyzer_postings(schema, doc: Document) -> dict[str, tuple[set, int]]:
    """What Whoosh's own ``FieldType.index()`` makes of the document's analyzed fields."""
    fields = document_fields(doc)
    result = {}
    names = [TITLE_FIELD, EXACT_FIELD, STEM_FIELDS[doc.lang]] + ([ROOT_FIELDS[doc.lang]] if doc.lang in ROOT_FIELDS else [])
    for name in names:
        items = list(schema[name].index(fields[name]))
        result[name] = (set(items), sum(freq for _t, freq, _w, _v in items))
    return result


def fast_postings(schema, doc: Document) -> dict[str, tuple[set, int]]:
    fields = document_fields(doc)
    computed = document_postings(schema, doc.title, fields[EXACT_FIELD], doc.lang)
    return {name: (set(items), length) for name, (items, length) in computed.items()}


def make_doc(n: int, title: str, body: str, lang: str) -> Document:
    return Document(id=f"d{n}", path="p.jsonl", title=title, body=body, lang=lang, source=None,
                    date=None, url=None, group=f"d{n}")


@pytest.mark.parametrize("title,body,lang", TRICKY)
def test_tricky_words_index_alike(title: str, body: str, lang: str):
    schema = build_schema()
    doc = make_doc(0, title, body, lang)
    assert fast_postings(schema, doc) == analyzer_postings(schema, doc)


@pytest.mark.corpora
@pytest.mark.parametrize("name", ["congreso-es.jsonl", "news-en-2017.jsonl", "handbook-es.jsonl", "bible-en-es.jsonl"])
def test_corpus_documents_index_alike(corpora: Path, name: str):
    schema = build_schema()
    for n, row in enumerate(read_jsonl(corpora / name, SAMPLE)):
        lang = row.get("lang") if row.get("lang") in STEM_FIELDS else ("es" if name.endswith("-es.jsonl") else "en")
        doc = make_doc(n, " ".join((row.get("title") or "").split()), row.get("body") or "", lang)
        assert fast_postings(schema, doc) == analyzer_postings(schema, doc), f"{name} record {n}"

"""Read a plain-text article: paragraphs, story text, language versions, headline."""

from __future__ import annotations

from search.ingest.article import build_documents
from search.ingest.document import Document
from search.ingest.paragraphs import split_paragraphs


def read_txt(text: str, relative: str) -> list[Document]:
    """The documents of a .txt article (one, or two for an English + Spanish file)."""
    return build_documents(split_paragraphs(text), relative)

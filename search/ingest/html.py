"""Read a saved web page (.html, .htm): the article's text and details, without menus, ads and comments."""

from __future__ import annotations

from search.errors import SeedFileError
from search.ingest.article import ArticleInfo, build_documents
from search.ingest.dates import parse_date
from search.ingest.document import Document
from search.ingest.languages import language_code

# trafilatura (with htmldate for the date) is the field's maintained main-text extractor; it is
# imported only when a page is read, so `search-cli query` never pays for it (0.2 s).
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
"""The page's own publication date (meta tags, time elements), never a date guessed from the text."""


def read_html(text: str, relative: str) -> list[Document]:
    """The documents of a saved article page (one, or two for an English + Spanish page)."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True,
        date_extraction_params=_DATE_PARAMS,
    )
    body = getattr(extracted, "text", None) or ""
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    if not paragraphs:
        raise SeedFileError("no article text found in the page — is it a saved article, not an index page?")
    title = " ".join((getattr(extracted, "title", None) or "").split()) or None
    if title and paragraphs[0].casefold() == title.casefold() and len(paragraphs) > 1:
        paragraphs = paragraphs[1:]  # the headline repeated as the first line of the text
    info = ArticleInfo(
        title=title,
        lang=_page_lang(text),
        source=getattr(extracted, "sitename", None) or None,
        date=parse_date(getattr(extracted, "date", None) or ""),
        url=getattr(extracted, "url", None) or None,
    )
    return build_documents(paragraphs, relative, info)


def _page_lang(text: str) -> str | None:
    """The language the page declares (``<html lang="es-MX">``) when it is English or Spanish."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(text[:200_000].encode("utf-8", "replace"))
    except (ValueError, lxml.etree.ParserError):
        return None
    return language_code(root.get("lang") or root.get("xml:lang"))

"""Turn an article's paragraphs into Documents: story text only, language versions, titles."""

from __future__ import annotations

from dataclasses import dataclass, replace

from search.errors import SeedFileError
from search.ingest.cleanup import story_paragraphs
from search.ingest.datelines import find_date
from search.ingest.document import Document
from search.ingest.ids import document_id, path_slug
from search.ingest.langdetect import detect_language
from search.ingest.runs import Run, language_runs
from search.ingest.titles import is_headline, title_from_text


@dataclass(frozen=True)
class ArticleInfo:
    """What a file says about its article besides the text (front matter, or nothing for .txt)."""

    title: str | None = None
    lang: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None


def build_documents(paragraphs: list[str], relative: str, info: ArticleInfo = ArticleInfo()) -> list[Document]:
    """One Document per language version of the article made of ``paragraphs``.

    Without a date in ``info``, a date line or dateline near the top gives it (search.ingest.datelines).
    Raises SeedFileError when no story text is left once captions, credits and furniture are gone.
    """
    if info.date is None:
        date, paragraphs = find_date(paragraphs)
        info = replace(info, date=date)
    story = story_paragraphs(paragraphs)
    if not story:
        raise SeedFileError("no story text left after removing captions, credits and page furniture")
    runs = [Run(info.lang, story)] if info.lang else language_runs(story)
    title_run = _run_for_title(runs, info.title)
    group = path_slug(relative)
    documents = []
    for n, run in enumerate(runs):
        title, body = _title_and_body(run.paragraphs, info.title if n == title_run else None)
        documents.append(Document(
            id=document_id(group, run.lang), path=relative, title=title, body=body, lang=run.lang,
            source=info.source, date=info.date, url=info.url, group=group,
        ))
    return documents


def _run_for_title(runs: list[Run], title: str | None) -> int:
    """Which language version a given title belongs to: the one in the title's language."""
    if title is None or len(runs) == 1:
        return 0
    lang, confidence = detect_language(title)
    if confidence > 0:
        for n, run in enumerate(runs):
            if run.lang == lang:
                return n
    return 0


def _title_and_body(paragraphs: list[str], given_title: str | None) -> tuple[str, str]:
    if given_title:
        return given_title, "\n\n".join(paragraphs)
    if len(paragraphs) > 1 and is_headline(paragraphs[0]):
        return paragraphs[0], "\n\n".join(paragraphs[1:])
    body = "\n\n".join(paragraphs)
    return title_from_text(body), body

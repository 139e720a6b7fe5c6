"""Read a Markdown article: front matter (title, date, source, url, lang), then the text."""

from __future__ import annotations

import re

from search.ingest.article import ArticleInfo, build_documents
from search.ingest.dates import parse_date
from search.ingest.document import Document
from search.ingest.frontmatter import split_front_matter
from search.ingest.languages import language_code
from search.ingest.paragraphs import split_paragraphs
from search.models import WARNING, SkippedFile

_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_IMAGE_LINE = re.compile(r"^\s*(?:\[\s*)?!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)(?:\]\([^)\n]{0,2000}\))?\s*$")
_IMAGE = re.compile(r"!\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\]\n]{1,500})\]\([^)\n]{0,2000}\)")
_EMPHASIS = re.compile(r"(\*\*|__)([^*_\n]{1,500})\1")
_INLINE_MAX_CHARS = 20_000
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")


def read_markdown(text: str, relative: str) -> tuple[list[Document], list[SkippedFile]]:
    """The documents of a .md article and the front-matter values that could not be used."""
    fields, text, problems = split_front_matter(text, relative)
    lines = [line for line in text.split("\n") if not _is_rule_or_image(line)]
    given_title = fields.get("title") or None
    heading = _first_heading(lines)
    if heading and (given_title is None or heading.casefold() == given_title.casefold()):
        lines = _without_first_heading(lines)
    lines = [_plain_line(line) for line in lines]
    info = ArticleInfo(
        title=given_title or heading,
        lang=_front_matter_lang(fields.get("lang"), relative, problems),
        source=fields.get("source") or None,
        date=_front_matter_date(fields.get("date"), relative, problems),
        url=fields.get("url") or None,
    )
    return build_documents(split_paragraphs("\n".join(lines)), relative, info), problems


def _is_rule_or_image(line: str) -> bool:
    return len(line) <= _INLINE_MAX_CHARS and bool(_RULE.match(line) or _IMAGE_LINE.match(line))


def _first_heading(lines: list[str]) -> str | None:
    for line in lines:
        if line.strip():
            match = _HEADING.match(line)
            return _inline(match[2]).strip() or None if match else None
    return None


def _without_first_heading(lines: list[str]) -> list[str]:
    for n, line in enumerate(lines):
        if line.strip():
            return lines[n + 1:]
    return lines


def _plain_line(line: str) -> str:
    """A Markdown line as the reader sees it: no heading marks, links as their text."""
    match = _HEADING.match(line)
    if match:
        line = match[2]
    return _inline(line)


def _inline(text: str) -> str:
    if len(text) > _INLINE_MAX_CHARS:  # not prose a person wrote: leave it as it is
        return text
    if "](" in text:
        text = _IMAGE.sub(r"\1", text)
        text = _LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _EMPHASIS.sub(r"\2", text)
    return text


def _front_matter_lang(value: str | None, relative: str, problems: list[SkippedFile]) -> str | None:
    if not value:
        return None
    code = language_code(value)
    if code is None:
        reason = f"front matter lang '{value}' is not en or es — language detected instead"
        problems.append(SkippedFile(relative, reason, WARNING))
    return code


def _front_matter_date(value: str | None, relative: str, problems: list[SkippedFile]) -> str | None:
    if not value:
        return None
    iso = parse_date(value)
    if iso is None:
        reason = f"front matter date '{value}' is not a date (YYYY-MM-DD) — indexed without a date"
        problems.append(SkippedFile(relative, reason, WARNING))
    return iso

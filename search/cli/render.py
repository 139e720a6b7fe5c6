"""Readable search-cli output: hits, articles and index figures as rich Text with highlighted spans."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from search.cli.output import Output
from search.cli.sanitize import safe_line, safe_text
from search.models import Article, Hit, IndexStats, SearchResult, Span

MATCH_STYLE = "bold yellow"
TITLE_STYLE = "bold"
META_STYLE = "dim"
RANK_STYLE = "cyan"
ELLIPSIS = "…"
ACROSS_MARK = "across languages"
"""Marks a hit found only through the query's translation."""


def highlighted(text: str, spans: Iterable[Span], base_style: str = "", *, one_line: bool = True) -> Text:
    """``text`` made terminal-safe, with every match span styled; styles are applied by offset, never
    parsed as markup."""
    text, spans = safe_text(text, list(spans), one_line=one_line)
    rich_text = Text(text, style=base_style)
    for start, end in spans:
        if 0 <= start < end <= len(text):
            rich_text.stylize(MATCH_STYLE, start, end)
    return rich_text


def meta_line(lang: str, source: str | None, date: str | None, doc_id: str, path: str, *,
              across: bool = False) -> Text:
    parts = [lang, source or "unknown source", date or "undated", f"id {doc_id}", path]
    if across:
        parts.append(ACROSS_MARK)
    return Text(safe_line(" · ".join(parts)), style=META_STYLE)


def snippet_text(text: str, spans: list[Span], article_start: int) -> Text:
    """A snippet on one line, with an ellipsis where it was cut from its article."""
    rich_text = highlighted(text, spans)
    if article_start > 0:
        rich_text = Text(ELLIPSIS).append_text(rich_text)
    rich_text.append(ELLIPSIS)
    return rich_text


def hit_lines(rank: int, hit: Hit) -> list[tuple[Text, int]]:
    """The lines of one hit as (text, indent) pairs: title, metadata, then its snippets."""
    label = f"{rank:>2}. "
    indent = len(label)
    title = Text()  # a Text's own style would spread over everything appended to it
    title.append(label, style=RANK_STYLE)
    title.append_text(highlighted(hit.title, hit.title_spans, TITLE_STYLE))
    lines = [(title, 0), (meta_line(hit.lang, hit.source, hit.date, hit.id, hit.path, across=hit.cross_language),
                                indent)]
    for snippet in hit.snippets:
        lines.append((snippet_text(snippet.text, snippet.spans, snippet.start), indent))
    return lines


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _across(result: SearchResult) -> str:
    """How the query crossed languages: ", also as 'deportación' (es), 2 across languages"."""
    if not result.translations:
        return ""
    also = ", ".join(f"{text!r} ({lang})" for lang, text in sorted(result.translations.items()))
    shown = f", {result.cross_language} {ACROSS_MARK}" if result.cross_language else ""
    return f", also as {also}{shown}"


def print_result(out: Output, result: SearchResult) -> None:
    """A header line, each hit followed by a blank line, and how to get the next page."""
    first = result.offset + 1
    last = result.offset + len(result.hits)
    page = ""
    if first > 1 or last < result.total:
        page = f", showing {first}-{last}"
    out.line(Text(f"{plural(result.total, 'hit')} for {result.query!r}{page}{_across(result)} "
                  f"({result.took_ms:.0f} ms)", style=META_STYLE))
    out.line()
    for rank, hit in enumerate(result.hits, start=first):
        for text, indent in hit_lines(rank, hit):
            out.line(text, indent)
        out.line()
    if last < result.total:
        out.line(Text(f"next page: --offset {last}", style=META_STYLE))


def print_article(out: Output, article: Article) -> None:
    """Title, metadata, other language versions, then the whole body with its matches."""
    out.line(highlighted(article.title, article.title_spans, TITLE_STYLE))
    out.line(meta_line(article.lang, article.source, article.date, article.id, article.path))
    if article.url:
        out.line(Text(safe_line(article.url), style=META_STYLE))
    if article.versions:
        out.line(Text(safe_line("other versions: " + ", ".join(article.versions)), style=META_STYLE))
    out.line()
    out.line(highlighted(article.body, article.spans, one_line=False))


def human_size(size_bytes: int) -> str:
    size = float(size_bytes)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def print_stats(out: Output, stats: IndexStats) -> None:
    """One figure per line, label then value in one aligned column, counts from most to fewest."""
    rows: list[tuple[str, object, int]] = [("index", stats.index_dir, 0), ("documents", stats.documents, 0)]
    for heading, counts in (("languages", stats.langs), ("sources", stats.sources)):
        rows.append((heading, None, 0))
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            rows.append((safe_line(name), count, 2))
        if not counts:
            rows.append(("(none)", None, 2))
    rows += [("size on disk", human_size(stats.size_bytes), 0), ("built", stats.built_at, 0)]
    if stats.seeds_dir:
        rows.append(("seeds", stats.seeds_dir, 0))
    rows.append(("schema version", stats.schema_version, 0))
    column = max(indent + len(label) for label, value, indent in rows if value is not None) + 1
    for label, value, indent in rows:
        if value is None:
            out.line(Text(label, style=META_STYLE if label == "(none)" else TITLE_STYLE), indent)
            continue
        line = Text(label.ljust(column - indent), style=TITLE_STYLE)
        line.append(safe_line(str(value)))
        out.line(line, indent)


def tsv_line(hit: Hit) -> str:
    """id, lang, date, source, title, first snippet: one tab-separated line, no controls in a field."""
    snippet = hit.snippets[0].text if hit.snippets else ""
    fields = (hit.id, hit.lang, hit.date or "", hit.source or "", hit.title, snippet)
    return "\t".join(" ".join(safe_line(field).split()) for field in fields) + "\n"

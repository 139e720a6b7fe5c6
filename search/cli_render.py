"""Readable search-cli output: hits, articles and index figures as rich Text with highlighted spans."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from search.cli_output import Output
from search.models import Article, Hit, IndexStats, SearchResult, Span

MATCH_STYLE = "bold yellow"
TITLE_STYLE = "bold"
META_STYLE = "dim"
RANK_STYLE = "cyan"
ELLIPSIS = "…"


def highlighted(text: str, spans: Iterable[Span], base_style: str = "") -> Text:
    """``text`` with every match span styled; styles are applied by offset, never parsed as markup."""
    rich_text = Text(text, style=base_style)
    for start, end in spans:
        if 0 <= start < end <= len(text):
            rich_text.stylize(MATCH_STYLE, start, end)
    return rich_text


CROSS_LANGUAGE_MARK = "found across languages"


def _one_line(text: str) -> str:
    # Same length as the original, so the match spans still point at the right characters.
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def meta_line(lang: str, source: str | None, date: str | None, doc_id: str, path: str) -> Text:
    parts = [lang, source or "unknown source", date or "undated", f"id {doc_id}", path]
    return Text(" · ".join(parts), style=META_STYLE)


def snippet_text(text: str, spans: list[Span], article_start: int) -> Text:
    """A snippet on one line, with an ellipsis where it was cut from its article."""
    rich_text = highlighted(_one_line(text), spans)
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
    title.append_text(highlighted(_one_line(hit.title), hit.title_spans, TITLE_STYLE))
    meta = meta_line(hit.lang, hit.source, hit.date, hit.id, hit.path)
    if hit.cross_language:
        meta.append(" · " + CROSS_LANGUAGE_MARK)
    lines = [(title, 0), (meta, indent)]
    for snippet in hit.snippets:
        lines.append((snippet_text(snippet.text, snippet.spans, snippet.start), indent))
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def print_result(out: Output, result: SearchResult) -> None:
    """A header line, each hit followed by a blank line, and how to get the next page."""
    first = result.offset + 1
    last = result.offset + len(result.hits)
    page = ""
    if first > 1 or last < result.total:
        page = f", showing {first}-{last}"
    out.line(Text(f"{_plural(result.total, 'hit')} for {result.query!r}{page} "
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
        out.line(Text(article.url, style=META_STYLE))
    if article.versions:
        out.line(Text("other versions: " + ", ".join(article.versions), style=META_STYLE))
    out.line()
    out.line(highlighted(article.body, article.spans))


def human_size(size_bytes: int) -> str:
    size = float(size_bytes)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def print_stats(out: Output, stats: IndexStats) -> None:
    """One figure per line, label then value, counts sorted from most to fewest documents."""
    def row(label: str, value: object, indent: int = 0) -> None:
        line = Text()
        line.append(label.ljust(15 - indent) + " ", style=TITLE_STYLE)
        line.append(str(value))
        out.line(line, indent)

    row("index", stats.index_dir)
    row("documents", stats.documents)
    for heading, counts in (("languages", stats.langs), ("sources", stats.sources)):
        out.line(Text(heading, style=TITLE_STYLE))
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            row(name, count, indent=2)
        if not counts:
            out.line(Text("(none)", style=META_STYLE), indent=2)
    row("size on disk", human_size(stats.size_bytes))
    row("built", stats.built_at)
    if stats.seeds_dir:
        row("seeds", stats.seeds_dir)
    row("schema version", stats.schema_version)

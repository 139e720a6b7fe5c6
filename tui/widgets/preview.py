"""The preview pane: the whole selected article, every match highlighted, keys to jump between matches."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from search import Article
from tui.text import Span, clip_spans, highlighted, language_badge, one_line, printable

_CHUNK = re.compile(r"\S+\s*|\s+")
CONTEXT_ABOVE = 3
"""Lines kept visible above a match the view jumps to."""


def wrap_lines(text: str, width: int) -> list[Span]:
    """Word-wrap ``text`` to ``width`` cells; each line as a [start, end) range of ``text``."""
    width = max(width, 1)
    lines: list[Span] = []
    paragraph_start = 0
    for paragraph in text.split("\n"):
        line_start = paragraph_start
        line_cells = 0
        for chunk in _CHUNK.finditer(paragraph):
            start = paragraph_start + chunk.start()
            word = chunk.group().rstrip()
            word_cells = cell_len(word)
            if line_cells and line_cells + word_cells > width:
                lines.append((line_start, start))
                line_start, line_cells = start, 0
            if word_cells > width:
                # A word longer than the line is folded at the width.
                piece_start, piece_cells = start, 0
                for offset, character in enumerate(word):
                    size = cell_len(character)
                    if piece_cells + size > width:
                        lines.append((piece_start, start + offset))
                        piece_start, piece_cells = start + offset, 0
                    piece_cells += size
                line_start, line_cells = piece_start, piece_cells + cell_len(chunk.group()[len(word):])
            else:
                line_cells += cell_len(chunk.group())
        lines.append((line_start, paragraph_start + len(paragraph)))
        paragraph_start += len(paragraph) + 1
    return lines


class ArticleView(ScrollView, can_focus=True):
    """Article body rendered as plain text with match spans styled; n / N move between matches."""

    COMPONENT_CLASSES = {"article-view--match", "article-view--current"}
    BINDINGS = [
        Binding("n,right_square_bracket", "next_match", "Next match"),
        Binding("N,p,left_square_bracket", "previous_match", "Prev match"),
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("l", "app.other_version", "Language", show=False),
        Binding("u", "app.copy_url", "Copy URL"),
        Binding("b", "app.open_url", "Browser"),
        Binding("o", "app.open_pager", "Pager"),
        Binding("c", "app.copy_path", "Copy path", show=False),
        Binding("i", "app.copy_id", "Copy id", show=False),
    ]

    class MatchChanged(Message):
        def __init__(self, current: int | None, total: int) -> None:
            super().__init__()
            self.current = current
            self.total = total

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = ""
        self.spans: list[Span] = []
        self.current: int | None = None
        self.lines: list[Span] = [(0, 0)]
        self._line_starts: list[int] = [0]
        self._span_starts: list[int] = []
        self._wrapped_width = 0

    @property
    def match_count(self) -> int:
        return len(self.spans)

    def show(self, body: str, spans: Sequence[Span]) -> None:
        """Display ``body`` with ``spans`` highlighted, scrolled to the first match."""
        self.text = printable(body)
        self.spans = clip_spans(spans, len(self.text))
        self._span_starts = [start for start, _ in self.spans]
        self.current = 0 if self.spans else None
        self._wrap(force=True)
        self._after_move()

    def on_resize(self) -> None:
        self._wrap()
        self._scroll_to_current()

    def _wrap(self, force: bool = False) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or (width == self._wrapped_width and not force):
            return
        self._wrapped_width = width
        self.lines = wrap_lines(self.text, width)
        self._line_starts = [start for start, _ in self.lines]
        self.virtual_size = Size(width, len(self.lines))
        self.refresh()

    def line_of(self, offset: int) -> int:
        """Index of the wrapped line that holds character ``offset``."""
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def action_next_match(self) -> None:
        if self.current is not None:
            self.current = (self.current + 1) % len(self.spans)
            self._after_move()

    def action_previous_match(self) -> None:
        if self.current is not None:
            self.current = (self.current - 1) % len(self.spans)
            self._after_move()

    def _after_move(self) -> None:
        self._scroll_to_current()
        self.refresh()
        self.post_message(self.MatchChanged(self.current, len(self.spans)))

    def _scroll_to_current(self) -> None:
        if not self._wrapped_width:
            return
        if self.current is None:
            self.scroll_to(0, 0, animate=False, immediate=True)
            return
        line = self.line_of(self.spans[self.current][0])
        self.scroll_to(0, max(0, line - CONTEXT_ABOVE), animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = scroll_y + y
        if index >= len(self.lines):
            return Strip.blank(width, base)
        start, end = self.lines[index]
        line = Text(self.text[start:end], end="", no_wrap=True)
        line.stylize(base)
        match_style = self.get_component_rich_style("article-view--match")
        current_style = self.get_component_rich_style("article-view--current")
        first = max(0, bisect_right(self._span_starts, start) - 1)
        for number in range(first, len(self.spans)):
            span_start, span_end = self.spans[number]
            if span_start >= end:
                break
            if span_end > start:
                style = current_style if number == self.current else match_style
                line.stylize(style, max(span_start, start) - start, min(span_end, end) - start)
        strip = Strip(line.render(self.app.console), line.cell_len)
        return strip.crop_extend(scroll_x, scroll_x + width, base).apply_offsets(scroll_x, index)


class Preview(Vertical):
    """Title and facts of the selected article above its scrollable body."""

    def compose(self):
        yield Static(id="preview-title")
        yield Static(id="preview-meta")
        yield ArticleView(id="article")

    def on_mount(self) -> None:
        self.border_title = "Preview"
        self.clear()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def clear(self, message: str = "") -> None:
        self.article: Article | None = None
        self.query_one("#preview-title", Static).update(Content(message).stylize("$text-muted"))
        self.query_one("#preview-meta", Static).update("", layout=False)  # three lines whatever it says (app.tcss)
        self.view.show("", [])
        self._show_match(None, 0)

    def show_article(self, article: Article) -> None:
        self.article = article
        title = highlighted(article.title or "(untitled)", article.title_spans, "bold $text-warning underline", "bold")
        facts = " · ".join(part for part in (article.source, article.date, article.path) if part)
        badge = language_badge(article.lang, article.version_langs.values())
        url = Content(one_line(article.url)).stylize("$text-accent underline") if article.url else Content("")
        self.query_one("#preview-title", Static).update(title)
        self.query_one("#preview-meta", Static).update(
            Content.assemble(badge, " ", Content(one_line(facts)).stylize("$text-muted"), "\n", url), layout=False
        )
        self.view.show(article.body, article.spans)
        self._show_match(self.view.current, self.view.match_count)  # now, in the same repaint as the article

    def on_article_view_match_changed(self, event: ArticleView.MatchChanged) -> None:
        self._show_match(event.current, event.total)

    def _show_match(self, current: int | None, total: int) -> None:
        self.border_subtitle = f"match {(current or 0) + 1}/{total} · n next · N prev" if total else ""

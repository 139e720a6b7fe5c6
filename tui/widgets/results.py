"""The results list: per hit a title, language badge, source, date, score and a highlighted snippet."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search import Hit, SearchResult
from tui.messages import HitChosen, HitOpened, LoadMore, SuggestionChosen
from tui.text import highlighted, one_line, squeeze

SUGGESTION_ID = "--did-you-mean"
MORE_ID = "--load-more"
MATCH_STYLE = "bold $text-warning underline"
SNIPPET_CHARS = 110
"""Snippet text kept under a hit (about two lines of a narrow list), cut around the first match."""
LEAD_CHARS = 25
"""Context kept before the first match when a snippet is cut."""


def hit_prompt(hit: Hit) -> Content:
    """Three or more lines: title, badge and facts, then the first snippet, all plain text plus styles."""
    title = highlighted(hit.title or "(untitled)", hit.title_spans, MATCH_STYLE, "bold")
    badge = Content(f" {hit.lang.upper()} ").stylize("bold $text on $primary-muted")
    facts = " · ".join(part for part in (hit.source, hit.date, f"score {hit.score:.2f}" if hit.score is not None else None) if part)
    lines = [title, Content.assemble(badge, " ", Content(one_line(facts)).stylize("$text-muted"))]
    if hit.snippets:
        snippet = hit.snippets[0]
        text, spans, cut_before, cut_after = window(*squeeze(snippet.text, snippet.spans))
        line = highlighted(text, spans, MATCH_STYLE)
        lines.append(Content("…" if cut_before or snippet.start > 0 else "") + line + ("…" if cut_after else ""))
    return Content("\n").join(lines)


def window(text: str, spans: list[tuple[int, int]], size: int = SNIPPET_CHARS) -> tuple[str, list[tuple[int, int]], bool, bool]:
    """At most ``size`` characters of ``text`` from just before its first span, cut at spaces.

    Returns the text, its spans moved to match, and whether text was cut before and after.
    """
    first = min((start for start, _ in spans), default=0)
    start = max(0, first - LEAD_CHARS)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    while start < len(text) and text[start].isspace():
        start += 1
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start + size // 2, end)
        end = space if space != -1 else end
    moved = [(s - start, e - start) for s, e in spans if e > start and s < end]
    return text[start:end].rstrip(), moved, start > 0, end < len(text.rstrip())


class ResultsList(OptionList):
    """The ranked hits of the current query; highlighting one shows it in the preview."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("tab", "select", "Preview", show=False),
    ]

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """The height of all the hits. OptionList sets it on every change of the options, and Widget's version
    then asks for a layout of the whole screen (a reflow, every scrollbar repainted). The list's own size
    comes from app.tcss, never from its options; a scrollbar that appears or goes asks for its layout itself."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.hits: dict[str, Hit] = {}
        self.total = 0
        self.suggestion: str | None = None

    @property
    def highlighted_hit(self) -> Hit | None:
        if self.highlighted is None:
            return None
        option_id = self.get_option_at_index(self.highlighted).id
        return self.hits.get(option_id or "")

    def show_result(self, result: SearchResult | None, *, suggestion: str | None = None) -> None:
        """Replace the list with ``result`` (None: no query), offering ``suggestion`` first if given."""
        self.hits = {}
        self.total = result.total if result else 0
        self.suggestion = suggestion
        options: list[Option | None] = []
        if suggestion:
            prompt = Content.assemble(
                ("Did you mean: ", "$text-accent"),
                (suggestion, "bold $text-accent underline"),
                (" ?  (Enter)", "$text-muted"),
            )
            options.append(Option(prompt, id=SUGGESTION_ID))
        if result is not None and not result.hits and not suggestion:
            options.append(Option(Content(f"No matches for {one_line(result.query)}"), disabled=True))
        options += self._hit_options(result.hits if result else [])
        if options:
            # One replacement: the list is never empty in between (no scrollbar that goes and comes back).
            self.set_options(options)
        else:
            self.clear_options()  # set_options([]) would leave the old lines on the screen
        if self.option_count:
            first_hit = next((i for i in range(self.option_count) if self._is_hit(i)), 0)
            # Highlighted quietly: the app shows the first hit of new results in the preview itself,
            # once the typing pauses (HitChosen is for the user's moves).
            with self.prevent(OptionList.OptionHighlighted):
                self.highlighted = first_hit

    def append_result(self, result: SearchResult) -> None:
        """Add the next page of hits under those shown."""
        if self.option_count and self.get_option_at_index(self.option_count - 1).id == MORE_ID:
            self.remove_option(MORE_ID)
        first_new = self.option_count
        self.add_options(self._hit_options(result.hits))  # one pass over the lines for the page, not one per row
        if first_new < self.option_count:
            self.highlighted = first_new

    def _hit_options(self, hits: list[Hit]) -> list[Option | None]:
        """Options for the hits not shown yet (recorded in ``self.hits``), then a "more" line if some are left."""
        fresh = [hit for hit in hits if hit.id not in self.hits]
        self.hits.update((hit.id, hit) for hit in fresh)
        options: list[Option | None] = []
        for hit in fresh:
            options += [Option(hit_prompt(hit), id=hit.id), None]  # None: a separator line between hits
        if len(self.hits) < self.total:
            more = Content(f"▼ {self.total - len(self.hits):,} more — Enter to load").stylize("$text-accent")
            options.append(Option(more, id=MORE_ID))
        return options

    def _is_hit(self, index: int) -> bool:
        return (self.get_option_at_index(index).id or "") in self.hits

    @on(OptionList.OptionHighlighted)
    def _hit_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        option_id = event.option.id or ""
        self.post_message(HitChosen(option_id if option_id in self.hits else None))

    @on(OptionList.OptionSelected)
    def _hit_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id == SUGGESTION_ID:
            self.post_message(SuggestionChosen(self.suggestion or ""))
        elif option_id == MORE_ID:
            self.post_message(LoadMore())
        elif option_id in self.hits:
            self.post_message(HitOpened(option_id))

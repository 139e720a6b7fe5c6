"""The results list: per hit a title, language badge, source, date, optional score and a highlighted snippet."""

from __future__ import annotations

from textual import events, on
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search import Hit, SearchResult
from tui.messages import HitChosen, HitOpened, LoadMore, SuggestionChosen, TypedInResults
from tui.state import fold_versions
from tui.text import highlighted, language_badge, one_line, squeeze

SUGGESTION_ID = "--did-you-mean"
LOAD_AHEAD = 3
"""The next page is asked for when the cursor or the scroll comes within this many hits (or lines) of the end."""
MATCH_STYLE = "bold $text-warning underline"
SNIPPET_CHARS = 110
ACROSS_MARK = "across languages"
"""Beside the badge of a hit only the query's translation matched."""
"""Snippet text kept under a hit (about two lines of a narrow list), cut around the first match."""
LEAD_CHARS = 25
"""Context kept before the first match when a snippet is cut."""


def hit_prompt(hit: Hit, *, show_score: bool = False, width: int = 0) -> Content:
    """Three or more lines: title, badge and facts, then the first snippet, all plain text plus styles.

    With ``width`` (the cells a line has) the source is cut with "…" so that badge and facts keep to one line.
    """
    title = highlighted(hit.title or "(untitled)", hit.title_spans, MATCH_STYLE, "bold")
    badge = language_badge(hit.lang, hit.version_langs.values())
    # The score comes first, beside the badge, with a no-break space: at the end of the facts it wrapped
    # onto a line of its own (or apart from its figure) in a narrow list.
    score = f"score\N{NO-BREAK SPACE}{hit.score:.2f}" if show_score and hit.score is not None else None
    across = ACROSS_MARK if hit.cross_language else None
    source = Content(one_line(hit.source or ""))
    if width and source:
        others = [part for part in (across, score, hit.date) if part]
        room = width - badge.cell_length - 1 - sum(len(part) + 3 for part in others)
        source = source.truncate(room, ellipsis=True) if room >= 2 else Content("")
    facts = Content(" · ").join(part if isinstance(part, Content) else Content(part) for part in (score, source, hit.date) if part)
    shown = [Content(across).stylize("italic $accent")] if across else []
    shown += [facts.stylize("$text-muted")] if facts else []
    lines = [title, Content.assemble(badge, " ", Content(" · ").join(shown))]
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
        Binding("enter", "select", "Open"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("tab", "select", "Preview", show=False),
    ]
    KEPT_KEYS = frozenset("jk/?")
    """Characters the list or the app act on (move, search, help); any other goes back to the search box (as in fzf)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """The height of all the hits. OptionList sets it on every change of the options, and Widget's version
    then asks for a layout of the whole screen (a reflow, every scrollbar repainted). The list's own size
    comes from app.tcss, never from its options; a scrollbar that appears or goes asks for its layout itself."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.hits: dict[str, Hit] = {}
        self.total = 0
        self.fetched = 0
        """Hits the engine returned for the pages loaded (folded versions included)."""
        self.suggestion: str | None = None
        self.show_scores = False
        self.fold = False
        """One hit per article: the best-ranked language version stands for the others."""
        self._prompt_width = 0
        """The line width the hits' prompts were made for (0: before the first layout, nothing cut)."""

    def on_mount(self) -> None:
        self.show_busy(False)

    def show_busy(self, busy: bool) -> None:
        """The busy sign in the frame, for a search that takes longer than a moment."""
        self.border_title = "Results · searching…" if busy else "Results"

    def show_counter(self, total: int | None, documents: int | None) -> None:
        """The match counter in the frame, as fzf shows it: matches/documents."""
        if total is None:
            self.border_subtitle = ""
        else:
            self.border_subtitle = f"{total:,}/{documents:,}" if documents is not None else f"{total:,}"

    @property
    def highlighted_hit(self) -> Hit | None:
        if self.highlighted is None:
            return None
        option_id = self.get_option_at_index(self.highlighted).id
        return self.hits.get(option_id or "")

    def show_result(self, result: SearchResult | None, *, suggestion: str | None = None, keep: str | None = None) -> None:
        """Replace the list with ``result`` (None: no query), offering ``suggestion`` first if given; the
        cursor goes on hit ``keep`` if it is there, else on the first hit."""
        self.hits = {}
        self.fetched = 0
        self.total = result.total if result else 0
        self.suggestion = suggestion
        if result is None:
            self.show_counter(None, None)
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
            if keep is not None and keep in self.hits:
                first_hit = self.get_option_index(keep)
            # Highlighted quietly: the app shows the first hit of new results in the preview itself,
            # once the typing pauses (HitChosen is for the user's moves).
            with self.prevent(OptionList.OptionHighlighted):
                self.highlighted = first_hit
        self.call_after_refresh(self._near_the_end)  # a page that does not fill the frame asks for the next

    def append_result(self, result: SearchResult) -> None:
        """Add the next page of hits under those shown (the cursor stays where it is)."""
        self.add_options(self._hit_options(result.hits))  # one pass over the lines for the page, not one per row
        self.call_after_refresh(self._near_the_end)

    @property
    def has_more(self) -> bool:
        return self.fetched < self.total

    def _hit_options(self, hits: list[Hit]) -> list[Option | None]:
        """Options for the hits not shown yet (recorded in ``self.hits``)."""
        self.fetched += len(hits)
        fresh = [hit for hit in hits if hit.id not in self.hits]
        if self.fold:
            fresh = fold_versions(fresh, set(self.hits))
        self.hits.update((hit.id, hit) for hit in fresh)
        options: list[Option | None] = []
        for hit in fresh:
            options += [Option(self._prompt(hit), id=hit.id), None]  # None: a separator
        return options

    def _prompt(self, hit: Hit) -> Content:
        return hit_prompt(hit, show_score=self.show_scores, width=self._prompt_width)

    def _line_width(self) -> int:
        """Cells of a hit's line: the list's width inside its scrollbar gutter, less the options' padding."""
        padding = self.get_component_styles("option-list--option").padding
        return max(0, self.scrollable_content_region.width - padding.width)

    def _fit_prompts(self) -> None:
        """Hits laid out again for a new width (the source cut to keep the facts on one line)."""
        width = self._line_width()
        if width != self._prompt_width:
            self._prompt_width = width
            for index in range(self.option_count):
                hit = self.hits.get(self.get_option_at_index(index).id or "")
                if hit is not None:
                    self.replace_option_prompt_at_index(index, self._prompt(hit))
        self.scroll_to_highlight()

    def _near_the_end(self) -> None:
        """Load more as the user scrolls: no row to press."""
        if self.has_more and self.option_count:
            at_end = self.highlighted is not None and self.highlighted >= self.option_count - 2 * LOAD_AHEAD
            if at_end or self.scroll_y >= self.max_scroll_y - LOAD_AHEAD:
                self.post_message(LoadMore())

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if new > old:
            self._near_the_end()

    def on_resize(self) -> None:
        # The cursor's hit stays in sight when the terminal is resized.
        self.call_after_refresh(self._fit_prompts)

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.character not in self.KEPT_KEYS:
            event.stop()
            event.prevent_default()
            self.post_message(TypedInResults(event.character))

    def _is_hit(self, index: int) -> bool:
        return (self.get_option_at_index(index).id or "") in self.hits

    @on(OptionList.OptionHighlighted)
    def _hit_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        option_id = event.option.id or ""
        self.post_message(HitChosen(option_id if option_id in self.hits else None))
        self._near_the_end()

    @on(OptionList.OptionSelected)
    def _hit_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id == SUGGESTION_ID:
            self.post_message(SuggestionChosen(self.suggestion or ""))
        elif option_id in self.hits:
            self.post_message(HitOpened(option_id))

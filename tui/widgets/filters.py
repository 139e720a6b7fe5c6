"""The filter panel: language toggles and sources with hit counts, a date range, sort order."""

from __future__ import annotations

from dataclasses import replace

from textual import events, on
from textual.containers import Vertical, VerticalScroll
from textual.content import Content, ContentText
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, SelectionList, Static

from tui.messages import FiltersChanged
from search import SORTS
from tui.state import Filters, parse_date_bound
from tui.text import one_line


def _count_label(name: str, count: int | None, width: int = 0) -> Content:
    """``name`` and ``count`` (None: no count), the count right-aligned in ``width`` cells."""
    label = Content(one_line(name))
    if count is None:
        return label
    return Content.assemble(label, " ", Content(f"{count:,}".rjust(width)).stylize("$text-muted"))


class LangToggle(Checkbox):
    """A language toggle, labelled with the language and the hit count of the current query.

    The count is right-aligned in as many cells as the language's count of documents takes (the
    largest it can be), so the toggle keeps its width from one query to the next.
    """

    @property
    def label(self) -> Content:
        return self._label

    @label.setter
    def label(self, label: ContentText) -> None:
        # The toggle is as wide as its label (width: auto), and Checkbox asks for a layout of the
        # whole screen at every new label; one as wide as before only needs a repaint.
        new_label = self._make_label(label)
        resized = new_label.cell_length != self._label.cell_length
        self._label = new_label
        self.refresh(layout=resized)


class FilterPanel(VerticalScroll, can_focus=False):
    """Settings that narrow or order the results; posts FiltersChanged whenever one changes."""

    MAX_SOURCE_LINES = 10
    """Lines the sources list takes at most; it takes fewer when the index has fewer sources or the panel
    has no room (app.tcss: height 1fr)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.filters = Filters()
        self.langs: list[str] = []
        self.sources: list[str] = []
        self._lang_counts: dict[str, int | None] = {}
        """The count each language toggle shows now (None: none), so that an unchanged label is left alone."""
        self._lang_widths: dict[str, int] = {}
        """Cells for the count of each language: those of its count of documents."""
        self._source_counts: list[int | None] = []
        """The count each line of the sources list shows now, in the order of ``self.sources``."""
        self._source_rank: dict[str, int] = {}
        """Each source's place by its count of documents (most first), the order of the unchosen ones."""

    def compose(self):
        yield Label("Language", classes="filter-heading")
        yield Vertical(id="lang-toggles")
        yield Checkbox("translate query", value=True, id="translate", compact=True,
                       tooltip="Also find the other language's articles: by meaning (the semantic layer) and "
                               "through the query's translation (Apertium)")
        yield Label("Sources", classes="filter-heading")
        yield SelectionList[str](id="sources", compact=True)
        yield Label("Date", classes="filter-heading")
        yield Input(placeholder="from YYYY-MM-DD", id="since", compact=True)
        yield Input(placeholder="to YYYY-MM-DD", id="until", compact=True)
        yield Static(id="date-error")
        yield Label("Sort by", classes="filter-heading")
        with RadioSet(id="sort", compact=True):
            for sort in SORTS:
                yield RadioButton(sort, value=sort == "relevance", id=f"sort-{sort}", compact=True)

    def on_mount(self) -> None:
        self.border_title = "Filters"

    def set_vocabulary(self, langs: dict[str, int], sources: dict[str, int]) -> None:
        """Show a toggle per language and a line per source of the index (most documents first)."""
        toggles = self.query_one("#lang-toggles", Vertical)
        self.langs = sorted(langs)
        shown = {box.id: box for box in toggles.query(Checkbox)}
        for box_id, box in shown.items():
            if (box_id or "").removeprefix("lang-") not in langs:
                self._lang_counts.pop((box_id or "").removeprefix("lang-"), None)
                box.remove()
        self._lang_counts.update((lang, count) for lang, count in langs.items() if f"lang-{lang}" not in shown)
        self._lang_widths = {lang: len(f"{count:,}") for lang, count in langs.items()}
        toggles.mount_all(
            LangToggle(_count_label(lang, count), value=lang in self.filters.langs, id=f"lang-{lang}", compact=True)
            for lang, count in sorted(langs.items())
            if f"lang-{lang}" not in shown
        )
        self._source_rank = {
            name: rank for rank, (name, _) in enumerate(sorted(sources.items(), key=lambda item: (-item[1], item[0])))
        }
        self.sources = [name for name in self._source_rank if name]
        self._source_counts = [sources[name] for name in self.sources]
        self.query_one("#sources", SelectionList).styles.max_height = min(len(self.sources), self.MAX_SOURCE_LINES)
        self._list_sources()

    def _list_sources(self) -> None:
        """The sources' lines, the chosen ones first: a chosen source never sits out of sight below the others."""
        counts = dict(zip(self.sources, self._source_counts))
        chosen = self.filters.sources
        self.sources = self._chosen_first()
        self._source_counts = [counts[name] for name in self.sources]
        selection = self.query_one("#sources", SelectionList)
        with self.prevent(SelectionList.SelectedChanged):
            selection.clear_options()
            selection.add_options(
                (_count_label(name, counts[name]), name, name in chosen) for name in self.sources
            )
        selection.scroll_home(animate=False)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # Reordered once the user leaves the list, never under the cursor while they choose.
        if event.widget.id == "sources" and self.sources != self._chosen_first():
            self._list_sources()

    def _chosen_first(self) -> list[str]:
        return sorted(self.sources, key=lambda name: (name not in self.filters.sources, self._source_rank[name]))

    def show_counts(self, facets: dict[str, dict[str, int]] | None) -> None:
        """Hit counts of the current query (before filters) beside each language and source.

        Only the labels whose count changed are replaced (each replacement repaints the sources list).
        """
        lang_counts = (facets or {}).get("lang", {})
        for checkbox in self.query(LangToggle):
            lang = (checkbox.id or "").removeprefix("lang-")
            count = lang_counts.get(lang, 0) if facets is not None else None
            if lang not in self._lang_counts or self._lang_counts[lang] != count:
                checkbox.label = _count_label(lang, count, self._lang_widths.get(lang, 0))
                self._lang_counts[lang] = count
        source_counts = (facets or {}).get("source", {})
        selection = self.query_one("#sources", SelectionList)
        for index, name in enumerate(self.sources):
            count = source_counts.get(name, 0) if facets is not None else None
            if self._source_counts[index] != count:
                selection.replace_option_prompt_at_index(index, _count_label(name, count))
                self._source_counts[index] = count

    def focus_first(self) -> None:
        """Focus the panel's first setting (F2)."""
        first = next((widget for widget in self.query("*") if widget.focusable), None)
        if first is not None:
            first.focus()

    def reset(self) -> None:
        """Back to no filters and relevance order (posts one FiltersChanged)."""
        with self.prevent(Checkbox.Changed, SelectionList.SelectedChanged, Input.Changed, RadioSet.Changed):
            for checkbox in self.query(LangToggle):
                checkbox.value = False
            self.query_one("#translate", Checkbox).value = True
            self.query_one("#sources", SelectionList).deselect_all()
            self.query_one("#since", Input).value = ""
            self.query_one("#until", Input).value = ""
            self.query_one("#sort-relevance", RadioButton).value = True
            self.query_one("#date-error", Static).update("")
            self.query_one("#date-error", Static).remove_class("-shown")
            for field in self.query(Input):
                field.remove_class("-invalid")
        self._change(Filters())

    def _change(self, filters: Filters) -> None:
        if filters != self.filters:
            self.filters = filters
            self.post_message(FiltersChanged(filters))

    @on(Checkbox.Changed, "LangToggle")
    def _lang_toggled(self, event: Checkbox.Changed) -> None:
        event.stop()
        langs = frozenset(box.id.removeprefix("lang-") for box in self.query(LangToggle) if box.value and box.id)
        self._change(replace(self.filters, langs=langs))

    @on(Checkbox.Changed, "#translate")
    def _translate_toggled(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._change(replace(self.filters, translate=event.value))

    @on(SelectionList.SelectedChanged, "#sources")
    def _sources_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self._change(replace(self.filters, sources=frozenset(event.selection_list.selected)))

    @on(Input.Changed, "#since, #until")
    def _date_changed(self, event: Input.Changed) -> None:
        event.stop()
        bounds: dict[str, str | None] = {}
        errors: list[str] = []
        for name in ("since", "until"):
            field = self.query_one(f"#{name}", Input)
            try:
                bounds[name] = parse_date_bound(field.value, end=name == "until")
                field.remove_class("-invalid")
            except ValueError as error:
                errors.append(str(error))
                field.add_class("-invalid")
        error = self.query_one("#date-error", Static)
        error.update(Content(errors[0] if errors else "").stylize("$text-error"))
        error.set_class(bool(errors), "-shown")
        if not errors:
            self._change(replace(self.filters, since=bounds["since"], until=bounds["until"]))

    @on(Input.Submitted, "#since, #until")
    def _date_submitted(self, event: Input.Submitted) -> None:
        event.stop()

    @on(RadioSet.Changed, "#sort")
    def _sort_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._change(replace(self.filters, sort=str(event.pressed.id or "").removeprefix("sort-")))

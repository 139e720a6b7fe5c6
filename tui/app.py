"""The search app: wires the widgets to the engine through workers and messages; ``create_app`` builds it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import App, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

import search
from search import Article, Engine, Hit, IndexDamaged, IndexNotFound, IndexReport, IndexVersionError, SearchError
from tui.commands import SearchCommands
from tui.engines import EnginePool
from tui.history import QueryHistory, default_history_path
from tui.indexing import BuildFailed, BuildStopped, IndexBuild
from tui.memory import IdleCollector
from tui.messages import (
    ArticleFailed,
    ArticleLoaded,
    FiltersChanged,
    HitChosen,
    HitOpened,
    IndexBuilt,
    IndexChanged,
    IndexFailed,
    IndexProgress,
    LoadMore,
    SearchDone,
    SearchFailed,
    SuggestionChosen,
    TypedInResults,
)
from tui.pager import run_pager
from tui.screens.build import BuildScreen
from tui.screens.help import HelpScreen
from tui.errors import describe
from tui.screens.repair import RepairScreen
from tui.state import SearchRequest
from tui.widgets.filters import FilterPanel
from tui.widgets.preview import ArticleView, Preview
from tui.widgets.results import ResultsList
from tui.widgets.search_box import SearchBox
from tui.widgets.statusbar import StatusBar

DEBOUNCE_SECONDS = 0.0
"""Pause after a keystroke before searching; 0 searches at once (keystrokes that arrive while a
search runs still coalesce: the worker skips every request but the newest)."""
PAGE_SIZE = 20
"""Hits per page: a screenful and some; "more" fetches the next page."""
PREVIEW_DELAY_SECONDS = 0.15
"""Pause after new results before the preview loads their first hit, cut short by the next keystroke:
while the user types, each keystroke's search runs alone, not beside the article load and repaint of
a preview about to be replaced. Moving the cursor in the results shows its hit at once."""
WATCH_SECONDS = 2.0
"""How often the app checks for an index generation swapped in by another process."""
BUSY_AFTER_SECONDS = 0.3
"""A search still running after this long shows a busy sign in the results frame."""


def _unexpected(action: str, error: Exception) -> str:
    """One line for an error the engine did not describe itself."""
    return f"{action} failed: {type(error).__name__}: {error}"


class SearchApp(App[None]):
    """Search box, results, preview, filters and status bar over one ``search.Engine``."""

    CSS_PATH = "app.tcss"
    TITLE = "news-search"
    COMMANDS = App.COMMANDS | {SearchCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide"), (160, "-wider")]
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("slash", "focus_search", "Search", show=False),
        Binding("f2", "filters", "Filters"),
        Binding("f4", "other_version", "Language"),
        Binding("f5", "reindex", "Reindex"),
        Binding("ctrl+t", "toggle_dark", "Theme", show=False),
        Binding("ctrl+q", "quit", "Quit"),
    ]

    def __init__(
        self,
        *,
        index_dir: Path | None,
        seeds_dir: Path | None,
        history: QueryHistory,
        engine: Engine | None,
        debounce: float,
        preview_delay: float,
        show_timings: bool,
        page_size: int,
        open_spare: Callable[[], Engine] | None,
    ) -> None:
        super().__init__()
        self.index_dir = index_dir
        self.seeds_dir = seeds_dir
        self.history = history
        self.engine = engine
        self.debounce = debounce
        self.preview_delay = preview_delay
        self.show_timings = show_timings
        self.page_size = page_size
        self._open_spare = open_spare
        self.pool: EnginePool | None = None
        self.request: SearchRequest | None = None
        """The newest search launched; answers to any other are stale."""
        self.result_request: SearchRequest | None = None
        """The request whose answer the results list shows."""
        self._seq = 0
        self._busy_timer: Timer | None = None
        self._more_pending: SearchRequest | None = None
        """The next page asked for and not answered yet."""
        self._launched: tuple[str, object] | None = None
        self._debounce_timer: Timer | None = None
        self._preview_timer: Timer | None = None
        self._article_key: tuple[str, int] | None = None
        self._collector = IdleCollector()
        self.reindexing = False
        self._reindex: IndexBuild | None = None

    # Layout -----------------------------------------------------------------------------------

    def compose(self):
        yield SearchBox(self.history, id="search")
        with Horizontal(id="main"):
            yield ResultsList(id="results")
            yield Preview(id="preview")
            yield FilterPanel(id="filters")
        yield StatusBar(id="status", show_timings=self.show_timings)
        yield Footer()

    @property
    def search_box(self) -> SearchBox:
        return self.query_one("#search", SearchBox)

    @property
    def results(self) -> ResultsList:
        return self.query_one("#results", ResultsList)

    @property
    def preview(self) -> Preview:
        return self.query_one("#preview", Preview)

    @property
    def filter_panel(self) -> FilterPanel:
        return self.query_one("#filters", FilterPanel)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    # Start-up: open the index, or build it first ---------------------------------------------

    def on_mount(self) -> None:
        self.set_interval(self._collector.idle_seconds / 2, self._collect_when_idle, name="idle-gc")
        self.set_interval(WATCH_SECONDS, self._watch_index, name="watch-index")
        self.search_box.focus()
        self.status_bar.show_idle()
        if self.history.load_error:
            self.notify(self.history.load_error, severity="warning", markup=False)
        if self.engine is not None:
            self._engine_ready()
            return
        try:
            self.engine = search.open_index(self.index_dir)
        except IndexNotFound:
            self._first_build(rebuild=False)
        except (IndexVersionError, IndexDamaged) as error:
            self._ask_to_repair(str(error))
        except SearchError as error:
            self.status_bar.show_error(describe(error))
            self.notify(describe(error), severity="error", markup=False, timeout=30)
        else:
            self._engine_ready()

    def _first_build(self, *, rebuild: bool) -> None:
        self.push_screen(BuildScreen(self.seeds_dir, self.index_dir, rebuild=rebuild), self._first_build_done)

    def _ask_to_repair(self, problem: str) -> None:
        """A damaged index is rebuilt only if the user says so, from the folder it was built from (unless
        --seeds named another): never silently from ./seeds over an index of another folder."""
        recorded = search.recorded_seeds_dir(self.index_dir)
        if self.seeds_dir is None and recorded:
            self.seeds_dir = Path(recorded)
        seeds = self.seeds_dir or search.default_seeds_dir()

        def answered(rebuild: bool | None) -> None:
            if rebuild:
                self._first_build(rebuild=True)
            else:
                self.exit(return_code=1, message=f"{problem} Not rebuilt.")

        self.push_screen(RepairScreen(problem, Path(seeds), recorded is not None and Path(recorded) == Path(seeds)), answered)

    def _first_build_done(self, report: IndexReport | None) -> None:
        if report is not None and report.skipped:
            self.notify(f"Built: {_problems(report)}", markup=False)
        try:
            self.engine = search.open_index(self.index_dir)
        except SearchError as error:
            self.status_bar.show_error(describe(error))
            self.notify(describe(error), severity="error", markup=False, timeout=30)
            return
        self._engine_ready()

    def _engine_ready(self) -> None:
        assert self.engine is not None
        engine = self.engine
        self.pool = EnginePool(engine, self._open_spare or (lambda: search.open_index(engine.index_dir)))
        self._collector.collect_now()  # what the open index and the screen hold: frozen
        self._show_index_stats()
        self._warm_up_worker(engine)
        if self.search_box.value.strip():
            self._launch_search(force=True)

    @work(exclusive=True, thread=True, group="warm-up", exit_on_error=False)
    def _warm_up_worker(self, engine: Engine) -> None:
        """Loads the sentence encoder, the vectors and the translators while the first query is typed
        (else its search waits about a second for them)."""
        try:
            engine.warm_up()
        except SearchError:
            pass  # the first search meets the same problem and says it

    def _show_index_stats(self) -> None:
        assert self.engine is not None
        try:
            stats = self.engine.stats()
        except SearchError as error:
            self.notify(describe(error), severity="error", markup=False)
            return
        self.status_bar.documents = stats.documents
        self.filter_panel.set_vocabulary(stats.langs, stats.sources)
        if self.request is None:
            self.status_bar.show_idle()
        if self.seeds_dir is None and stats.seeds_dir:
            self.seeds_dir = Path(stats.seeds_dir)

    def on_unmount(self) -> None:
        if self._reindex is not None:
            self._reindex.stop()  # quitting does not wait for a reindex: the live index stays as it was
        if self.pool is not None:
            self.pool.close_spares()

    def _collect_when_idle(self) -> None:
        self._collector.check(self.busy)

    # Searching: one exclusive worker, requests that went stale while waiting skipped, stale answers dropped

    @property
    def busy(self) -> bool:
        """True while a search or an article for the preview is pending (the query in the box included,
        before its change is handled) or a search or article worker still runs (a reindex aside)."""
        return (
            self._debounce_timer is not None
            or self._preview_timer is not None
            or self._article_key is not None
            or self._typed_query() != (self._launched[0] if self._launched else "")
            or any(not worker.is_finished for worker in self.workers if worker.group in {"search", "more", "article"})
        )

    def _typed_query(self) -> str:
        try:
            return self.search_box.value.strip()
        except NoMatches:  # another screen (the first build) is shown
            return self._launched[0] if self._launched else ""

    @on(Input.Changed, "#search")
    def _query_typed(self) -> None:
        if self.debounce <= 0:
            self._launch_search()
            return
        if self._debounce_timer is not None:
            self._debounce_timer.stop()
        self._debounce_timer = self.set_timer(self.debounce, self._launch_search)

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self._launch_search()
        self._remember_query()
        # Into the list only when there is something to choose (not onto a "no matches" line).
        if self.results.hits or self.results.suggestion:
            self.results.focus()

    def on_typed_in_results(self, message: TypedInResults) -> None:
        box = self.search_box
        box.focus()
        box.value += message.character
        box.cursor_position = len(box.value)

    def on_filters_changed(self, message: FiltersChanged) -> None:
        self._launch_search()

    def _launch_search(self, force: bool = False, keep_place: bool = False) -> None:
        """Search for the box's text; ``keep_place``: as many hits as are loaded, the cursor on the same hit."""
        if self._debounce_timer is not None:
            self._debounce_timer.stop()
            self._debounce_timer = None
        query = self.search_box.value.strip()
        filters = self.filter_panel.filters
        if not force and self._launched == (query, filters):
            return
        self._launched = (query, filters)
        self._seq += 1
        self._drop_preview_request()  # the answer highlights a hit of its own
        self._collector.activity()
        self._stop_busy_sign()
        if not query:
            self.request = None
            self.workers.cancel_group(self, "search")
            self._show_no_query()
            return
        if self.pool is None:
            return
        limit, keep = self.page_size, None
        if keep_place and self.result_request is not None and self.result_request.query == query:
            # The pages loaded and one more: a new article ranked above pushes the cursor's hit down.
            loaded = len(self.results.hits)
            limit = (-(-loaded // self.page_size) + 1) * self.page_size
            keep = self.results.highlighted_hit.id if self.results.highlighted_hit else None
        self.request = SearchRequest(self._seq, query, filters, limit=limit, keep=keep)
        self._search_worker(self.request)
        self._busy_timer = self.set_timer(BUSY_AFTER_SECONDS, self._show_busy_sign)

    def _show_busy_sign(self) -> None:
        self._busy_timer = None
        self.results.show_busy(True)

    def _stop_busy_sign(self) -> None:
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None
        self.results.show_busy(False)

    def _search(self, request: SearchRequest) -> None:
        """Runs in a worker thread: ask the engine, post the answer (or the error) back."""
        assert self.pool is not None
        try:
            # An overtaken search still running keeps its engine; this one takes another (see EnginePool).
            # One that became stale while it waited for an engine is skipped, not run.
            with self.pool.lease() as engine:
                if get_current_worker().is_cancelled or request.seq != self._seq:
                    return
                result = engine.search(
                    request.query,
                    limit=request.limit,
                    offset=request.offset,
                    snippets=1,
                    **request.filters.engine_kwargs(),
                )
        except SearchError as error:
            message: SearchDone | SearchFailed = SearchFailed(request, describe(error))
        except Exception as error:  # noqa: BLE001 - shown to the user, never a traceback
            message = SearchFailed(request, _unexpected("the search", error))
        else:
            message = SearchDone(request, result)
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @work(exclusive=True, thread=True, group="search")
    def _search_worker(self, request: SearchRequest) -> None:
        self._search(request)

    @work(exclusive=True, thread=True, group="more")
    def _more_worker(self, request: SearchRequest) -> None:
        self._search(request)

    def on_search_done(self, message: SearchDone) -> None:
        request, result = message.request, message.result
        if self.request is None or request.seq != self.request.seq:
            return  # an answer to an older query: a newer one is on its way
        if not request.offset:
            self._stop_busy_sign()
        if request.offset:
            self._more_pending = None
            self.result_request = request
            self.results.append_result(result)
        else:
            self.result_request = request
            # The engine offers a suggestion only when there are no or few hits.
            self.results.show_result(result, suggestion=result.suggestion, keep=request.keep)
            self.filter_panel.show_counts(result.facets)
            self._preview_soon(self.results.highlighted_hit)
        self.status_bar.show_hits(result.total, len(self.results.hits), result.took_ms, result.notices,
                                  translations=result.translations)
        self.results.show_counter(result.total, self.status_bar.documents)

    def on_search_failed(self, message: SearchFailed) -> None:
        if self.request is None or message.request.seq != self.request.seq:
            return
        self._stop_busy_sign()
        self._more_pending = None
        self.results.show_result(None)
        self._preview_soon(None)
        self.status_bar.show_error(message.error)

    def on_load_more(self, message: LoadMore) -> None:
        if self.result_request is None or self.request is None or self.result_request.seq != self.request.seq:
            return
        page = self.result_request.next_page()
        if self.results.has_more and page != self._more_pending:  # not that page again while it is on its way
            self._more_pending = page
            self._more_worker(page)

    def on_suggestion_chosen(self, message: SuggestionChosen) -> None:
        self.search_box.value = message.query
        self.search_box.cursor_position = len(message.query)
        self._launch_search()
        self.search_box.focus()

    def _show_no_query(self) -> None:
        self.result_request = None
        self.results.show_result(None)
        self.filter_panel.show_counts(None)
        self.preview.clear()
        self.status_bar.show_idle()

    def _remember_query(self) -> None:
        if error := self.history.add(self.search_box.value):
            self.notify(error, severity="warning", markup=False)

    # The preview -----------------------------------------------------------------------------

    def on_hit_chosen(self, message: HitChosen) -> None:
        """The user moved the cursor in the results: the preview follows at once."""
        self._drop_preview_request()
        if message.doc_id is None or self.result_request is None:
            self.preview.clear()
            return
        self._load_article(message.doc_id, self.result_request.seq, self.result_request.query)

    def _preview_soon(self, hit: Hit | None) -> None:
        """New results: their first hit goes into the preview once the typing pauses."""
        self._drop_preview_request()
        if hit is None or self.result_request is None:
            self.preview.clear()
            return
        seq, query = self.result_request.seq, self.result_request.query
        if self.preview_delay > 0:
            self._preview_timer = self.set_timer(self.preview_delay, lambda: self._load_article(hit.id, seq, query))
        else:
            self._load_article(hit.id, seq, query)

    def _load_article(self, doc_id: str, seq: int, query: str) -> None:
        self._preview_timer = None
        self._article_key = (doc_id, seq)
        self._article_worker(doc_id, seq, query)

    def _drop_preview_request(self) -> None:
        """Forget the article the preview was about to load (it keeps showing the one it has)."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if self._article_key is not None:
            self._article_key = None
            self.workers.cancel_group(self, "article")

    @work(exclusive=True, thread=True, group="article")
    def _article_worker(self, doc_id: str, seq: int, query: str) -> None:
        assert self.pool is not None
        try:
            with self.pool.lease() as engine:
                article = engine.article(doc_id, query)
        except SearchError as error:
            message: ArticleLoaded | ArticleFailed = ArticleFailed(doc_id, seq, describe(error))
        except Exception as error:  # noqa: BLE001 - shown to the user, never a traceback
            message = ArticleFailed(doc_id, seq, _unexpected("reading the article", error))
        else:
            message = ArticleLoaded(doc_id, seq, article)
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        if self._article_key == (message.doc_id, message.seq):
            self.preview.show_article(message.article)
            self.call_after_refresh(self._article_shown, self._article_key)

    def on_article_failed(self, message: ArticleFailed) -> None:
        if self._article_key == (message.doc_id, message.seq):
            self.preview.clear(message.error)
            self.call_after_refresh(self._article_shown, self._article_key)

    def _article_shown(self, key: tuple[str, int]) -> None:
        """The preview is on the screen: nothing is pending for it any more (see ``busy``)."""
        if self._article_key == key:
            self._article_key = None
            self._collector.paused()

    def on_hit_opened(self, message: HitOpened) -> None:
        self._remember_query()
        self.preview.view.focus()

    # Reindex from inside the app -------------------------------------------------------------

    def action_reindex(self) -> None:
        if self.reindexing:
            self.notify("A reindex is already running.")
            return
        if self.engine is None:
            self.notify("The index is not open yet.", severity="warning")
            return
        self.reindexing = True
        # Said in the status bar beside the progress (a toast would cover it): searches keep working.
        self._reindex = IndexBuild(self.seeds_dir, self.index_dir)
        self._reindex_worker(self._reindex)

    @work(exclusive=True, thread=True, group="reindex")
    def _reindex_worker(self, build: IndexBuild) -> None:
        assert self.pool is not None
        try:
            report = build.run(self.post_message)
            changed = self.pool.refresh()
        except BuildStopped:
            return
        except BuildFailed as error:
            self.post_message(IndexFailed(str(error)))
        except SearchError as error:
            self.post_message(IndexFailed(describe(error)))
        except Exception as error:  # noqa: BLE001 - shown to the user, never a traceback
            self.post_message(IndexFailed(_unexpected("reindexing", error)))
        else:
            self.post_message(IndexBuilt(report, changed))

    def on_index_progress(self, message: IndexProgress) -> None:
        self.status_bar.reindex_progress(message.progress)

    def on_index_built(self, message: IndexBuilt) -> None:
        self.reindexing = False
        self.status_bar.reindex_finished()
        report = message.report
        summary = (
            f"Reindexed: {report.added:,} added, {report.updated:,} updated, {report.removed:,} removed, "
            f"{report.documents:,} documents."
        )
        if report.skipped:
            summary += f" {_problems(report)}"
        self.notify(summary, markup=False)
        if message.changed:
            self._index_changed()

    def on_index_changed(self, message: IndexChanged) -> None:
        self.notify("The index was updated by another process: results refreshed.", markup=False)
        self._index_changed()

    def _index_changed(self) -> None:
        """The engines read a new generation: new figures, and the results again, cursor and pages kept."""
        self._collector.collect_now()  # what the open index and the screen hold: frozen
        self._show_index_stats()
        self._launch_search(force=True, keep_place=True)

    def _watch_index(self) -> None:
        if self.pool is not None and not self.reindexing:
            self._watch_worker()

    @work(exclusive=True, thread=True, group="watch")
    def _watch_worker(self) -> None:
        """Notice a generation another ``search-cli index`` swapped in (Engine.refresh is a file read)."""
        assert self.pool is not None
        try:
            changed = self.pool.refresh()
        except SearchError:
            return  # the next search reports what is wrong, in its own words
        if changed and not get_current_worker().is_cancelled:
            self.post_message(IndexChanged())

    def on_index_failed(self, message: IndexFailed) -> None:
        self.reindexing = False
        self.status_bar.reindex_finished()
        self.notify(message.error, title="Reindex failed", severity="error", markup=False, timeout=15)

    # Keys and commands -----------------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_focus_search(self) -> None:
        self.search_box.focus()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, ArticleView):
            self.results.focus()
        elif focused is self.search_box:
            self.search_box.value = ""
        else:
            self.search_box.focus()

    def action_toggle_filters(self) -> None:
        panel = self.filter_panel
        if panel.display:
            panel.add_class("-hidden").remove_class("-shown")
            if panel.has_focus_within:
                self.search_box.focus()
        else:
            panel.add_class("-shown").remove_class("-hidden")

    def action_filters(self) -> None:
        """F2: show the filters and go into them; from inside them, hide them again."""
        panel = self.filter_panel
        if panel.display and panel.has_focus_within:
            self.action_toggle_filters()
            return
        panel.add_class("-shown").remove_class("-hidden")
        self.call_after_refresh(panel.focus_first)

    def action_clear_filters(self) -> None:
        self.filter_panel.reset()

    def action_toggle_scores(self) -> None:
        self.results.show_scores = not self.results.show_scores
        self._launch_search(force=True, keep_place=True)

    def action_toggle_fold(self) -> None:
        self.results.fold = not self.results.fold
        self.notify("One hit per article (language versions folded)." if self.results.fold else "Every language version is its own hit.")
        self._launch_search(force=True, keep_place=True)

    def action_other_version(self) -> None:
        """The preview shows the article's next language version, with the query's matches marked."""
        article = self.preview.article
        if article is None or self.result_request is None:
            self.notify("No article in the preview.", severity="warning")
            return
        if not article.versions:
            self.notify(f"This article has no other language version ({article.lang.upper()} only).")
            return
        self._drop_preview_request()
        self._load_article(article.versions[0], self.result_request.seq, self.result_request.query)

    def _selected(self) -> Hit | Article | None:
        """The article in the preview, else the highlighted hit."""
        if (article := self.preview.article) is not None:
            return article
        if (hit := self.results.highlighted_hit) is not None:
            return hit
        self.notify("No article selected.", severity="warning")
        return None

    def action_copy_path(self) -> None:
        if (selected := self._selected()) is None:
            return
        if Path(selected.path).suffix.lower() == ".jsonl":
            # A record of a .jsonl archive: its id finds it (the file is thousands of other records).
            self.copy_to_clipboard(selected.id)
            self.notify(f"Copied record id: {selected.id} (a record of {selected.path})", markup=False)
            return
        path = selected.path
        if self.seeds_dir is not None:
            path = str(Path(self.seeds_dir) / path)
        self.copy_to_clipboard(path)
        self.notify(f"Copied path: {path}", markup=False)

    def action_copy_id(self) -> None:
        if selected := self._selected():
            self.copy_to_clipboard(selected.id)
            self.notify(f"Copied id: {selected.id}", markup=False)

    def _selected_url(self) -> str | None:
        if (selected := self._selected()) is None:
            return None
        if not selected.url:
            self.notify("This article has no URL.", severity="warning")
        return selected.url or None

    def action_copy_url(self) -> None:
        if url := self._selected_url():
            self.copy_to_clipboard(url)
            self.notify(f"Copied URL: {url}", markup=False)

    def action_open_url(self) -> None:
        if url := self._selected_url():
            self.open_url(url)
            self.notify(f"Opening {url}", markup=False)

    def action_open_pager(self) -> None:
        article = self.preview.article
        if article is None:
            self.notify("No article in the preview.", severity="warning")
            return
        facts = " · ".join(part for part in (article.source, article.date, article.path, article.url) if part)
        header = f"{article.title}\n{facts}\n\n"
        text = f"{header}{article.body}\n"
        # The pager opens at the first match (the one the preview shows), not at the top.
        spans = article.spans
        current = self.preview.view.current
        start = spans[current][0] if spans and current is not None else None
        line = header.count("\n") + article.body[:start].count("\n") + 1 if start is not None else None
        try:
            with self.suspend():
                error = run_pager(text, line)
        except SuspendNotSupported:
            error = "this terminal cannot hand the screen over to a pager"
        if error:
            self.notify(error, severity="error", markup=False)


def create_app(
    index_dir: Path | str | None = None,
    seeds_dir: Path | str | None = None,
    history_path: Path | str | None = None,
    engine: Engine | None = None,
    *,
    debounce: float = DEBOUNCE_SECONDS,
    preview_delay: float = PREVIEW_DELAY_SECONDS,
    show_timings: bool = True,
    page_size: int = PAGE_SIZE,
    open_spare: Callable[[], Engine] | None = None,
) -> SearchApp:
    """The one way to make the app, for the ``search-tui`` command and the tests alike.

    ``index_dir``/``seeds_dir`` default to the engine's defaults; ``history_path`` to
    ``default_history_path()``; an ``engine`` given is used as is (no build screen). ``open_spare``
    opens the second engine a search overtaken by newer typing leaves the newest (default: the same index).
    """
    return SearchApp(
        index_dir=search.setting("index", index_dir).value if index_dir is not None else None,  # a URL stays one
        seeds_dir=Path(seeds_dir) if seeds_dir is not None else None,
        history=QueryHistory(Path(history_path) if history_path is not None else default_history_path()),
        engine=engine,
        debounce=debounce,
        preview_delay=preview_delay,
        show_timings=show_timings,
        page_size=page_size,
        open_spare=open_spare,
    )


def _problems(report: IndexReport) -> str:
    """The build's problems counted by kind (files and records left out, warnings), with the first one."""
    counts = [(report.count("file"), "file skipped", "files skipped"),
              (report.count("record"), "record skipped", "records skipped"),
              (report.count("warning"), "warning", "warnings")]
    parts = [f"{n:,} {one if n == 1 else many}" for n, one, many in counts if n]
    return f"{', '.join(parts)}; e.g. {report.skipped[0]}"

"""The progress screen shown while the first index is built from the seeds folder."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, ProgressBar, Static

from search import IndexReport
from tui.indexing import BuildFailed, BuildStopped, IndexBuild, bar_position, phase_label
from tui.messages import IndexBuilt, IndexFailed, IndexProgress

class BuildScreen(Screen[IndexReport]):
    """Builds the index in a thread worker and dismisses itself with the report."""

    BINDINGS = [Binding("q,escape,ctrl+c,ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, seeds_dir: Path | None, index_dir: Path | None, *, rebuild: bool = False) -> None:
        super().__init__()
        self.seeds_dir = seeds_dir
        self.index_dir = index_dir
        self.rebuild = rebuild
        self.build = IndexBuild(seeds_dir, index_dir, rebuild=rebuild)

    def compose(self):
        with Vertical(id="build-box"):
            yield Label("Building the search index", id="build-title")
            yield Static(
                Content(f"from {self.seeds_dir or 'the default seeds folder'}\ninto {self.index_dir or 'the default index folder'}"),
                id="build-paths",
            )
            yield ProgressBar(id="build-bar", show_eta=False)
            yield Static(id="build-phase")

    def on_mount(self) -> None:
        self.run_build()

    def action_quit(self) -> None:
        """Quit at once: the partial build is abandoned, the previous index (if any) stays."""
        self.build.stop()
        self.app.exit()

    def on_unmount(self) -> None:
        self.build.stop()

    @work(thread=True, exclusive=True, group="build")
    def run_build(self) -> None:
        try:
            report = self.build.run(self.post_message)
        except BuildStopped:
            return
        except BuildFailed as error:
            self.post_message(IndexFailed(str(error)))
        except Exception as error:  # noqa: BLE001 - shown to the user, never a traceback
            self.post_message(IndexFailed(f"building the index failed: {type(error).__name__}: {error}"))
        else:
            self.post_message(IndexBuilt(report))

    def on_index_progress(self, message: IndexProgress) -> None:
        progress = message.progress
        total, done = bar_position(progress)
        self.query_one("#build-bar", ProgressBar).update(total=total, progress=done)
        detail = phase_label(progress)
        if progress.path:
            detail += f"\n{progress.path}"
        self.query_one("#build-phase", Static).update(Content(detail))

    def on_index_built(self, message: IndexBuilt) -> None:
        self.dismiss(message.report)

    def on_index_failed(self, message: IndexFailed) -> None:
        self.query_one("#build-title", Label).update(Content("The index could not be built"))
        self.query_one("#build-phase", Static).update(
            Content.assemble((message.error, "$text-error"), "\n\nPress q to quit.")
        )
        self.notify(message.error, severity="error", markup=False, timeout=30)

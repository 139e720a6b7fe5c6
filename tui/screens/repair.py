"""The question asked before a damaged or outdated index is rebuilt: from which folder, yes or no."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class RepairScreen(ModalScreen[bool]):
    """Dismissed with True to rebuild the index from ``seeds_dir``, False to quit."""

    BINDINGS = [Binding("escape,q,n", "answer(False)", "Quit"), Binding("y", "answer(True)", "Rebuild")]

    def __init__(self, problem: str, seeds_dir: Path, recorded: bool) -> None:
        super().__init__()
        self.problem = problem
        self.seeds_dir = seeds_dir
        self.recorded = recorded

    def compose(self):
        origin = "the folder it was built from" if self.recorded else "this folder (the index does not record its own)"
        with Vertical(id="repair-box"):
            yield Label("The index cannot be used", id="repair-title")
            yield Static(
                Content.assemble(
                    (self.problem, "$text-error"),
                    "\n\nRebuild it from ", (origin, ""), "?\n", (str(self.seeds_dir), "bold"),
                    "\n\nThe old index is replaced only once the new one is complete.",
                ),
                id="repair-text",
            )
            with Horizontal(id="repair-buttons"):
                yield Button("Rebuild (y)", id="repair-yes", variant="primary")
                yield Button("Quit (n)", id="repair-no")

    def on_mount(self) -> None:
        self.query_one("#repair-yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "repair-yes")

    def action_answer(self, rebuild: bool) -> None:
        self.dismiss(rebuild)

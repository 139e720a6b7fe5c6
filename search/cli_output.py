"""Where search-cli writes: plain text when piped, Rich styles on a terminal, NO_COLOR respected."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.text import Text


def wants_styles(mode: str, stream: TextIO) -> bool:
    """Bold and colour at all? ``always``/``never`` decide; ``auto`` styles a terminal only."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    return _isatty(stream) and os.environ.get("TERM") != "dumb"


def wants_colour(mode: str) -> bool:
    """Colour (not just bold)? NO_COLOR (set and non-empty) turns it off unless --color always."""
    return mode == "always" or not os.environ.get("NO_COLOR")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Output:
    """Writes rich Text lines to a stream: styled through a Rich Console, or as plain text."""

    def __init__(self, mode: str = "auto", stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.styled = wants_styles(mode, self.stream)
        self._console = None
        if self.styled:
            from rich.console import Console

            self._console = Console(
                file=self.stream, force_terminal=True, no_color=not wants_colour(mode),
                markup=False, emoji=False, highlight=False,
            )

    def line(self, text: Text | str = "", indent: int = 0) -> None:
        """One logical line; a terminal wraps it (indented), a pipe gets it unwrapped."""
        if self._console is None:
            plain = text if isinstance(text, str) else text.plain
            self.stream.write(" " * indent + plain + "\n")
            return
        if indent:
            from rich.padding import Padding

            self._console.print(Padding(text, (0, 0, 0, indent), expand=False))
        else:
            self._console.print(text)

    def raw(self, data: str) -> None:
        """Unstyled text exactly as given (JSON Lines)."""
        self.stream.write(data)

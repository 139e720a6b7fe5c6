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


def terminal_width(stream: TextIO) -> int | None:
    """The columns of the terminal ``stream`` is on, or None when it is not one (never wrap then)."""
    if not _isatty(stream):
        return None
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return int(os.environ.get("COLUMNS") or 80)


class Output:
    """Writes rich Text lines to a stream: styled through a Rich Console, or as plain text.

    Lines are wrapped (with their indent) only to a terminal's width, and never padded.
    ``width=True`` takes the stream's terminal width (none off a terminal); a number forces one and
    ``styled`` forces styles, to render for a pager into a buffer.
    """

    def __init__(self, mode: str = "auto", stream: TextIO | None = None, *,
                 styled: bool | None = None, width: int | None | bool = True) -> None:
        self.stream = stream or sys.stdout
        self.styled = wants_styles(mode, self.stream) if styled is None else styled
        self.width = terminal_width(self.stream) if width is True else (width or None)
        self._console = None
        self._measure = None
        if self.styled:
            from rich.console import Console

            self._console = Console(
                file=self.stream, force_terminal=True, no_color=not wants_colour(mode),
                markup=False, emoji=False, highlight=False, width=self.width or 10_000,
            )

    def line(self, text: Text | str = "", indent: int = 0) -> None:
        """One logical line; a terminal wraps it (indented), a pipe gets it unwrapped."""
        from rich.text import Text

        rich_text = Text(text) if isinstance(text, str) else text
        if self.width:
            if self._measure is None:
                from rich.console import Console

                # Plain text is wrapped as Rich would; nothing is printed through this console.
                self._measure = self._console or Console(width=self.width, markup=False, emoji=False)
            parts = list(rich_text.wrap(self._measure, max(self.width - indent, 20)))
        else:
            parts = rich_text.split("\n", allow_blank=True) if "\n" in rich_text.plain else [rich_text]
        for part in parts:
            part.rstrip()
            if self._console is None:
                self.stream.write((" " * indent + part.plain).rstrip() + "\n")
            else:
                self._console.print(Text(" " * indent) + part if indent and part.plain else part,
                                    soft_wrap=True)

    def raw(self, data: str) -> None:
        """Unstyled text exactly as given (JSON Lines)."""
        self.stream.write(data)

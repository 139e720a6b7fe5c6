"""Terminal-safe text for human output: escape sequences and control characters removed, spans kept."""

from __future__ import annotations

import re
from bisect import bisect_right

from search.models import Span

# Whole sequences first, so that an ESC[31m or an OSC title loses its parameters too, not only the ESC:
# CSI (7- and 8-bit), OSC/DCS/APC/PM/SOS strings up to BEL or ST, other two-character ESC sequences;
# then any other C0/C1 control, DEL, and the bidi overrides that can reorder what a terminal shows.
_SEQUENCE = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI
UNSAFE = re.compile(f"{_SEQUENCE}|[{_CONTROLS}]")
"""What is removed; newlines and tabs stay (``one_line`` turns them into spaces first)."""
_BREAKS = re.compile(r"[\t\n\r\f\v]")


def safe_text(text: str, spans: list[Span] = (), *, one_line: bool = False) -> tuple[str, list[Span]]:
    """``text`` without terminal controls and ``spans`` moved to point at the same characters.

    With ``one_line``, tabs and line breaks become spaces (same length, so spans stay put) and every
    other control is removed. A span left empty by the removal is dropped.
    """
    if one_line:
        text = _BREAKS.sub(" ", text)
    if UNSAFE.search(text) is None:
        return text, list(spans)
    pieces: list[str] = []
    starts: list[int] = []  # each removed run: where it starts and ends in ``text``, and how many
    ends: list[int] = []  # characters were removed before it
    before: list[int] = []
    last = 0
    for match in UNSAFE.finditer(text):
        pieces.append(text[last:match.start()])
        before.append(before[-1] + ends[-1] - starts[-1] if starts else 0)
        starts.append(match.start())
        ends.append(match.end())
        last = match.end()
    pieces.append(text[last:])

    def moved(position: int) -> int:
        i = bisect_right(starts, position) - 1
        if i < 0:
            return position
        return starts[i] - before[i] + max(0, position - ends[i])

    new_spans = [(moved(a), moved(b)) for a, b in spans]
    return "".join(pieces), [(a, b) for a, b in new_spans if a < b]


def safe_line(text: str) -> str:
    """One line of plain text with no terminal controls (metadata, file names, notes)."""
    return safe_text(text, one_line=True)[0]

"""Show an article in the user's ``$PAGER`` (the app suspends itself around the call)."""

from __future__ import annotations

import os
import shlex
import subprocess

DEFAULT_PAGER = "less"


def pager_command() -> list[str]:
    """``$PAGER`` split like a shell would, or ``less``."""
    return shlex.split(os.environ.get("PAGER") or DEFAULT_PAGER) or [DEFAULT_PAGER]


def start_at(command: list[str], line: int | None) -> list[str]:
    """``command`` told to open at ``line`` (1-based), for the pagers known to take it: less and more."""
    if line is None or line <= 1:
        return command
    name = os.path.basename(command[0])
    if name == "less":
        return [*command, f"+{line}g"]
    if name == "more":
        return [*command, f"+{line}"]
    return command


def run_pager(text: str, line: int | None = None) -> str | None:
    """Pipe ``text`` into the pager (at ``line`` when it can) and wait; returns an error line, or None."""
    try:
        command = start_at(pager_command(), line)
    except ValueError as error:
        return f"cannot read $PAGER ({error}): fix its quoting"
    try:
        subprocess.run(command, input=text, text=True, check=False)
    except OSError as error:
        return f"cannot run the pager {command[0]!r} ({error.strerror or error}): set $PAGER to a pager that exists"
    return None

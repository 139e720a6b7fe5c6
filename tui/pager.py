"""Show an article in the user's ``$PAGER`` (the app suspends itself around the call)."""

from __future__ import annotations

import os
import shlex
import subprocess

DEFAULT_PAGER = "less"


def pager_command() -> list[str]:
    """``$PAGER`` split like a shell would, or ``less``."""
    return shlex.split(os.environ.get("PAGER") or DEFAULT_PAGER) or [DEFAULT_PAGER]


def run_pager(text: str) -> str | None:
    """Pipe ``text`` into the pager and wait for it; returns an error line, or None on success."""
    try:
        command = pager_command()
    except ValueError as error:
        return f"cannot read $PAGER ({error}): fix its quoting"
    try:
        subprocess.run(command, input=text, text=True, check=False)
    except OSError as error:
        return f"cannot run the pager {command[0]!r} ({error.strerror or error}): set $PAGER to a pager that exists"
    return None

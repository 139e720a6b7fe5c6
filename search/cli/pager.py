"""search-cli show's output: through $PAGER when it is longer than the terminal, plain when piped."""

from __future__ import annotations

import io
import os
import shlex
import shutil
import signal
import subprocess
import sys

from search.cli.output import Output, terminal_width, wants_styles
from search.models import Article

RULE = "─" * 40
"""Between two articles."""


def render_articles(out: Output, articles: list[Article]) -> None:
    from rich.text import Text

    from search.cli.render import META_STYLE, print_article

    for number, article in enumerate(articles):
        if number:
            out.line()
            out.line(Text(RULE, style=META_STYLE))
        print_article(out, article)


def print_articles(articles: list[Article], color: str, *, pager: bool = True) -> None:
    """Write the articles to stdout; on a terminal, page them when they do not fit on one screen."""
    stdout = sys.stdout
    command = _pager_command() if pager else None
    width = terminal_width(stdout)
    if command is None or width is None:
        render_articles(Output(color), articles)
        return
    buffer = io.StringIO()
    render_articles(Output(color, buffer, styled=wants_styles(color, stdout), width=width), articles)
    text = buffer.getvalue()
    if text.count("\n") < shutil.get_terminal_size().lines - 1:
        stdout.write(text)
        return
    stdout.flush()
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git does: quit if it fits, keep colours, leave the screen as is
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env,
                                 encoding="utf-8", errors="replace")
    except OSError:
        stdout.write(text)
        return
    # Ctrl-C belongs to the pager while it runs (as in git): it must not kill us under it.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pager.stdin.write(text)
        pager.stdin.close()
    except BrokenPipeError:  # the reader quit the pager before the end: nothing more to show
        pass
    finally:
        pager.wait()
        signal.signal(signal.SIGINT, previous)


def _pager_command() -> str | None:
    """$PAGER (default less) if it can be run; None for no pager ('cat' or an empty $PAGER)."""
    command = os.environ.get("PAGER", "less").strip()
    if not command or command == "cat":
        return None
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return None
    return command if shutil.which(program) else None

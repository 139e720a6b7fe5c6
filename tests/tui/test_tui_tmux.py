"""End to end in a real terminal: tmux runs ``python -m tui``, we type and read the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from corpus_data import REPO_ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
]

SPANISH_TITLE = "El equipo de Trump establece"
WAIT_SECONDS = 20.0
"""Upper bound for the app to show something; the test polls and moves on as soon as it does."""


class Terminal:
    """A detached tmux session on a private server socket, 100x30."""

    def __init__(self, command: str, name: str) -> None:
        # A server of our own per session: never the user's tmux, never one still shutting down.
        self.socket = f"news-search-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.name = name
        self.tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", command, check=True)

    def tmux(self, *args: str, check: bool = False) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30, check=check
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def press(self, key: str) -> None:
        self.tmux("send-keys", "-t", self.name, key)

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def close(self) -> None:
        self.tmux("kill-server")
        socket_dir = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (socket_dir / self.socket).unlink(missing_ok=True)


@pytest.fixture
def terminal(index_dir: Path, tmp_path: Path):
    paged = tmp_path / "paged.txt"
    pager = tmp_path / "pager.py"
    pager.write_text(f"import sys\nopen({str(paged)!r}, 'w').write(sys.stdin.read())\n")
    environment = {
        "PYTHONPATH": str(REPO_ROOT),
        "TERM": "xterm-256color",
        "PAGER": f"{sys.executable} {pager}",
    }
    # If the app dies, the pane keeps its last words (a traceback) for the failure message.
    command = "env {} {} -m tui --index {} --history {}; echo app exited with $?; read _".format(
        " ".join(f"{key}={shlex.quote(value)}" for key, value in environment.items()),
        shlex.quote(sys.executable),
        shlex.quote(str(index_dir)),
        shlex.quote(str(tmp_path / "history")),
    )
    session = Terminal(command, "tui")
    session.paged = paged  # type: ignore[attr-defined]
    yield session
    session.close()


def test_typing_deportacion_shows_the_spanish_article(terminal):
    terminal.wait_for("documents in the index")
    terminal.type("deportacion")
    screen = terminal.wait_for(SPANISH_TITLE)
    assert "deportacion" in screen
    assert "[EFE]" in screen  # bracketed article text is shown as text
    assert "hits" in screen


def test_the_pager_gets_the_article_and_the_app_comes_back(terminal):
    terminal.wait_for("documents in the index")
    terminal.type("frontera")
    terminal.wait_for("[EFE]")
    terminal.press("Enter")  # into the results
    terminal.wait_for("⏎ Open")  # the footer shows the keys of the list
    terminal.press("Enter")  # into the preview
    terminal.wait_for("o Pager")
    terminal.type("o")
    deadline = time.monotonic() + WAIT_SECONDS
    while not (terminal.paged.exists() and terminal.paged.read_text()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "frontera sur" in terminal.paged.read_text()
    terminal.wait_for("match 1/")  # the app is back on screen


def test_the_preview_switches_to_the_other_language_version(terminal):
    terminal.wait_for("documents in the index")
    terminal.type("canales salvador")
    terminal.wait_for(SPANISH_TITLE)
    terminal.press("Enter")  # into the results
    terminal.wait_for("⏎ Open")
    terminal.press("Enter")  # into the preview
    terminal.wait_for("o Pager")
    screen = terminal.wait_for("match 1/")
    assert "ES · also EN" in screen
    terminal.type("l")
    screen = terminal.wait_for("EN · also ES")
    assert "match 1/" in screen  # the query's matches (Salvador) are marked in English too

"""Helpers for the CLI tests: run search-cli piped (in this process, or the real entry point) or on a pseudo-terminal."""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from corpus_data import REPO_ROOT

SEEDS = REPO_ROOT / "seeds"
ANSI_SGR = re.compile(r"\x1b\[([0-9;]*)m")
ANY_ESCAPE = "\x1b["


def cli_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a user with no colour preferences, whose default index lives in ``tmp``."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE"}}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["NEWS_SEARCH_INDEX"] = str(tmp / "default-index")
    env["NEWS_SEARCH_SEEDS"] = str(tmp / "default-seeds")
    env["PYTHONIOENCODING"] = "utf-8"
    env["TERM"] = "xterm-256color"
    env["PAGER"] = "cat"  # `show` on a terminal must not wait in an interactive pager
    env["XDG_CONFIG_HOME"] = str(tmp / "config")  # no config file of the machine's user
    env.update(extra)
    return env


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "search.cli", *args]


def run_cli(*args: str, env: dict[str, str], cwd: Path | None = None,
            process: bool = False) -> subprocess.CompletedProcess[str]:
    """Run search-cli with stdout and stderr piped (not a terminal): ``search.cli.main(args)`` in this
    process, in ``env`` and ``cwd``, with an empty stdin; ``process=True`` runs the real entry point
    in a process of its own (for what only a process shows: imports, shell completion, exit codes)."""
    if process:
        return subprocess.run(cli_command(*args), env=env, cwd=cwd, capture_output=True, text=True,
                              encoding="utf-8", timeout=300)
    return _run_in_process(list(args), env, cwd)


def _run_in_process(argv: list[str], env: dict[str, str], cwd: Path | None) -> subprocess.CompletedProcess[str]:
    import io

    from search.cli import main

    streams = sys.stdin, sys.stdout, sys.stderr
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    out, err = io.BytesIO(), io.BytesIO()
    sys.stdin = io.StringIO("")
    sys.stdout = stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
    os.environ.clear()
    os.environ.update(env)
    try:
        if cwd is not None:
            os.chdir(cwd)
        try:
            code = main(argv)
        except SystemExit as exit_:  # --help and --version end in argparse's exit
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)
        written = [stream.detach().getvalue().decode("utf-8") for stream in (stdout, stderr)]  # flushed
    return subprocess.CompletedProcess(["search-cli", *argv], code, *written)


@dataclass
class TerminalRun:
    returncode: int
    output: str
    """stdout and stderr as the terminal showed them (lines end in \\r\\n)."""


def run_in_terminal(*args: str, env: dict[str, str], columns: int = 120,
                    interrupt_on: str | None = None) -> TerminalRun:
    """Run search-cli with stdin/stdout/stderr on a pseudo-terminal, as a user at a shell would.

    With ``interrupt_on``, press Ctrl-C (SIGINT to the command's process group) as soon as the
    terminal shows that text.
    """
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {**env, "COLUMNS": str(columns)}
    # Ctrl-C as at a shell prompt: a test run started in the background (``cmd &``) ignores SIGINT,
    # and a child inheriting that would never see the key.
    process = subprocess.Popen(cli_command(*args), env=env, stdin=slave, stdout=slave, stderr=slave,
                               close_fds=True, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
            if interrupt_on is not None and interrupt_on in b"".join(chunks).decode("utf-8", "replace"):
                try:
                    os.killpg(process.pid, signal.SIGINT)
                except ProcessLookupError:  # it already finished
                    pass
                interrupt_on = None
        returncode = process.wait(timeout=60)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return TerminalRun(returncode, b"".join(chunks).decode("utf-8", "replace"))


def sgr_codes(text: str) -> list[list[int]]:
    """The parameters of every ANSI style sequence in ``text``."""
    return [[int(p) for p in match.group(1).split(";") if p] for match in ANSI_SGR.finditer(text)]


def has_colour(text: str) -> bool:
    """Any foreground/background colour (30-38, 40-48, 90-97, 100-107) among the styles?"""
    return any(30 <= p <= 38 or 40 <= p <= 48 or 90 <= p <= 97 or 100 <= p <= 107
               for codes in sgr_codes(text) for p in codes)


def has_bold(text: str) -> bool:
    return any(1 in codes for codes in sgr_codes(text))


def json_lines(stdout: str) -> list[dict]:
    """Parse JSON Lines, failing on any line that is not one JSON object."""
    records = []
    for line in stdout.splitlines():
        record = json.loads(line)
        assert isinstance(record, dict), line
        records.append(record)
    return records


def one_error_line(stderr: str) -> str:
    """The single line search-cli prints on an error; fails on tracebacks or extra lines."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("search-cli: error: "), lines[0]
    return lines[0]


@dataclass
class IndexedSeeds:
    """A private copy of the seeds, its index, and an environment pointing at both."""

    seeds: Path
    index: Path
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, "--index", str(self.index), env=self.env)


def copy_seeds(target: Path) -> Path:
    shutil.copytree(SEEDS, target)
    return target


# The `sourced` fixture's JSONL export: sources, dates, a long source name, terminal escapes.
ESC = "\x1b"
LONG_SOURCE = "Agencia Internacional de Noticias del Hemisferio Occidental"
EVIL_TITLE = f"Alert {ESC}[31mRED{ESC}[0m from Mexico"
EVIL_BODY = (f"Mexico {ESC}]0;pwned title\x07news {ESC}[2Jcleared screen, \u202ereversed\u202c text and "
             "a bell\x07 in a long paragraph about the border with Mexico that goes on and on, "
             "well past the eighty columns of a classic terminal, so that wrapping would show.")
RECORDS = [
    {"id": "cbs-1", "title": "Border talks with Mexico", "lang": "en", "date": "2025-01-02",
     "source": "CBS News",
     "body": "Mexico and the United States met on Monday to talk about the border, trade and the "
             "migrants waiting in Tijuana, in a meeting that both sides called long and useful."},
    {"id": "efe-1", "title": "Frontera con México", "lang": "es", "date": "2024-05-06", "source": "EFE",
     "body": "México y Estados Unidos hablaron de la frontera y del comercio."},
    {"id": "long-1", "title": "México en la prensa", "lang": "es", "date": "2023-03-04",
     "source": LONG_SOURCE, "body": "La prensa de México habla de la frontera."},
    {"id": "evil-1", "title": EVIL_TITLE, "lang": "en", "date": "2022-02-02",
     "source": f"Evil{ESC}[5m Blink", "body": EVIL_BODY},
]
SOURCED_FILE = "news.jsonl"


def record_id(record: dict) -> str:
    """The id the index gives a record of the sourced export: its file, its own id, its language."""
    return f"{SOURCED_FILE}/{record['id']}#{record['lang']}"


LONG_ID, EVIL_ID = record_id(RECORDS[2]), record_id(RECORDS[3])

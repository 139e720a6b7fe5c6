"""Query translation with Apertium (optional: used when its English-Spanish pair is installed).

One persistent pipeline per direction, started on first use: a new ``apertium`` process per query
costs ~195 ms, a warm pipeline ~1.5 ms. The mode's programs are run directly, each with ``-z``
(flush on a null byte), because ``apertium -z`` loses the nulls in its text formatter.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import threading
import time
from pathlib import Path

PAIRS = {("en", "es"): "eng-spa", ("es", "en"): "spa-eng"}
MODE_DIRS = (Path("/usr/share/apertium/modes"), Path("/usr/local/share/apertium/modes"))
TIMEOUT_S = 2.0
"""Longest wait for one translation (the first one loads the dictionaries, ~0.5 s); past it the
pipeline is stopped and the query goes on untranslated."""
MAX_CHARS = 1000

_SPECIAL = re.compile(r"([\\^$/<>@\[\]{}*#+|])")
_ESCAPED = re.compile(r"\\(.)")
_PROGRAM = re.compile(r"^(\S+)")

_lock = threading.Lock()
_pipelines: dict[str, _Pipeline | None] = {}


def available(source: str, target: str) -> bool:
    """Whether the pair for this direction is installed."""
    return _mode_file(source, target) is not None


def start(source: str, target: str) -> None:
    """Start the direction's pipeline if it is not running: it loads its dictionaries (~0.5 s) in
    its own processes while the caller goes on, e.g. loading the encoder."""
    pair = PAIRS.get((source, target))
    if pair is not None:
        with _lock:
            _pipeline(pair, source, target)


def translate(text: str, source: str, target: str) -> str | None:
    """``text`` in the other language, or None when Apertium or the pair is missing or fails."""
    pair = PAIRS.get((source, target))
    if pair is None or not text.strip():
        return None
    with _lock:
        pipeline = _pipeline(pair, source, target)
        if pipeline is None:
            return None
        result = pipeline.translate(text[:MAX_CHARS])
        if result is None:
            pipeline.close()
            _pipelines[pair] = None  # broken or too slow: not tried again by this process
        return result


def _pipeline(pair: str, source: str, target: str) -> _Pipeline | None:
    if pair not in _pipelines:
        mode = _mode_file(source, target)
        _pipelines[pair] = _Pipeline(mode) if mode is not None else None
    return _pipelines[pair]


def _mode_file(source: str, target: str) -> Path | None:
    pair = PAIRS.get((source, target))
    if pair is None or shutil.which("lt-proc") is None:
        return None
    for folder in MODE_DIRS:
        if (folder / f"{pair}.mode").is_file():
            return folder / f"{pair}.mode"
    return None


def pipeline_command(mode_text: str) -> str:
    """The mode's shell pipeline with null flushing on every program and unknown words unmarked
    (``$1`` is the generator's option: ``-n``, as ``apertium -u`` passes; ``$2`` the tagger's)."""
    programs = [_PROGRAM.sub(r"\1 -z", part.strip()) for part in mode_text.strip().split("|")]
    return " | ".join(programs).replace("$1", "-n").replace("$2", "")


class _Pipeline:
    def __init__(self, mode: Path) -> None:
        self.process = subprocess.Popen(
            ["bash", "-c", pipeline_command(mode.read_text(encoding="utf-8"))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C at a terminal reaches the search, not the pipeline
        )

    def translate(self, text: str) -> str | None:
        # A blank ("[]", a superblank) must follow the last word, or the bilingual lookup waits.
        data = _SPECIAL.sub(r"\\\1", text.replace("\0", " ")).encode("utf-8") + b"[]\0"
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
            out = self._read_until_null(time.monotonic() + TIMEOUT_S)
        except OSError:
            return None
        if out is None:
            return None
        return _ESCAPED.sub(r"\1", out.decode("utf-8", "replace").replace("[]", "")).strip()

    def _read_until_null(self, deadline: float) -> bytes | None:
        out = bytearray()
        fd = self.process.stdout.fileno()
        while b"\0" not in out.lstrip(b"\0"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            out += chunk
        return bytes(out.lstrip(b"\0").split(b"\0", 1)[0])

    def close(self) -> None:
        try:
            os.killpg(self.process.pid, 9)
        except OSError:
            pass
        self.process.wait()

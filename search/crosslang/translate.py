"""Translate query text between English and Spanish through persistent Apertium pipelines."""

from __future__ import annotations

import atexit
import os
import re
import selectors
import shlex
import shutil
import subprocess
import threading
import time

MODES_DIR = "/usr/share/apertium/modes"
TIMEOUT_S = 1.0
_PAIRS = {("en", "es"): "eng-spa", ("es", "en"): "spa-eng"}
# Characters Apertium's stream format gives a meaning to; escaped so the text passes through as words.
_SPECIAL = re.compile(r"([\^$/<>@*\[\]\\{}#|+])")
# The post-generator drops `~` even escaped, so it travels inside a superblank, which no stage touches.
_TILDE = "[\\~]"
# Output tokens: an escaped character, a superblank (its content is what we put there), or plain text.
_TOKEN = re.compile(r"\\(.)|\[((?:\\.|[^\]\\])*)\]|([^\\\[]+|.)", re.DOTALL)
# lt-proc -b (3.7) keeps a null-flushed block in its stdio buffer; unbuffered output makes -z work.
_UNBUFFERED = ["stdbuf", "-o0"] if shutil.which("stdbuf") else []


def _mode_commands(mode: str) -> list[list[str]] | None:
    """The mode file's programs, each with its null-flush flag, or None when not installed."""
    path = os.path.join(MODES_DIR, mode + ".mode")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    commands = []
    for stage in text.strip().split("|"):
        # $1 is the generator option: -n drops the `*` unknown-word marks; $2 is the tagger's extra option.
        argv = [a for a in shlex.split(stage.replace("$1", "-n").replace("$2", "")) if a]
        if not argv or shutil.which(argv[0]) is None:
            return None
        commands.append([*_UNBUFFERED, argv[0], "-z", *argv[1:]])
    return commands


class _Pipeline:
    """One running chain of a mode's programs, fed and read with null-terminated blocks."""

    def __init__(self, commands: list[list[str]]):
        self.procs: list[subprocess.Popen] = []
        prev = None
        try:
            for i, argv in enumerate(commands):
                last = i == len(commands) - 1
                p = subprocess.Popen(
                    argv,
                    stdin=prev.stdout if prev else subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
                if prev is not None:
                    prev.stdout.close()  # the next program owns the read end now
                else:
                    self.stdin = p.stdin
                self.procs.append(p)
                prev = p
                if last:
                    self.stdout = p.stdout
        except OSError:
            self.close()
            raise

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.procs)

    def run(self, data: bytes, deadline: float) -> bytes | None:
        """Write data + NUL, read to the NUL; None on EOF or when the deadline passes."""
        out = bytearray()
        pending = memoryview(data + b"\0")
        os.set_blocking(self.stdin.fileno(), False)
        with selectors.DefaultSelector() as sel:
            sel.register(self.stdout, selectors.EVENT_READ)
            sel.register(self.stdin, selectors.EVENT_WRITE)
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                for key, _ in sel.select(left):
                    if key.fileobj is self.stdin:
                        try:
                            n = os.write(self.stdin.fileno(), pending[:65536])
                        except BlockingIOError:
                            continue
                        except OSError:
                            return None
                        pending = pending[n:]
                        if not pending:
                            sel.unregister(self.stdin)
                    else:
                        chunk = os.read(self.stdout.fileno(), 65536)
                        if not chunk:
                            return None
                        out += chunk
                        end = out.find(b"\0")
                        if end >= 0:
                            return bytes(out[:end])

    def close(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.kill()
        for p in self.procs:
            try:
                p.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
            for f in (p.stdin, p.stdout):
                if f is not None:
                    try:
                        f.close()
                    except OSError:
                        pass


_lock = threading.Lock()
_pipelines: dict[str, _Pipeline] = {}
_locks: dict[str, threading.Lock] = {}


def available(source: str, target: str) -> bool:
    """Whether Apertium and the language pair for source -> target are installed."""
    mode = _PAIRS.get((source, target))
    return mode is not None and _mode_commands(mode) is not None


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text.replace("\0", " ")).replace("~", _TILDE)


def _unescape(text: str) -> str:
    parts = []
    for escaped, blank, plain in _TOKEN.findall(text):
        if blank:
            parts.append(_unescape(blank))
        else:
            parts.append(escaped or plain)
    return "".join(parts)


def translate(text: str, source: str, target: str, timeout: float = TIMEOUT_S) -> str | None:
    """The text translated, or None when Apertium is missing, died or took longer than timeout."""
    mode = _PAIRS.get((source, target))
    if mode is None:
        return None
    with _lock:
        lock = _locks.setdefault(mode, threading.Lock())
    deadline = time.monotonic() + timeout
    if not lock.acquire(timeout=timeout):
        return None
    try:
        for _attempt in range(2):  # a pipeline found dead is restarted once
            pipe = _running(mode)
            if pipe is None:
                return None
            try:
                # the analyser holds the last word until a blank follows it, so one is added and removed
                raw = pipe.run((_escape(text) + " ").encode("utf-8"), deadline)
            except (OSError, ValueError):
                raw = None
            if raw is not None:
                out = raw.decode("utf-8", "replace")
                return _unescape(out[:-1] if out.endswith(" ") else out)
            # dead or too slow: kill it so the next call starts a fresh one
            pipe.close()
            _pipelines.pop(mode, None)
            if time.monotonic() >= deadline:
                return None
        return None
    finally:
        lock.release()


def start(source: str, target: str) -> None:
    """Start the pair's pipeline if it is not running, without waiting: its programs load their
    dictionaries (~0.4 s) while the caller does something else."""
    mode = _PAIRS.get((source, target))
    if mode is None or ((pipe := _pipelines.get(mode)) is not None and pipe.alive()):
        return
    with _lock:
        lock = _locks.setdefault(mode, threading.Lock())
    if lock.acquire(blocking=False):  # else a translation is running, which starts it
        try:
            _running(mode)
        finally:
            lock.release()


def _running(mode: str) -> _Pipeline | None:
    """The mode's live pipeline, started if needed (its lock held); None if it cannot run."""
    pipe = _pipelines.get(mode)
    if pipe is not None and pipe.alive():
        return pipe
    if pipe is not None:
        pipe.close()
    commands = _mode_commands(mode)
    if commands is None:
        _pipelines.pop(mode, None)
        return None
    try:
        pipe = _pipelines[mode] = _Pipeline(commands)
    except OSError:
        _pipelines.pop(mode, None)
        return None
    return pipe


def close() -> None:
    """Stop every running pipeline."""
    with _lock:
        for pipe in _pipelines.values():
            pipe.close()
        _pipelines.clear()


atexit.register(close)

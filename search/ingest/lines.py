"""Read a JSON Lines file line by line, with memory flat in the file's size and a limit per line."""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from search.errors import SeedFileError
from search.ingest.decode import decode, decode_8bit, open_seed, read_bytes, reject_binary, unreadable, utf16_without_bom

MAX_RECORD_BYTES = 64 * 1024 * 1024
"""A line longer than this is skipped (reported) rather than read into memory."""
_CHUNK = 1024 * 1024


@dataclass
class Line:
    """One line of the file: its number (1-based) and its text (None when over the limit)."""

    number: int
    text: str | None
    raw: bytes
    """The line's bytes as in the file (empty for a line over the limit): what its digest is taken of."""


class JsonlLines:
    """The lines of one file, read as they are iterated; ``read_bytes`` tells how far it got."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.read_bytes = 0
        try:
            self._handle = open_seed(self.path)
            self.size = os.fstat(self._handle.fileno()).st_size
            head = self._handle.read(_CHUNK)
            self._handle.seek(0)
        except OSError as exc:
            raise unreadable(exc) from None
        if not head:
            self.close()
            raise SeedFileError("file is empty — add text or remove it")
        # UTF-16 cannot be split at newline bytes: such a file is read whole, under the file limit.
        self._utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or bool(utf16_without_bom(head))
        if not self._utf16:
            try:
                reject_binary(head)
            except SeedFileError:
                self.close()
                raise

    def close(self) -> None:
        self._handle.close()

    def __iter__(self) -> Iterator[Line]:
        try:
            yield from (self._utf16_lines() if self._utf16 else self._lines())
        finally:
            self.close()

    def _utf16_lines(self) -> Iterator[Line]:
        self.close()
        text = decode(read_bytes(self.path), nfc=False)
        self.read_bytes = self.size
        for number, line in enumerate(text.split("\n"), start=1):
            yield Line(number, line, line.encode("utf-8", "surrogatepass"))

    def _lines(self) -> Iterator[Line]:
        number = 0
        first = True
        while True:
            raw, whole = self._read_line()
            if raw is None:
                return
            if first and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            first = False
            if not whole:
                number += 1
                yield Line(number, None, b"")
                continue
            raw = raw.removesuffix(b"\n").removesuffix(b"\r")
            # An old Mac file ends its lines in CR alone: each is a line, as decode() reads them.
            for part in raw.split(b"\r") if b"\r" in raw else (raw,):
                number += 1
                yield Line(number, _text(part), part)

    def _read_line(self) -> tuple[bytes | None, bool]:
        """The next line's bytes (None at the end), and False when it was over the limit (then skipped)."""
        try:
            raw = self._handle.readline(MAX_RECORD_BYTES + 1)
            if not raw:
                return None, True
            self.read_bytes += len(raw)
            if len(raw) <= MAX_RECORD_BYTES or raw.endswith(b"\n"):
                return raw, True
            while (rest := self._handle.readline(_CHUNK)) and not rest.endswith(b"\n"):
                self.read_bytes += len(rest)
            self.read_bytes += len(rest)
            return b"", False
        except OSError as exc:
            raise SeedFileError(
                f"file cannot be read past byte {self.read_bytes} ({exc.strerror or exc.__class__.__name__}) — check it"
            ) from None


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_8bit(raw)


def too_long() -> str:
    """Why a line is skipped for its length."""
    limit = f"{MAX_RECORD_BYTES // 2**20} MiB" if MAX_RECORD_BYTES >= 2**20 else f"{MAX_RECORD_BYTES} bytes"
    return f"over the {limit} limit per record — split the record; line skipped"

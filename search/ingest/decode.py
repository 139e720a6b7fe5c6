"""Read a seed file's bytes and turn them into clean text: encoding, binary check, newlines, NFC."""

from __future__ import annotations

import codecs
import os
import unicodedata
from pathlib import Path
from typing import BinaryIO

from search.errors import SeedFileError

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Seed files larger than this are skipped rather than read into memory."""

_SAMPLE_BYTES = 64 * 1024
_MAX_CONTROL_RATIO = 0.05
_BINARY_CONTROLS = bytes(byte for byte in range(32) if byte not in b"\t\n\r\f\v")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or SeedFileError when it is not a regular file, too large, unreadable or empty."""
    try:
        with open_seed(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise SeedFileError(too_large(size))
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise unreadable(exc) from None
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise SeedFileError(too_large(len(data)))
    if not data:
        raise SeedFileError("file is empty — add text or remove it")
    return data


def open_seed(path: Path) -> BinaryIO:
    """The file opened for reading in binary; OSError as ``open`` raises it (see ``unreadable``)."""
    from search.ingest.files import open_regular

    return os.fdopen(open_regular(path), "rb")


def unreadable(exc: OSError) -> SeedFileError:
    """The one-line error for a seed file that cannot be opened or read."""
    if isinstance(exc, PermissionError):
        return SeedFileError("file cannot be read (permission denied) — check its permissions")
    if isinstance(exc, IsADirectoryError):
        return SeedFileError("is a folder, not a file — rename it")
    return SeedFileError(f"file cannot be read ({exc.strerror or exc.__class__.__name__}) — check it")


def too_large(size: int) -> str:
    """Why a file of ``size`` bytes is not read."""
    return (f"file is {size / 2**20:.0f} MiB, over the {MAX_FILE_BYTES // 2**20} MiB limit"
            " — split it into smaller files")


def decode(data: bytes, *, nfc: bool = True) -> str:
    """Text from bytes: UTF-8 (BOM stripped), UTF-16, else cp1252; LF newlines, NFC.

    ``nfc=False`` leaves normalisation to the caller (a JSON Lines reader normalises each field,
    which is far cheaper than normalising a whole large file). Raises SeedFileError for binary
    data or text that is only whitespace.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_utf16(data, "utf-16")
    elif codec := utf16_without_bom(data):
        text = _decode_utf16(data, codec)
    else:
        reject_binary(data)
        text = decode_8bit(data)
    text = normalize_text(text) if nfc else text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SeedFileError("file holds only whitespace — add text or remove it")
    return text


def is_unicode(text: str) -> bool:
    """Whether ``text`` is valid Unicode: no lone surrogates (undecodable bytes, or a bad JSON escape)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def normalize_text(text: str) -> str:
    """LF newlines and NFC: the form every indexed string takes."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _decode_utf16(data: bytes, codec: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        raise SeedFileError("file starts like UTF-16 text but is not valid UTF-16 — save it as UTF-8") from None
    return text.lstrip("\ufeff")


def utf16_without_bom(data: bytes) -> str | None:
    """The codec of BOM-less UTF-16 text (mostly Latin script: every other byte is NUL), or None."""
    sample = data[:_SAMPLE_BYTES - _SAMPLE_BYTES % 2]
    if len(sample) < 4:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.6 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def reject_binary(data: bytes) -> None:
    sample = data[:_SAMPLE_BYTES]
    if b"\0" in sample:
        raise SeedFileError("file is binary, not text (it holds NUL bytes) — is it an image or a document renamed?")
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROLS))
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise SeedFileError("file is binary, not text (too many control characters) — is it an image renamed?")


def decode_8bit(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes stays UTF-8; otherwise it is a Windows/Latin-1 file.
    as_utf8 = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    broken = as_utf8.count("\ufffd")
    well_formed = len(as_utf8) - len(as_utf8.encode("ascii", errors="ignore")) - broken
    if well_formed > 4 * broken:
        return as_utf8
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1")

"""Files that cannot be read as they are: encodings, binary data, empty, unreadable, too large."""

from __future__ import annotations

import codecs
import os
import struct
import zlib

import pytest
from ingest_helpers import read_one, write_seed

from search.errors import SeedFileError
from search.ingest import MAX_FILE_BYTES, read_seed_file

SPANISH = ("Los asesores dicen que Trump comenzará enfocándose en más de 1 millón de personas en México.\n\n"
           "La deportación fue discutida.")


def png_bytes() -> bytes:
    """A real 1x1 PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0\xff\0\0")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_latin1_and_cp1252_spanish_keeps_its_accents(tmp_path, encoding):
    documents, _ = read_one(tmp_path, "latin.txt", SPANISH, encoding=encoding)
    assert documents[0].lang == "es"
    assert "México" in documents[0].body and "deportación" in documents[0].body


def test_cp1252_curly_quotes_are_read_as_quotes(tmp_path):
    text = "“Ya estamos hablando”, dijo el zar de la frontera."
    documents, _ = read_one(tmp_path, "quotes.txt", text, encoding="cp1252")
    assert documents[0].body == text


def test_utf8_bom_is_stripped(tmp_path):
    documents, _ = read_one(tmp_path, "bom.txt", codecs.BOM_UTF8 + SPANISH.encode("utf-8"))
    assert documents[0].title.startswith("Los asesores")
    assert "\ufeff" not in documents[0].title + documents[0].body


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_read(tmp_path, encoding):
    data = SPANISH.encode(encoding)
    if encoding != "utf-16":
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    documents, _ = read_one(tmp_path, "wide.txt", data)
    assert "deportación" in documents[0].body and "\ufeff" not in documents[0].title


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_not_called_binary(tmp_path, encoding):
    documents, _ = read_one(tmp_path, "wide.txt", SPANISH, encoding=encoding)
    assert "deportación" in documents[0].body and documents[0].lang == "es"


def test_decomposed_accents_are_composed(tmp_path):
    documents, _ = read_one(tmp_path, "nfd.txt", "Me\u0301xico y la deportacio\u0301n de migrantes.")
    assert documents[0].body == "México y la deportación de migrantes."


def test_mostly_utf8_with_one_broken_byte_stays_utf8(tmp_path):
    data = SPANISH.encode("utf-8") + b" \xff fin."
    documents, _ = read_one(tmp_path, "broken.txt", data)
    assert "México" in documents[0].body


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"  \n\n\t \r\n", "only whitespace"), ("   \n".encode("utf-16"), "only whitespace")],
)
def test_empty_and_blank_files_are_refused(tmp_path, content, reason):
    with pytest.raises(SeedFileError, match=reason):
        read_one(tmp_path, "blank.txt", content)


@pytest.mark.parametrize("name", ["photo.txt", "photo.md", "photo.jsonl"])
def test_png_renamed_as_text_is_refused(tmp_path, name):
    with pytest.raises(SeedFileError, match="binary") as error:
        read_one(tmp_path, name, png_bytes())
    assert "\n" not in str(error.value)


def test_control_characters_without_nul_are_binary(tmp_path):
    with pytest.raises(SeedFileError, match="binary"):
        read_one(tmp_path, "ctl.txt", bytes(range(1, 9)) * 50 + b"text")


def test_unreadable_file_is_refused_with_a_reason(tmp_path, monkeypatch):
    path = write_seed(tmp_path, "secret.txt", SPANISH)
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: make the read fail as it would for a user
        real_open = os.open

        def refuse(file, flags, *args, **kwargs):
            if os.path.basename(file) == "secret.txt":
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    try:
        with pytest.raises(SeedFileError, match="permission denied"):
            read_seed_file(path, tmp_path)
    finally:
        path.chmod(0o644)


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = write_seed(tmp_path, "huge.txt", "")
    with path.open("wb") as handle:  # sparse: no need to write 64 MiB
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(SeedFileError, match="over the 64 MiB limit"):
        read_seed_file(path, tmp_path)


@pytest.mark.slow
def test_large_text_file_under_the_limit_is_indexed(tmp_path):
    paragraph = "The deportation of migrants to Mexico and El Salvador was discussed by the government. " * 5
    path = write_seed(tmp_path, "large.txt", ("\n\n".join([paragraph] * 118_000)))
    assert 50_000_000 < path.stat().st_size < MAX_FILE_BYTES
    documents, _ = read_seed_file(path, tmp_path)
    assert [d.lang for d in documents] == ["en"]
    assert len(documents[0].body) > 50_000_000

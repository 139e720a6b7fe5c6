"""Read one seed file into Documents, by its extension; whole-file problems raise SeedFileError."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from search.errors import SeedFileError
from search.ingest.decode import decode, read_bytes
from search.ingest.document import Document
from search.ingest.files import relative_path
from search.ingest.jsonl import JsonlReader, Unchanged
from search.ingest.lines import JsonlLines
from search.ingest.markdown import read_markdown
from search.ingest.txt import read_txt
from search.models import SkippedFile


class SeedStream:
    """One seed file's documents as they are read: a .jsonl file record by record, with no size limit
    (memory does not grow with the file), any other file whole. ``problems`` and ``part`` (the
    share of the file read) are up to date as it is iterated.

    Iterating raises SeedFileError when the whole file is unusable (before any document)."""

    def __init__(self, path: Path, root: Path, known: dict[str, str] | None = None):
        self.path = Path(path)
        self.relative = relative_path(self.path, root)
        self._known = known
        self._lines: JsonlLines | None = None
        self._reader: JsonlReader | None = None
        self._problems: list[SkippedFile] = []

    @property
    def problems(self) -> list[SkippedFile]:
        return self._reader.problems() if self._reader is not None else self._problems

    @property
    def part(self) -> float:
        """How much of the file has been read, from 0 to 1."""
        lines = self._lines
        return min(1.0, lines.read_bytes / lines.size) if lines is not None and lines.size else 0.0

    def __iter__(self) -> Iterator[Document | Unchanged]:
        if self.path.suffix.lower() != ".jsonl":
            documents, self._problems = _read_whole(self.path, self.relative)
            yield from documents
            return
        self._lines = JsonlLines(self.path)
        self._reader = reader = JsonlReader(self.relative, self._known)
        yield from reader.read(self._lines)
        if not reader.records:
            raise SeedFileError("file holds only whitespace — add text or remove it")
        if not reader.documents:
            raise SeedFileError(f"no usable records ({reader.records} lines, all skipped) — see the lines reported",
                                reader.problems())


def read_seed_file(path: Path, root: Path) -> tuple[list[Document], list[SkippedFile]]:
    """The documents of one seed file and its per-record problems.

    Raises SeedFileError (one line: what is wrong and what to do) when the whole file is unusable.
    """
    stream = SeedStream(path, root)
    documents = [item for item in stream if isinstance(item, Document)]
    return documents, stream.problems


def _read_whole(path: Path, relative: str) -> tuple[list[Document], list[SkippedFile]]:
    suffix = path.suffix.lower()
    text = decode(read_bytes(path))
    if suffix == ".md":
        return read_markdown(text, relative)
    if suffix == ".txt":
        return read_txt(text, relative), []
    if suffix in (".html", ".htm"):
        from search.ingest.html import read_html  # loads trafilatura: only when there is a page

        return read_html(text, relative), []
    raise SeedFileError(f"unsupported file type '{path.suffix}' — use .txt, .md, .jsonl or .html")

"""Read one seed file into Documents, by its extension; whole-file problems raise SeedFileError."""

from __future__ import annotations

from pathlib import Path

from search.errors import SeedFileError
from search.ingest.decode import decode, read_bytes
from search.ingest.document import Document
from search.ingest.files import relative_path
from search.ingest.jsonl import read_jsonl
from search.ingest.markdown import read_markdown
from search.ingest.txt import read_txt
from search.models import SkippedFile


def read_seed_file(path: Path, root: Path) -> tuple[list[Document], list[SkippedFile]]:
    """The documents of one seed file and its per-record problems.

    Raises SeedFileError (one line: what is wrong and what to do) when the whole file is unusable.
    """
    path = Path(path)
    relative = relative_path(path, root)
    suffix = path.suffix.lower()
    text = decode(read_bytes(path), nfc=suffix != ".jsonl")
    if suffix == ".jsonl":
        documents, problems, records = read_jsonl(text, relative)
        if not documents:
            raise SeedFileError(f"no usable records ({records} lines, all skipped) — see the lines reported",
                                problems)
        return documents, problems
    if suffix == ".md":
        return read_markdown(text, relative)
    if suffix == ".txt":
        return read_txt(text, relative), []
    if suffix in (".html", ".htm"):
        from search.ingest.html import read_html  # loads trafilatura: only when there is a page

        return read_html(text, relative), []
    raise SeedFileError(f"unsupported file type '{path.suffix}' — use .txt, .md, .jsonl or .html")

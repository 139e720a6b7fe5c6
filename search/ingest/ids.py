"""Stable, readable document ids: the seed file's relative path, plus the record's own id, plus ``#lang``."""

from __future__ import annotations

import hashlib
import re

from unidecode import unidecode

from search.ingest.decode import is_unicode

_NOT_SLUG = re.compile(r"[^a-z0-9_.-]+")
_SAFE_PATH = re.compile(r"[a-z0-9_.-]+(?:/[a-z0-9_.-]+)*")
_HASH_CHARS = 6
MAX_RECORD_ID_CHARS = 200


def path_slug(relative: str) -> str:
    """``news/story.txt`` stays ``news/story.txt``; ``Noticias/Día 1.txt`` -> ``noticias/dia-1-9fc414.txt``.

    The extension is kept, so ``story.txt`` and ``story.md`` never share an id. A path that had to be
    changed (case, accents, spaces, symbols) gets a short hash of the exact path before its extension:
    two names that fold to the same slug (``Día.txt``, ``dia.txt``) still get different ids, and the
    id depends on that file's path alone, so it is the same on every rebuild and update.
    """
    if _SAFE_PATH.fullmatch(relative) and ".." not in relative.split("/"):
        return relative
    parts = [_NOT_SLUG.sub("-", unidecode(part).lower()).strip("-.") for part in relative.split("/")]
    parts = [part for part in parts if part] or ["file"]
    digest = hashlib.sha1(relative.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARS]
    stem, dot, ext = parts[-1].rpartition(".")
    parts[-1] = f"{stem}-{digest}.{ext}" if dot and stem else f"{parts[-1]}-{digest}"
    return "/".join(parts)


def document_id(group: str, lang: str) -> str:
    """The id of one language version: ``<group>#<lang>``."""
    return f"{group}#{lang}"


def record_group(file_slug: str, record_id: str) -> str:
    """The group of one .jsonl record: ``<file slug>/<record id>``."""
    return f"{file_slug}/{record_id}"


def record_id_problem(record_id: str) -> str | None:
    """Why a record's own id cannot be part of a document id, or None when it can."""
    if len(record_id) > MAX_RECORD_ID_CHARS:
        return f"id is {len(record_id)} characters long, over {MAX_RECORD_ID_CHARS}"
    if not is_unicode(record_id):
        return "id holds a lone surrogate (\\ud800-\\udfff), which is not text"
    if not record_id.isprintable():
        return "id holds control characters (such as a newline)"
    return None


def own_record_id(doc_id: str, relative: str) -> str:
    """The record's own id inside a .jsonl document id (``feed.jsonl/7#en`` -> ``7``)."""
    prefix = f"{path_slug(relative)}/"
    inner = doc_id.rsplit("#", 1)[0]
    return inner[len(prefix):] if inner.startswith(prefix) else inner

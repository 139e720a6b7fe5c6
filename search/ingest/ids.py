"""Stable, readable document ids made from a seed file's relative path."""

from __future__ import annotations

import hashlib
import re

from unidecode import unidecode

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def path_slug(relative: str) -> str:
    """``News/Día 1.txt`` -> ``news/dia-1``: lowercase ASCII, '-' for other runs, '/' kept."""
    stem = relative.rsplit(".", 1)[0] if "." in relative.rsplit("/", 1)[-1] else relative
    parts = [_NOT_SLUG.sub("-", unidecode(part).lower()).strip("-") for part in stem.split("/")]
    slug = "/".join(part for part in parts if part)
    if not slug or any(not part for part in parts):
        # Nothing readable left (e.g. a name of only symbols): fall back on a hash of the path.
        digest = hashlib.sha1(relative.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        slug = "/".join([*(part for part in parts if part), f"file-{digest}"])
    return slug


def document_id(group: str, lang: str) -> str:
    """The id of one language version: ``<group>#<lang>``."""
    return f"{group}#{lang}"
